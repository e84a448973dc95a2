import type { EnrolmentBatch } from '../../api/types.ts';
import { useWorkingPemda, zoneOf } from '../../components/pemda.tsx';
import type { Column } from '../../components/tables.tsx';
import { formatCount } from '../../format.ts';
import { type Dictionary, useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';

/**
 * The Pemda the page works for: an administrator's own; for a BPJSTK officer the one chosen in
 * the query string, else the first their branch serves. With its zone, for the times shown.
 */
export function useEnrolmentPemda() {
  const pemda = useWorkingPemda();
  /** The list of a record's Pemda: an officer goes back to the Pemda the record belongs to. */
  const listHref = (pemdaCode: string) => paths.enrolment(pemda.fixed ? undefined : { pemda: pemdaCode });
  return { ...pemda, zoneOf: (pemdaCode: string) => zoneOf(pemda.list.data, pemdaCode), listHref };
}

export type LineCounts = Pick<
  EnrolmentBatch,
  'members' | 'pending' | 'enrolled' | 'active' | 'rejected' | 'activeElsewhere'
>;

/**
 * The last columns of the batch and group tables. Registered counts a line whether or not its
 * membership has started yet; refused counts the workers somebody else already pays for too.
 */
export function lineCountColumns(t: Dictionary): Column[] {
  return [
    { label: t.enrolColLines, numeric: true },
    // enrolCounts is a Record so that Totals can index it by field; this key is always there.
    { label: t.enrolCounts.pending!, numeric: true },
    { label: t.enrolColRegistered, numeric: true },
    { label: t.enrolColRefused, numeric: true },
  ];
}

export function LineCountCells({ counts }: { counts: LineCounts }) {
  const { language } = useI18n();
  const count = (value: number) => formatCount(value, language);
  return (
    <>
      <td className="num">{count(counts.members)}</td>
      <td className="num">{count(counts.pending)}</td>
      <td className="num">{count(counts.enrolled + counts.active)}</td>
      <td className="num">{count(counts.rejected + counts.activeElsewhere)}</td>
    </>
  );
}

/** Counts as the totals boxes show them; a non-zero count that needs attention stands out. */
export function Totals<K extends string>({
  fields,
  values,
  alert,
  testId,
}: {
  fields: readonly K[];
  values: Record<K, number>;
  alert: readonly K[];
  testId: string;
}) {
  const { t, language } = useI18n();
  return (
    <dl className="totals" data-testid={testId}>
      {fields.map((field) => (
        <div
          key={field}
          className={`totals__item${alert.includes(field) && values[field] > 0 ? ' totals__item--alert' : ''}`}
          data-testid={`${testId}-${field}`}
        >
          <dt>{t.enrolCounts[field]}</dt>
          <dd>{formatCount(values[field], language)}</dd>
        </div>
      ))}
    </dl>
  );
}
