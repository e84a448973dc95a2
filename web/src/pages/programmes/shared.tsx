import { type ReactNode, useId } from 'react';
import type { ProgrammePolicy } from '../../../../src/core/programme-policy.ts';
import { useLoad } from '../../components/load.tsx';
import { formatRupiah, thisMonth } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';

export type Dictionary = ReturnType<typeof useI18n>['t'];

export const letterName = (policy: Pick<ProgrammePolicy, 'circularLetter'>, t: Dictionary) =>
  policy.circularLetter.number ?? policy.circularLetter.title ?? t.progNumberUnknown;

/** The BPU incomes the engine accepts this month, for a select: a bracket, never a typed amount. */
export function useBrackets() {
  const api = useApi();
  const { language } = useI18n();
  const month = thisMonth();
  return useLoad(
    `${month} ${language}`,
    async (signal) => (await api.premiumOptions(month, signal)).brackets,
  );
}

/** The declared income to choose: the brackets once loaded, until then the one already chosen. */
export function IncomeField({
  brackets,
  value,
  onChange,
}: {
  brackets: readonly number[] | null;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t.progIncomeLabel}
      value={value}
      onChange={onChange}
      options={(brackets ?? [Number(value)]).map((bracket) => [String(bracket), formatRupiah(bracket)])}
    />
  );
}

/** JKK and JKM always; JHT only when the sponsor also pays for old-age savings. */
export const coveredProgrammes = (jht: boolean): ('jkk' | 'jkm' | 'jht')[] =>
  jht ? ['jkk', 'jkm', 'jht'] : ['jkk', 'jkm'];

/** The OPDs of a Pemda by id, to name those a phase lists. */
export function useOpdNames(pemdaCode: string | undefined) {
  const api = useApi();
  const { language } = useI18n();
  const opds = useLoad(pemdaCode ? `${pemdaCode} ${language}` : null, async (signal) =>
    pemdaCode ? (await api.opds(pemdaCode, signal)).items : [],
  );
  return opds;
}

export function Check({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{children}</span>
    </label>
  );
}

export function TextField({
  label,
  value,
  onChange,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'number';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        {...(type === 'number' ? { min: 0, step: 1, inputMode: 'numeric' as const } : {})}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

export function SelectField({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
