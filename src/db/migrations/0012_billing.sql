-- The ledger (issue 5): one contribution row per sponsorship-month, grouped into one bill per payer
-- and period. A bill is an envelope: its member list and amounts are frozen when it is issued;
-- later edits of a worker, a sponsorship or a rate never change it (corrections are new adjustment
-- lines on a later bill). Only the payment counters move.

CREATE TABLE billing_run (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The contribution month billed, as its first day.
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  -- Null: every Pemda.
  pemda_code text REFERENCES pemda (code),
  started_at timestamptz NOT NULL DEFAULT now(),
  -- Null while running, or when the run was killed; a rerun completes its work.
  finished_at timestamptz,
  contributions_added integer NOT NULL DEFAULT 0,
  bills_added integer NOT NULL DEFAULT 0,
  total_billed bigint NOT NULL DEFAULT 0,
  created_by bigint REFERENCES app_user (id)
);

CREATE TABLE bill (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  -- The payer. ASN sponsors who pay by payroll deduction are billed through their OPD's payroll
  -- staff: one deduction list per OPD. Every other sponsor is billed on its own.
  opd_id bigint REFERENCES opd (id),
  sponsor_id bigint REFERENCES sponsor (id),
  -- payroll_deduction: an OPD's list; invoice: a company or a donor; payment_order: an APBD budget.
  document text NOT NULL CHECK (document IN ('payroll_deduction', 'invoice', 'payment_order')),
  -- Printed on the bill and quoted on payments, e.g. `ASUH-3502-202401-000123`.
  reference text NOT NULL UNIQUE,
  -- Frozen at issue.
  member_count integer NOT NULL CHECK (member_count >= 0),
  billed_amount bigint NOT NULL CHECK (billed_amount >= 0),
  -- Moved by payments and reconciliation.
  paid_amount bigint NOT NULL DEFAULT 0,
  reconciled_amount bigint NOT NULL DEFAULT 0,
  reversed_amount bigint NOT NULL DEFAULT 0,
  -- The deadline of its contributions, in the Pemda's time zone.
  due_at timestamptz NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  billing_run_id bigint REFERENCES billing_run (id),
  CHECK (num_nonnulls(opd_id, sponsor_id) = 1),
  CHECK ((document = 'payroll_deduction') = (opd_id IS NOT NULL)),
  CONSTRAINT bill_payer_period_key UNIQUE NULLS NOT DISTINCT (pemda_code, period, opd_id, sponsor_id)
);

CREATE INDEX bill_period_idx ON bill (period, pemda_code);

-- One worker-month owed: the ledger everything else (coverage, arrears, ROI) is derived from.
-- Its only foreign keys are the two relations a line has: the sponsorship it bills and the bill it
-- is on. Pemda, sponsor, worker, OPD and run are copies taken from the sponsorship and its records
-- as they stood at billing (a snapshot, the point of the envelope); checking each against its
-- table again, row by row, would cost a billing run of a million lines most of its time.
CREATE TABLE contribution (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL,
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  sponsorship_id bigint NOT NULL REFERENCES sponsorship (id),
  sponsor_id bigint NOT NULL,
  nik text NOT NULL,
  bill_id bigint NOT NULL REFERENCES bill (id),
  -- charge: the month as billed; adjustment: a later correction of a charge (positive or
  -- negative), billed on a later bill and pointing at what it corrects.
  kind text NOT NULL DEFAULT 'charge' CHECK (kind IN ('charge', 'adjustment')),
  adjusts_id bigint,
  -- Components as the contribution engine priced them, frozen at billing.
  jkk bigint NOT NULL,
  jkm bigint NOT NULL,
  jht bigint NOT NULL DEFAULT 0,
  amount bigint NOT NULL,
  -- The engine's citation of the rates and discounts used, e.g. `PP 44/2015 + PP 50/2025 (-50% JKK, JKM)`.
  schedule text NOT NULL,
  funding_source text NOT NULL CHECK (funding_source IN ('apbd', 'apbn', 'asn', 'csr', 'individual')),
  -- Who and what was billed, as it stood at billing.
  worker_name text NOT NULL,
  sponsor_name text NOT NULL,
  sponsor_nip text,
  opd_id bigint,
  due_at timestamptz NOT NULL,
  paid_amount bigint NOT NULL DEFAULT 0,
  -- When paid_amount first reached amount: coverage follows it.
  paid_at timestamptz,
  status text NOT NULL DEFAULT 'billed' CHECK (status IN ('billed', 'paid', 'waived', 'reversed')),
  billing_run_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (amount = jkk + jkm + jht),
  CHECK ((kind = 'adjustment') = (adjusts_id IS NOT NULL))
);

-- A rerun of a billing run adds nothing: one charge per sponsorship and month.
CREATE UNIQUE INDEX contribution_charge_key ON contribution (sponsorship_id, period) WHERE kind = 'charge';
CREATE INDEX contribution_nik_period_idx ON contribution (nik, period);
CREATE INDEX contribution_bill_idx ON contribution (bill_id);
CREATE INDEX contribution_sponsor_period_idx ON contribution (sponsor_id, period);
