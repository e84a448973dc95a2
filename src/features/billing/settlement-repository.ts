/**
 * Payment money reaching contributions and bills. Payments allocate a million lines in ONE
 * statement (no loop, see payments/payment-allocation-sql.ts), so what billing writes of it is
 * not a statement of its own but the CTEs this statement ends with, run in the same statement
 * and transaction; billing keeps the SQL that moves its counters.
 *
 * The CTEs read `alloc` (line_id, contribution_id, bill_id, paid_at, amount): what each line
 * pays each contribution; and `settled` (bill_id, credit): the surplus each line leaves as
 * credit on its bill. A contribution is paid when its last rupiah comes, and its `paid_at` is
 * that latest payment among those that paid it; a bill counts what was paid to it, credit
 * included, and what was reconciled against its contributions.
 */
export function settlementSql(): string {
  return `
    paid AS (
      UPDATE contribution c
         SET paid_amount = c.paid_amount + a.amount,
             status = CASE WHEN c.paid_amount + a.amount = c.amount THEN 'paid' ELSE c.status END,
             paid_at = CASE
               WHEN c.paid_amount + a.amount < c.amount THEN c.paid_at
               WHEN c.paid_amount = 0 THEN a.paid_at
               ELSE greatest(a.paid_at, (SELECT max(pl.paid_at) FROM payment_allocation pa
                                           JOIN payment_line pl ON pl.id = pa.line_id
                                          WHERE pa.contribution_id = c.id))
             END
        -- In the table's order: a million updates then walk the heap and the indexes once,
        -- instead of jumping between pages no longer in memory.
        FROM (SELECT contribution_id, sum(amount) AS amount, max(paid_at) AS paid_at
                FROM alloc GROUP BY contribution_id ORDER BY contribution_id) a
       WHERE c.id = a.contribution_id
    ),
    bill_move AS (
      SELECT bill_id, sum(paid) AS paid, sum(reconciled) AS reconciled
        FROM (SELECT bill_id, amount AS paid, amount AS reconciled FROM alloc
              UNION ALL
              SELECT bill_id, credit, 0 FROM settled WHERE credit > 0 AND bill_id IS NOT NULL) m
       GROUP BY bill_id
    ),
    billed AS (
      UPDATE bill b
         SET paid_amount = b.paid_amount + m.paid, reconciled_amount = b.reconciled_amount + m.reconciled
        FROM bill_move m
       WHERE b.id = m.bill_id
    )`;
}
