import type { PaymentKind } from '../../core/payment-files.ts';
import type { AllocationGroup } from './payment-allocation-sql.ts';

/** The lines of this import not yet known: a file's repeat of a line counts once, its first row. */
export const NEW_STAGED_LINES = `
    s AS MATERIALIZED (
      SELECT st.* FROM payment_stage st
       WHERE st.import_id = $1
         AND st.row_number IN (SELECT min(row_number) FROM payment_stage WHERE import_id = $1 GROUP BY line_key)
         AND NOT EXISTS (SELECT 1 FROM payment_line p
                          WHERE p.pemda_code = $2 AND p.kind = $3 AND p.line_key = st.line_key)
    )`;

const NEXT_LINE_ID = `nextval(pg_get_serial_sequence('payment_line', 'id'))`;
export const BILL_DIGITS = `regexp_replace(b.reference, '[^0-9]', '', 'g')`;

/**
 * Per kind of file: `matched`, the new lines with a line id, how each was matched (the bill and
 * the target columns of its group) or why not (`unmatched_code`).
 */
export const MATCHING: Record<PaymentKind, { group: AllocationGroup; sql: string }> = {
  // The reference in the description, else the VA number: its last digits, as many as a bill
  // reference of this Pemda has (`$4`), longest first.
  bank: {
    group: 'bill',
    sql: `
    matched AS MATERIALIZED (
      SELECT s.*, ${NEXT_LINE_ID} AS id, coalesce(r.id, v.id) AS bill_id,
             CASE WHEN coalesce(r.id, v.id) IS NOT NULL THEN 'reference' END AS method,
             NULL::text AS target_nip, NULL::text AS target_nik, NULL::date AS target_period,
             CASE WHEN coalesce(r.id, v.id) IS NULL THEN
               CASE WHEN s.reference_digits IS NULL AND s.va_digits IS NULL THEN 'NO_REFERENCE'
                    ELSE 'REFERENCE_UNKNOWN' END
             END AS unmatched_code
        FROM s
        LEFT JOIN bill r ON r.pemda_code = $2 AND regexp_replace(r.reference, '[^0-9]', '', 'g') = s.reference_digits
        LEFT JOIN LATERAL (
          SELECT b.id FROM unnest($4::int4[]) AS n (digits)
            JOIN bill b ON b.pemda_code = $2 AND ${BILL_DIGITS} = right(s.va_digits, n.digits)
           WHERE r.id IS NULL AND s.va_digits IS NOT NULL
           ORDER BY n.digits DESC LIMIT 1
        ) v ON true
    )`,
  },
  // The bill by its reference and the ASN on it; else the bill holding the ASN's contributions
  // of the period.
  payroll: {
    group: 'asn_on_bill',
    sql: `
    on_reference AS MATERIALIZED (
      SELECT s.*, r.id AS reference_bill_id FROM s
        LEFT JOIN bill r ON r.pemda_code = $2 AND regexp_replace(r.reference, '[^0-9]', '', 'g') = s.reference_digits
    ),
    bill_nip AS (
      SELECT DISTINCT c.bill_id, c.sponsor_nip
        FROM (SELECT DISTINCT reference_bill_id FROM on_reference WHERE reference_bill_id IS NOT NULL) rb
        JOIN contribution c ON c.bill_id = rb.reference_bill_id
       WHERE c.sponsor_nip IS NOT NULL
    ),
    on_bill AS MATERIALIZED (
      SELECT x.*, bn.bill_id AS nip_bill_id FROM on_reference x
        LEFT JOIN bill_nip bn ON bn.bill_id = x.reference_bill_id AND bn.sponsor_nip = x.nip
    ),
    nip_month AS (
      SELECT x.row_number, min(c.bill_id) AS bill_id
        FROM on_bill x
        JOIN sponsor sp ON sp.kind = 'asn' AND sp.nip = x.nip
        JOIN contribution c ON c.sponsor_id = sp.id AND c.period = x.period AND c.pemda_code = $2
       WHERE x.nip_bill_id IS NULL AND x.period IS NOT NULL
       GROUP BY x.row_number
    ),
    matched AS MATERIALIZED (
      SELECT x.*, ${NEXT_LINE_ID} AS id, coalesce(x.nip_bill_id, nm.bill_id) AS bill_id,
             CASE WHEN x.nip_bill_id IS NOT NULL THEN 'reference_nip'
                  WHEN nm.bill_id IS NOT NULL THEN 'nip_period' END AS method,
             x.nip AS target_nip, NULL::text AS target_nik, x.period AS target_period,
             CASE WHEN x.nip_bill_id IS NULL AND nm.bill_id IS NULL THEN
               CASE WHEN x.reference_bill_id IS NOT NULL THEN 'NIP_NOT_IN_BILL'
                    WHEN x.reference_digits IS NOT NULL THEN 'REFERENCE_UNKNOWN'
                    ELSE 'NIP_PERIOD_UNKNOWN' END
             END AS unmatched_code
        FROM on_bill x LEFT JOIN nip_month nm ON nm.row_number = x.row_number
    )`,
  },
  // The worker by NIK, or by KPJ when only that is given; then their contribution of the month.
  bpjstk: {
    group: 'worker_month',
    sql: `
    by_worker AS MATERIALIZED (
      SELECT s.*, coalesce(s.nik, k.nik) AS worker_nik FROM s
        LEFT JOIN LATERAL (
          SELECT w.nik FROM worker w WHERE s.nik IS NULL AND w.kpj = s.kpj ORDER BY w.nik LIMIT 1
        ) k ON true
    ),
    worker_month AS (
      SELECT x.row_number, min(c.bill_id) AS bill_id
        FROM by_worker x
        JOIN contribution c ON c.nik = x.worker_nik AND c.period = x.period AND c.pemda_code = $2
       GROUP BY x.row_number
    ),
    matched AS MATERIALIZED (
      SELECT x.*, ${NEXT_LINE_ID} AS id, wm.bill_id,
             CASE WHEN wm.bill_id IS NOT NULL THEN
               CASE WHEN x.nik IS NOT NULL THEN 'nik_period' ELSE 'kpj_period' END
             END AS method,
             NULL::text AS target_nip, x.worker_nik AS target_nik, x.period AS target_period,
             CASE WHEN wm.bill_id IS NULL THEN
               CASE WHEN x.worker_nik IS NULL THEN 'KPJ_UNKNOWN' ELSE 'WORKER_PERIOD_UNKNOWN' END
             END AS unmatched_code
        FROM by_worker x LEFT JOIN worker_month wm ON wm.row_number = x.row_number
    )`,
  },
};
