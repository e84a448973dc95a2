-- APBD cohorts, CSR orders and individual donors (issue 4, item 6): programmes with one sponsor
-- whose members are added in builds, from a query of the pool, an imported list of NIKs or NIKs a
-- donor names. A build is a record of what one run added and turned away; running the same build
-- again adds nothing.

-- The one sponsor who pays for every member of a cohort, CSR or donor programme. Null for an
-- asn_policy programme, whose sponsors are its civil servants.
ALTER TABLE programme ADD COLUMN sponsor_id bigint REFERENCES sponsor (id);
CREATE INDEX programme_sponsor_idx ON programme (sponsor_id) WHERE sponsor_id IS NOT NULL;

CREATE TABLE cohort_build (
  id uuid PRIMARY KEY,
  programme_id bigint NOT NULL REFERENCES programme (id),
  pemda_code text NOT NULL REFERENCES pemda (code),
  -- query: picked from the pool; file: an imported list of NIKs; named: NIKs given in the request.
  source text NOT NULL CHECK (source IN ('query', 'file', 'named')),
  -- What was asked: occupations, areas, deciles, limit; or the months of an order.
  criteria jsonb NOT NULL DEFAULT '{}',
  file_name text,
  file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- Rows of the file, pool workers picked, or NIKs named.
  read integer NOT NULL CHECK (read >= 0),
  added integer NOT NULL CHECK (added >= 0),
  -- Already in this programme for those months: what a rerun finds.
  already_member integer NOT NULL CHECK (already_member >= 0),
  -- Held by another sponsorship for some of the months: reported, not added.
  already_covered integer NOT NULL CHECK (already_covered >= 0),
  rejected integer NOT NULL CHECK (rejected >= 0),
  -- Workers the file brought into the registry.
  new_workers integer NOT NULL CHECK (new_workers >= 0),
  -- Like audit_log.user_id: the record stays readable whatever becomes of the account.
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cohort_build_programme_idx ON cohort_build (programme_id, created_at DESC);

-- The rows a build did not add, with why: the error file, in the registry imports' layout.
CREATE TABLE cohort_issue (
  build_id uuid NOT NULL REFERENCES cohort_build (id) ON DELETE CASCADE,
  -- As a spreadsheet numbers it (the header is row 1); for a query build, the pick's rank + 1.
  row_number integer NOT NULL,
  seq smallint NOT NULL,
  column_name text NOT NULL,
  value text,
  code text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('rejected', 'warning')),
  message_id text NOT NULL,
  message_en text NOT NULL,
  PRIMARY KEY (build_id, row_number, seq)
);
