import type { PremiumOptions, PremiumQuery } from '../../api/types.ts';
import { thisMonth } from '../../format.ts';

export const PROGRAMMES = ['jkk', 'jkm', 'jht', 'jp'] as const;

export const MONTH_PRESETS = [3, 6, 12] as const;

export interface Form {
  scheme: 'bpu' | 'pu';
  income: string;
  jht: boolean;
  wage: string;
  risk: string;
  programmes: Record<(typeof PROGRAMMES)[number], boolean>;
  funding: string;
  sector: string;
  from: string;
  months: string;
}

export const initialForm: Form = {
  scheme: 'bpu',
  income: '',
  jht: false,
  wage: '',
  risk: '',
  // The cover most sponsorship programmes buy: work accident and death.
  programmes: { jkk: true, jkm: true, jht: false, jp: false },
  funding: 'individual',
  sector: '',
  from: thisMonth(),
  months: '12',
};

/**
 * The form as the API's raw query. Nothing is validated here: the server checks the values with
 * the same rules as the CLI and explains a mistake in the user's language.
 */
export function toQuery(form: Form): PremiumQuery {
  const common = {
    from: form.from,
    months: form.months.trim(),
    funding: form.funding || undefined,
    sector: form.sector || undefined,
  };
  if (form.scheme === 'bpu') {
    return { scheme: 'bpu', income: form.income, jht: form.jht ? 'true' : undefined, ...common };
  }
  return {
    scheme: 'pu',
    // The field is labelled "(Rp)", so people type the prefix; the amount is what follows it.
    wage: form.wage.replace(/^\s*rp\.?\s*/i, '').trim(),
    risk: form.risk,
    programmes: PROGRAMMES.filter((programme) => form.programmes[programme]).join(','),
    ...common,
  };
}

/** Keep the user's choices where the new lists still hold them; otherwise the first (lowest) entry. */
export function withDefaults(form: Form, options: PremiumOptions): Form {
  const held = (list: readonly (string | number)[], value: string) => list.map(String).includes(value);
  return {
    ...form,
    income: held(options.brackets, form.income) ? form.income : String(options.brackets[0] ?? ''),
    risk: held(
      options.riskClasses.map((risk) => risk.id),
      form.risk,
    )
      ? form.risk
      : (options.riskClasses[0]?.id ?? ''),
    funding:
      options.fundingSources.length === 0 || held(options.fundingSources, form.funding)
        ? form.funding
        : (orderedFunding(options.fundingSources)[0] ?? ''),
    sector: form.sector === '' || held(options.sectors, form.sector) ? form.sector : '',
  };
}

/** The API lists payers alphabetically; people think of them from the worker outwards. */
export const FUNDING_ORDER = ['individual', 'asn', 'csr', 'apbd', 'apbn'];

export function orderedFunding(sources: readonly string[]): string[] {
  const rank = (source: string) => {
    const position = FUNDING_ORDER.indexOf(source);
    return position === -1 ? FUNDING_ORDER.length : position;
  };
  return [...sources].sort((a, b) => rank(a) - rank(b));
}
