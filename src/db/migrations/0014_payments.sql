-- Payments (issue 5): payment files imported (payroll deduction confirmations, bank virtual-account
-- statements, BPJSTK payment confirmations), each of their lines, and how each line's money was
-- allocated to contributions. Unmatched lines wait in `payment_line` (status `unmatched`) until an
-- officer resolves them. See docs/payments.md.

CREATE TABLE payment_import (
  id uuid PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  kind text NOT NULL CHECK (kind IN ('payroll', 'bank', 'bpjstk')),
  file_name text,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes bigint CHECK (file_bytes >= 0),
  -- duplicate: the same file was imported by a concurrent run that committed first.
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'duplicate', 'failed')),
  duplicate_of uuid REFERENCES payment_import (id),
  -- The summary, frozen when the import completes (resolutions later move the lines, not this).
  rows_read integer,
  lines integer,
  repeated integer,
  rejected integer,
  -- Payroll rows whose deducted amount is 0: nothing was paid, so no line.
  nothing_paid integer,
  matched integer,
  partial integer,
  over integer,
  unmatched integer,
  amount_total bigint,
  amount_allocated bigint,
  amount_credit bigint,
  amount_unmatched bigint,
  error_code text,
  error_message_id text,
  error_message_en text,
  -- Like audit_log.user_id: the record stays readable whatever becomes of the account.
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = 'failed') = (error_code IS NOT NULL)),
  CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);

-- The same file is imported once per Pemda and kind: two concurrent imports of it both reach
-- the commit, and this index lets one of them complete.
CREATE UNIQUE INDEX payment_import_file_key ON payment_import (pemda_code, kind, file_sha256)
  WHERE status = 'completed';
CREATE INDEX payment_import_pemda_created_idx ON payment_import (pemda_code, created_at DESC);

-- Unreadable rows (and repeats of lines already imported), for the error file.
CREATE TABLE payment_issue (
  import_id uuid NOT NULL REFERENCES payment_import (id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  seq smallint NOT NULL,
  column_name text NOT NULL,
  value text,
  code text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('rejected', 'warning')),
  message_id text NOT NULL,
  message_en text NOT NULL,
  PRIMARY KEY (import_id, row_number, seq)
);

-- Staging: the readable lines of a running import, loaded with COPY. Unlogged: a crash loses only
-- what a rerun stages again.
CREATE UNLOGGED TABLE payment_stage (
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  line_key text NOT NULL,
  reference text,
  -- Digits that name a bill: the reference's, or a virtual-account number's (which may carry the
  -- bank's prefix before them).
  reference_digits text,
  va_digits text,
  nip text,
  nik text,
  kpj text,
  period date,
  amount bigint NOT NULL,
  paid_at timestamptz NOT NULL,
  bank_transaction_id text,
  description text
);

-- One line of a payment file, kept for good: the money received, how it was matched, what it paid.
-- This table and payment_allocation are written only by the one statement of an import (or of
-- a resolution), which takes every id it stores from the rows it joins. They carry no foreign
-- keys: checking a million of them row by row cost more than matching and allocating the lines.
CREATE TABLE payment_line (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- payment_import (id)
  import_id uuid NOT NULL,
  pemda_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('payroll', 'bank', 'bpjstk')),
  row_number integer NOT NULL,
  -- What makes a line the same line in another file: the bank's transaction id, or for payroll
  -- and BPJSTK lines every field that identifies the payment (docs/payments.md).
  line_key text NOT NULL,
  -- As the file gave them.
  reference text,
  nip text,
  nik text,
  kpj text,
  va_number text,
  bank_transaction_id text,
  description text,
  period date,
  amount bigint NOT NULL CHECK (amount > 0),
  -- When the money was paid: the file's date (the start of that day) or date and time, in the
  -- Pemda's time zone.
  paid_at timestamptz NOT NULL,
  -- How it was matched. reference: a whole bill (a bank line's reference or VA number);
  -- reference_nip: one ASN's contributions on a payroll bill; nip_period, nik_period, kpj_period:
  -- the contributions of an ASN or a worker for a month; bill and contribution: by an officer.
  match_method text CHECK (
    match_method IN ('reference', 'reference_nip', 'nip_period', 'nik_period', 'kpj_period', 'bill', 'contribution')
  ),
  -- bill (id)
  bill_id bigint,
  target_nip text,
  target_nik text,
  target_period date,
  -- contribution (id)
  target_contribution_id bigint,
  -- pending: matched, not yet allocated (only inside the import's transaction); matched: paid
  -- what it was for exactly; partial: less than what was owed; over: more, the surplus kept as
  -- `credit`; unmatched: waiting for an officer; not_ours: an officer said so, with a reason.
  status text NOT NULL CHECK (status IN ('pending', 'matched', 'partial', 'over', 'unmatched', 'not_ours')),
  -- Why a line is unmatched (a code of payment-formats.ts), while it is.
  unmatched_code text,
  allocated bigint NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  credit bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  resolved_by bigint,
  resolved_at timestamptz,
  resolution_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (allocated + credit <= amount),
  CHECK ((status = 'unmatched') = (unmatched_code IS NOT NULL)),
  CHECK (status IN ('unmatched', 'not_ours') OR match_method IS NOT NULL)
);

-- Re-importing a line changes nothing, whichever file brings it again.
CREATE UNIQUE INDEX payment_line_key ON payment_line (pemda_code, kind, line_key);
-- The queue. No other index: each costs every one of a million lines recorded.
CREATE INDEX payment_line_unmatched_idx ON payment_line (pemda_code, id) WHERE status = 'unmatched';

-- The money of a line on one contribution. A line pays a contribution once.
CREATE TABLE payment_allocation (
  -- payment_line (id), contribution (id)
  line_id bigint NOT NULL,
  contribution_id bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (line_id, contribution_id)
);

CREATE INDEX payment_allocation_contribution_idx ON payment_allocation (contribution_id);

-- A bill is found by the digits of its reference (hyphens dropped by a bank, or inside a
-- virtual-account number); a BPJSTK line names the worker by KPJ.
CREATE INDEX bill_reference_digits_idx ON bill (pemda_code, (regexp_replace(reference, '[^0-9]', '', 'g')));
CREATE INDEX worker_kpj_idx ON worker (kpj) WHERE kpj IS NOT NULL;
