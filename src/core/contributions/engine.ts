/**
 * Prices BPJS Ketenagakerjaan contributions month by month from the schedules in force each month.
 * Pure: no I/O, no clock, no floating point. Every share of every component is rounded half-up to a
 * whole rupiah; every sum is a sum of rounded parts (domain-rules §1).
 */
import { type Message, type Problem, problem } from '../message.ts';
import { formatRupiah, type Rupiah, roundHalfUp } from '../money.ts';
import { type Period, parsePeriod, periodIndex, periodRange, periodWithin } from '../period.ts';
import {
  CONTRIBUTION_RULES,
  type ComponentRule,
  type ContributionRules,
  type DiscountSchedule,
  FUNDING_SOURCES,
  type FundingSource,
  type IncomeBracketList,
  type JpWageCap,
  PROGRAMMES,
  type Programme,
  type RateSchedule,
  RISK_CLASS_LABELS,
  RISK_CLASSES,
  type RiskClass,
  SCHEMES,
  type Scheme,
  SECTORS,
  type Sector,
  type Split,
} from './schedules.ts';

/** A rule the input broke; the edges turn it into their own error (HTTP 400, exit code 2). */
export class ContributionError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.message.en);
    this.name = 'ContributionError';
    this.problem = problem;
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Sponsors prepay at most a year at a time; ten years bounds any quote a person would ask for. */
export const MAX_MONTHS = 120;
/** Far above any real wage, and low enough that 120 months of it stay a safe integer. */
const MAX_AMOUNT: Rupiah = 1_000_000_000_000;

export interface ContributionInput {
  scheme: Scheme;
  /** BPU: the declared monthly income, one of the regulated brackets. */
  income?: Rupiah;
  /** PU: the monthly wage (or a fixed base a programme computes on, as Kota Sorong does). */
  wage?: Rupiah;
  /** PU: needed when JKK is priced. */
  riskClass?: RiskClass;
  /** Defaults to the scheme's default programmes (BPU: JKK + JKM; PU: all four). */
  programmes?: readonly Programme[];
  /** Defaults to `individual`. */
  funding?: FundingSource;
  sector?: Sector;
}

export interface ContributionMonthInput extends ContributionInput {
  period: Period;
}

export type Components = Partial<Record<Programme, Rupiah>>;

export interface AppliedDiscount {
  id: string;
  label: string;
  legalBasis: string;
  /** The priced programmes it reduced. */
  programmes: Programme[];
  percentOff: number;
  /** Rupiah taken off this month's amount. */
  reduction: Rupiah;
}

export interface MonthPrice {
  period: Period;
  amount: Rupiah;
  components: Components;
  /** The short citations of the rates and discounts used, e.g. `PP 44/2015 + PP 50/2025 (-50% JKK, JKM)`. */
  schedule: string;
  /** Who pays `amount`. For BPU `employer` is 0: the participant's side carries it all, sponsor or not. */
  shares: Split;
  discounts: AppliedDiscount[];
  /** Present when JP is priced: the wage JP was computed on, after the cap. */
  jpWage?: Rupiah;
}

export interface PremiumQuote {
  scheme: Scheme;
  from: Period;
  months: number;
  total: Rupiah;
  /** The first month's amount and components: later months may differ as schedules change. */
  monthly: Rupiah;
  components: Components;
  perMonth: MonthPrice[];
}

const PROGRAMME_NAMES: Record<Programme, string> = { jkk: 'JKK', jkm: 'JKM', jht: 'JHT', jp: 'JP' };

const SCHEME_NAMES: Record<Scheme, Message> = {
  bpu: { id: 'BPU (bukan penerima upah)', en: 'BPU (non-wage)' },
  pu: { id: 'PU (penerima upah)', en: 'PU (wage earner)' },
};

const AMOUNT_FIELDS = {
  income: { id: 'Penghasilan (income)', en: 'Income' },
  wage: { id: 'Upah (wage)', en: 'Wage' },
} satisfies Record<string, Message>;
type AmountField = keyof typeof AMOUNT_FIELDS;

function fail(code: string, id: string, en: string): never {
  throw new ContributionError(problem(code, id, en));
}

function oneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function checkAmount(field: AmountField, value: number): void {
  const name = AMOUNT_FIELDS[field];
  if (!Number.isSafeInteger(value) || value > MAX_AMOUNT) {
    fail(
      'INVALID_AMOUNT',
      `${name.id} harus bilangan bulat rupiah tidak lebih dari ${formatRupiah(MAX_AMOUNT)}; ${value} tidak sah.`,
      `${name.en} must be a whole number of rupiah no larger than ${formatRupiah(MAX_AMOUNT)}; ${value} is not valid.`,
    );
  }
  if (value <= 0) {
    fail(
      'AMOUNT_NOT_POSITIVE',
      `${name.id} harus lebih dari 0; ${value} tidak sah.`,
      `${name.en} must be more than 0; ${value} is not valid.`,
    );
  }
}

function checkOptionNotForScheme(present: boolean, option: string, scheme: Scheme): void {
  if (!present) return;
  fail(
    'OPTION_NOT_FOR_SCHEME',
    `Pilihan ${option} tidak berlaku untuk skema ${SCHEME_NAMES[scheme].id}.`,
    `Option ${option} does not apply to the ${SCHEME_NAMES[scheme].en} scheme.`,
  );
}

function checkScheme(scheme: string): asserts scheme is Scheme {
  if (oneOf(SCHEMES, scheme)) return;
  fail(
    'UNKNOWN_SCHEME',
    `Skema "${scheme}" tidak dikenal: gunakan ${SCHEMES.join(' atau ')}.`,
    `Unknown scheme "${scheme}": use ${SCHEMES.join(' or ')}.`,
  );
}

/** The checks that do not depend on the month, before any schedule is read. */
function checkInput(input: ContributionInput): void {
  checkScheme(input.scheme);
  if (input.scheme === 'bpu') {
    checkOptionNotForScheme(input.wage !== undefined, 'wage', 'bpu');
    checkOptionNotForScheme(input.riskClass !== undefined, 'risk', 'bpu');
    if (input.income === undefined) {
      fail(
        'MISSING_INCOME',
        'Untuk skema BPU, sebutkan penghasilan yang dilaporkan (income), misalnya 1000000.',
        'For the BPU scheme, give the declared income (income), for example 1000000.',
      );
    }
    checkAmount('income', input.income);
  } else {
    checkOptionNotForScheme(input.income !== undefined, 'income', 'pu');
    if (input.wage === undefined) {
      fail(
        'MISSING_WAGE',
        'Untuk skema PU, sebutkan upah sebulan (wage), misalnya 3282000.',
        'For the PU scheme, give the monthly wage (wage), for example 3282000.',
      );
    }
    checkAmount('wage', input.wage);
  }
  if (input.riskClass !== undefined && !oneOf(RISK_CLASSES, input.riskClass)) {
    fail(
      'UNKNOWN_RISK_CLASS',
      `Kelas risiko "${input.riskClass}" tidak dikenal: gunakan ${RISK_CLASSES.join(', ')}.`,
      `Unknown risk class "${input.riskClass}": use ${RISK_CLASSES.join(', ')}.`,
    );
  }
  if (input.funding !== undefined && !oneOf(FUNDING_SOURCES, input.funding)) {
    fail(
      'UNKNOWN_FUNDING',
      `Sumber dana "${input.funding}" tidak dikenal: gunakan ${FUNDING_SOURCES.join(', ')}.`,
      `Unknown funding source "${input.funding}": use ${FUNDING_SOURCES.join(', ')}.`,
    );
  }
  if (input.sector !== undefined && !oneOf(SECTORS, input.sector)) {
    fail(
      'UNKNOWN_SECTOR',
      `Sektor "${input.sector}" tidak dikenal: gunakan ${SECTORS.join(', ')}, atau kosongkan untuk sektor lain.`,
      `Unknown sector "${input.sector}": use ${SECTORS.join(', ')}, or leave it out for any other sector.`,
    );
  }
  if (input.programmes !== undefined) {
    if (input.programmes.length === 0) {
      fail(
        'NO_PROGRAMMES',
        `Sebutkan paling sedikit satu program: ${PROGRAMMES.join(', ')}.`,
        `Name at least one programme: ${PROGRAMMES.join(', ')}.`,
      );
    }
    for (const programme of input.programmes) {
      if (!oneOf(PROGRAMMES, programme)) {
        fail(
          'UNKNOWN_PROGRAMME',
          `Program "${programme}" tidak dikenal: gunakan ${PROGRAMMES.join(', ')}.`,
          `Unknown programme "${programme}": use ${PROGRAMMES.join(', ')}.`,
        );
      }
    }
  }
}

function inForce<T extends { effectiveFrom: Period; effectiveTo?: Period }>(
  entries: readonly T[],
  period: Period,
): T | undefined {
  return entries.find((entry) => periodWithin(period, entry.effectiveFrom, entry.effectiveTo));
}

function noScheduleProblem(
  entries: readonly { effectiveFrom: Period }[],
  what: Message,
  period: Period,
): never {
  const first = entries
    .map((entry) => entry.effectiveFrom)
    .sort((a, b) => periodIndex(a) - periodIndex(b))[0];
  fail(
    'NO_SCHEDULE_FOR_PERIOD',
    `Asuh tidak memegang aturan ${what.id} untuk bulan ${period}; aturan yang dipegang berlaku mulai ${first}.`,
    `Asuh holds no ${what.en} rules for ${period}; the rules it holds apply from ${first}.`,
  );
}

function rateScheduleAt(rules: ContributionRules, scheme: Scheme, period: Period): RateSchedule {
  const ofScheme = rules.rates.filter((schedule) => schedule.scheme === scheme);
  const schedule = inForce(ofScheme, period);
  if (!schedule) {
    noScheduleProblem(
      ofScheme,
      { id: `iuran ${SCHEME_NAMES[scheme].id}`, en: `${SCHEME_NAMES[scheme].en} contribution` },
      period,
    );
  }
  return schedule;
}

function bracketListAt(rules: ContributionRules, period: Period): IncomeBracketList {
  const list = inForce(rules.bpuIncomeBrackets, period);
  if (!list) {
    noScheduleProblem(
      rules.bpuIncomeBrackets,
      { id: 'daftar penghasilan BPU', en: 'BPU declared-income list' },
      period,
    );
  }
  return list;
}

function checkBracket(list: IncomeBracketList, income: Rupiah, period: Period): void {
  if (list.incomes.includes(income)) return;
  const below = list.incomes.filter((value) => value < income).at(-1);
  const above = list.incomes.find((value) => value > income);
  const nearestId = [
    below === undefined ? undefined : `${formatRupiah(below)} (di bawahnya)`,
    above === undefined ? undefined : `${formatRupiah(above)} (di atasnya)`,
  ].filter((part) => part !== undefined);
  const nearestEn = [
    below === undefined ? undefined : `${formatRupiah(below)} below`,
    above === undefined ? undefined : `${formatRupiah(above)} above`,
  ].filter((part) => part !== undefined);
  const held = list.incomes.map(formatRupiah).join(', ');
  const partial = list.verify
    ? {
        id: ` Daftar yang dipegang Asuh belum lengkap (${list.legalBasis}); sampai lampirannya dimasukkan, hanya nilai ini yang diterima: ${held}.`,
        en: ` The list Asuh holds is incomplete (${list.legalBasis}); until the annex is entered, only these values are accepted: ${held}.`,
      }
    : { id: ` Nilai yang sah: ${held}.`, en: ` Valid values: ${held}.` };
  fail(
    'INCOME_NOT_A_BRACKET',
    `Penghasilan ${formatRupiah(income)} tidak ada dalam daftar penghasilan BPU yang berlaku ${period}. ` +
      `Terdekat: ${nearestId.join(' dan ')}.${partial.id}`,
    `Income ${formatRupiah(income)} is not in the BPU declared-income list in force in ${period}. ` +
      `Nearest: ${nearestEn.join(' and ')}.${partial.en}`,
  );
}

/** The last cap that started on or before `period`: a cap stays in force until a new one is added. */
function latestJpWageCap(rules: ContributionRules, period: Period): JpWageCap | undefined {
  return rules.jpWageCaps.filter((entry) => periodIndex(entry.effectiveFrom) <= periodIndex(period)).at(-1);
}

function jpWageCapAt(rules: ContributionRules, period: Period): JpWageCap {
  const cap = latestJpWageCap(rules, period);
  if (!cap) {
    const first = rules.jpWageCaps[0]?.effectiveFrom;
    fail(
      'JP_CAP_MISSING',
      `Asuh tidak memegang batas upah JP untuk bulan ${period} (batas pertama yang dipegang berlaku mulai ${first}); ` +
        'pilih bulan yang lebih baru atau hitung tanpa JP.',
      `Asuh holds no JP wage cap for ${period} (the first cap it holds applies from ${first}); ` +
        'choose a later month or leave JP out.',
    );
  }
  return cap;
}

function resolveProgrammes(input: ContributionInput, rates: RateSchedule): Programme[] {
  const asked = input.programmes ?? rates.defaultProgrammes;
  for (const programme of asked) {
    if (!rates.components[programme]) {
      fail(
        'PROGRAMME_NOT_IN_SCHEME',
        `Program ${PROGRAMME_NAMES[programme]} tidak tersedia untuk skema ${SCHEME_NAMES[input.scheme].id}.`,
        `Programme ${PROGRAMME_NAMES[programme]} is not available to the ${SCHEME_NAMES[input.scheme].en} scheme.`,
      );
    }
  }
  if (rates.requiredProgrammes.some((programme) => !asked.includes(programme))) {
    const names = rates.requiredProgrammes.map((programme) => PROGRAMME_NAMES[programme]).join(' + ');
    fail(
      'REQUIRED_PROGRAMME_MISSING',
      `Peserta ${SCHEME_NAMES[input.scheme].id} wajib ikut ${names}.`,
      `${SCHEME_NAMES[input.scheme].en} participants must join ${names}.`,
    );
  }
  return PROGRAMMES.filter((programme) => asked.includes(programme));
}

const percentOf = (base: Rupiah, basisPoints: number): Rupiah =>
  roundHalfUp(BigInt(base) * BigInt(basisPoints), 10_000n);

function fullShares(rule: ComponentRule, base: Rupiah, riskClass: RiskClass | undefined): Split {
  switch (rule.kind) {
    case 'percent':
      return {
        employer: percentOf(base, rule.basisPoints.employer),
        worker: percentOf(base, rule.basisPoints.worker),
      };
    case 'percent-by-risk-class': {
      if (riskClass === undefined) {
        fail(
          'MISSING_RISK_CLASS',
          `Iuran JKK penerima upah bergantung pada kelas risiko (risk): sebutkan salah satu dari ${RISK_CLASSES.join(', ')}.`,
          `The wage earner's JKK depends on the risk class (risk): give one of ${RISK_CLASSES.join(', ')}.`,
        );
      }
      return { employer: percentOf(base, rule.basisPoints[riskClass]), worker: 0 };
    }
    case 'flat':
      return { ...rule.rupiah };
  }
}

function discountApplies(
  discount: DiscountSchedule,
  input: ContributionMonthInput,
  programmes: readonly Programme[],
): boolean {
  const sector = input.sector;
  return (
    periodWithin(input.period, discount.effectiveFrom, discount.effectiveTo) &&
    discount.schemes.includes(input.scheme) &&
    discount.programmes.some((programme) => programmes.includes(programme)) &&
    (discount.onlySectors === undefined || (sector !== undefined && discount.onlySectors.includes(sector))) &&
    !(sector !== undefined && discount.exceptSectors?.includes(sector)) &&
    !discount.excludedFunding?.includes(input.funding ?? 'individual')
  );
}

const reduce = (amount: Rupiah, percentOff: number): Rupiah =>
  roundHalfUp(BigInt(amount) * BigInt(100 - percentOff), 100n);

/** Prices one contribution month for one participant by the schedules in force that month. */
export function priceMonth(
  input: ContributionMonthInput,
  rules: ContributionRules = CONTRIBUTION_RULES,
): MonthPrice {
  checkInput(input);
  const parsed = parsePeriod(input.period);
  if (!parsed.ok) throw new ContributionError(parsed.problem);
  const { period } = parsed;
  const rates = rateScheduleAt(rules, input.scheme, period);
  const programmes = resolveProgrammes(input, rates);
  const base = (input.scheme === 'bpu' ? input.income : input.wage) as Rupiah;
  if (input.scheme === 'bpu') checkBracket(bracketListAt(rules, period), base, period);

  let jpWage: Rupiah | undefined;
  const shares = new Map<Programme, Split>();
  for (const programme of programmes) {
    const rule = rates.components[programme] as ComponentRule;
    let programmeBase = base;
    if (rule.kind === 'percent' && rule.cappedAtJpWage) {
      programmeBase = Math.min(base, jpWageCapAt(rules, period).rupiah);
      jpWage = programmeBase;
    }
    shares.set(programme, fullShares(rule, programmeBase, input.riskClass));
  }

  const discounts: AppliedDiscount[] = [];
  for (const discount of rules.discounts) {
    if (!discountApplies(discount, input, programmes)) continue;
    const affected = programmes.filter((programme) => discount.programmes.includes(programme));
    let reduction = 0;
    for (const programme of affected) {
      const before = shares.get(programme) as Split;
      const after = {
        employer: reduce(before.employer, discount.percentOff),
        worker: reduce(before.worker, discount.percentOff),
      };
      reduction += before.employer + before.worker - after.employer - after.worker;
      shares.set(programme, after);
    }
    discounts.push({
      id: discount.id,
      label: discount.label,
      legalBasis: discount.legalBasis,
      programmes: affected,
      percentOff: discount.percentOff,
      reduction,
    });
  }

  const components: Components = {};
  const total: Split = { employer: 0, worker: 0 };
  for (const [programme, split] of shares) {
    components[programme] = split.employer + split.worker;
    total.employer += split.employer;
    total.worker += split.worker;
  }
  const sources = [
    ...new Set(programmes.map((programme) => (rates.components[programme] as ComponentRule).source)),
  ];
  const discountParts = discounts.map(
    (discount) =>
      `${discount.label} (-${discount.percentOff}% ${discount.programmes.map((p) => PROGRAMME_NAMES[p]).join(', ')})`,
  );
  return {
    period,
    amount: total.employer + total.worker,
    components,
    schedule: [...sources, ...discountParts].join(' + '),
    shares: total,
    discounts,
    ...(jpWage === undefined ? {} : { jpWage }),
  };
}

/** Prices `months` consecutive months from `from`, each by the schedules in force that month. */
export function priceMonths(
  input: ContributionInput,
  from: Period,
  months: number,
  rules: ContributionRules = CONTRIBUTION_RULES,
): PremiumQuote {
  const start = parsePeriod(from);
  if (!start.ok) throw new ContributionError(start.problem);
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
    fail(
      'INVALID_MONTHS',
      `Jumlah bulan harus bilangan bulat 1 sampai ${MAX_MONTHS}; ${months} tidak sah.`,
      `The number of months must be a whole number from 1 to ${MAX_MONTHS}; ${months} is not valid.`,
    );
  }
  const perMonth = periodRange(from, months).map((period) => priceMonth({ ...input, period }, rules));
  const first = perMonth[0] as MonthPrice;
  return {
    scheme: input.scheme,
    from,
    months,
    total: perMonth.reduce((sum, month) => sum + month.amount, 0),
    monthly: first.amount,
    components: { ...first.components },
    perMonth,
  };
}

/** What a calculator may offer for `period`: the values its dropdowns hold. */
export interface ContributionOptions {
  period: Period;
  /** BPU declared incomes accepted that month. */
  brackets: Rupiah[];
  riskClasses: { id: RiskClass; rateBasisPoints: number; label: Message }[];
  fundingSources: FundingSource[];
  sectors: Sector[];
  /** The JP wage cap in force, or null where Asuh holds none. */
  jpWageCap: Rupiah | null;
  /** The discounts whose month range includes `period`, with their conditions. */
  discounts: DiscountSchedule[];
}

export function contributionOptionsAt(
  period: Period,
  rules: ContributionRules = CONTRIBUTION_RULES,
): ContributionOptions {
  const pu = rateScheduleAt(rules, 'pu', period).components.jkk;
  const riskRates = pu?.kind === 'percent-by-risk-class' ? pu.basisPoints : undefined;
  return {
    period,
    brackets: [...bracketListAt(rules, period).incomes],
    riskClasses: riskRates
      ? RISK_CLASSES.map((id) => ({ id, rateBasisPoints: riskRates[id], label: RISK_CLASS_LABELS[id] }))
      : [],
    fundingSources: [...FUNDING_SOURCES],
    sectors: [...SECTORS],
    jpWageCap: latestJpWageCap(rules, period)?.rupiah ?? null,
    discounts: rules.discounts.filter((discount) =>
      periodWithin(period, discount.effectiveFrom, discount.effectiveTo),
    ),
  };
}

/**
 * The options as the CLI and HTTP receive them, all strings. Amounts may carry thousands dots
 * ("1.000.000"); `programmes` is a comma list; `jht` is a flag (BPU: add JHT).
 */
export interface RawPremiumQuery {
  scheme?: string;
  income?: string;
  wage?: string;
  risk?: string;
  programmes?: string;
  jht?: string | boolean;
  funding?: string;
  sector?: string;
  from?: string;
  months?: string;
}

export interface PremiumRequest {
  input: ContributionInput;
  from: Period;
  months: number;
}

const AMOUNT_PATTERN = /^-?(\d+|\d{1,3}(\.\d{3})+)$/;

function parseAmount(field: AmountField, text: string): Rupiah {
  const name = AMOUNT_FIELDS[field];
  if (!AMOUNT_PATTERN.test(text.trim())) {
    fail(
      'INVALID_AMOUNT',
      `${name.id} "${text}" bukan angka rupiah: tulis angka saja, boleh dengan titik ribuan (1.000.000).`,
      `${name.en} "${text}" is not a rupiah amount: write digits only, optionally with thousands dots (1.000.000).`,
    );
  }
  const value = Number(text.trim().replaceAll('.', ''));
  checkAmount(field, value);
  return value;
}

function parseMonths(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_MONTHS) {
    fail(
      'INVALID_MONTHS',
      `Jumlah bulan (months) harus bilangan bulat 1 sampai ${MAX_MONTHS}; "${text}" tidak sah.`,
      `The number of months (months) must be a whole number from 1 to ${MAX_MONTHS}; "${text}" is not valid.`,
    );
  }
  return value;
}

function parseFlag(text: string | boolean): boolean {
  if (typeof text === 'boolean') return text;
  const value = text.trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  fail(
    'INVALID_FLAG',
    `Nilai jht "${text}" tidak sah: gunakan true atau false.`,
    `The jht value "${text}" is not valid: use true or false.`,
  );
}

const word = (text: string | undefined) => text?.trim().toLowerCase();

/**
 * Turns raw CLI flags or query parameters into a checked request: the one validation both edges
 * share, so a bad value reads the same in a terminal and in the browser. Rules that depend on the
 * month (the income list, the JP cap, the first schedule) are checked when the months are priced.
 */
export function parsePremiumQuery(raw: RawPremiumQuery, defaultFrom: Period): Checked<PremiumRequest> {
  try {
    const scheme = word(raw.scheme) ?? 'bpu';
    checkScheme(scheme);
    const jht = raw.jht === undefined ? false : parseFlag(raw.jht);
    if (jht && scheme === 'pu') {
      fail(
        'OPTION_NOT_FOR_SCHEME',
        'Pilihan jht hanya untuk skema BPU; untuk PU sebutkan program (programmes), misalnya jkk,jkm,jht.',
        'The jht option is for the BPU scheme only; for PU name the programmes (programmes), e.g. jkk,jkm,jht.',
      );
    }
    const named = raw.programmes
      ?.split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part !== '') as Programme[] | undefined;
    const programmes = jht ? [...new Set([...(named ?? ['jkk', 'jkm']), 'jht' as const])] : named;
    const input: ContributionInput = {
      scheme,
      ...(raw.income === undefined ? {} : { income: parseAmount('income', raw.income) }),
      ...(raw.wage === undefined ? {} : { wage: parseAmount('wage', raw.wage) }),
      ...(raw.risk === undefined ? {} : { riskClass: word(raw.risk) as RiskClass }),
      ...(programmes === undefined ? {} : { programmes }),
      funding: (word(raw.funding) ?? 'individual') as FundingSource,
      ...(raw.sector === undefined ? {} : { sector: word(raw.sector) as Sector }),
    };
    checkInput(input);
    const from =
      raw.from === undefined ? { ok: true as const, period: defaultFrom } : parsePeriod(raw.from.trim());
    if (!from.ok) return { ok: false, problem: from.problem };
    const months = raw.months === undefined ? 1 : parseMonths(raw.months);
    return { ok: true, value: { input, from: from.period, months } };
  } catch (error) {
    if (error instanceof ContributionError) return { ok: false, problem: error.problem };
    throw error;
  }
}
