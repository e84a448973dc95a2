-- The billing run (issue 5, item 1). A run is one transaction: killed at any point it leaves
-- nothing, and the rerun writes what an uninterrupted run would have. An issued bill never
-- changes: what becomes billable after its payer's bill was issued waits for that payer's next
-- bill, and so does a correction.

-- A correction of a charge already billed, waiting for the payer's next bill; the billing run
-- that puts it on one records the line it became.
CREATE TABLE billing_adjustment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  contribution_id bigint NOT NULL REFERENCES contribution (id),
  -- Positive: more is owed; negative: a credit. Split over the components as the charge was.
  jkk bigint NOT NULL,
  jkm bigint NOT NULL,
  jht bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount <> 0),
  reason text NOT NULL CHECK (btrim(reason) <> ''),
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The adjustment line on a later bill, once billed.
  line_id bigint UNIQUE REFERENCES contribution (id),
  CHECK (amount = jkk + jkm + jht)
);

-- One correction of a charge waits at a time: the billing run matches the line it writes back to
-- the correction by the charge it adjusts.
CREATE UNIQUE INDEX billing_adjustment_pending_key ON billing_adjustment (contribution_id) WHERE line_id IS NULL;

-- Months that became billable after their payer's bill was issued are found among the
-- sponsorships changed since that bill: a range scan, not a pass over every sponsorship.
CREATE INDEX sponsorship_pemda_updated_idx ON sponsorship (pemda_code, updated_at);

CREATE INDEX billing_run_pemda_period_idx ON billing_run (pemda_code, period);
CREATE INDEX bill_opd_period_idx ON bill (opd_id, period) WHERE opd_id IS NOT NULL;
CREATE INDEX bill_sponsor_period_idx ON bill (sponsor_id, period) WHERE sponsor_id IS NOT NULL;
