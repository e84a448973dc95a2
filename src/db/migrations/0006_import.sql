-- Roster and worker-registry imports: the job with its counters and progress, every problem found
-- in a row, and the staging tables a file's valid rows wait in until one transaction merges them.

CREATE TABLE import_job (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('asn', 'workers')),
  pemda_code text NOT NULL REFERENCES pemda (code),
  file_name text,
  file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes bigint CHECK (file_bytes >= 0),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  dry_run boolean NOT NULL DEFAULT false,
  -- `--full`: ASN of the Pemda missing from the roster are marked inactive.
  full_roster boolean NOT NULL DEFAULT false,
  -- The server's own job runner, which owns `api` jobs: on restart it knows they were cut off.
  runner text NOT NULL DEFAULT 'local' CHECK (runner IN ('local', 'api')),
  -- The summary, set when the job completes.
  read bigint,
  inserted bigint,
  updated bigint,
  unchanged bigint,
  rejected bigint,
  warned bigint,
  linked bigint,
  deactivated bigint,
  -- Progress while it runs; the heartbeat tells a live job from one whose process died.
  rows_read bigint NOT NULL DEFAULT 0,
  bytes_read bigint NOT NULL DEFAULT 0,
  heartbeat_at timestamptz,
  error_code text,
  error_message_id text,
  error_message_en text,
  -- Like audit_log.user_id: the record stays readable whatever becomes of the account.
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CHECK ((status = 'failed') = (error_code IS NOT NULL))
);

CREATE INDEX import_job_pemda_created_idx ON import_job (pemda_code, created_at DESC);
CREATE INDEX import_job_unfinished_idx ON import_job (status) WHERE status IN ('queued', 'running');

-- One problem of one row: a rejection (the row is not imported) or a warning (it is, as written).
CREATE TABLE import_issue (
  import_id uuid NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  -- As a spreadsheet numbers it: the header is row 1.
  row_number integer NOT NULL,
  -- Orders several problems of one row.
  seq smallint NOT NULL,
  column_name text NOT NULL,
  value text,
  code text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('rejected', 'warning')),
  message_id text NOT NULL,
  message_en text NOT NULL,
  -- The row's NIP or NIK as written: a full roster import never retires someone whose row was refused.
  record_key text,
  PRIMARY KEY (import_id, row_number, seq)
);

CREATE INDEX import_issue_record_key_idx ON import_issue (import_id, record_key);

-- Staging: valid rows of a running import. Unlogged, because a crash only loses rows a rerun
-- stages again; the unique key finds a file's duplicates as they arrive (the first one stays).
CREATE UNLOGGED TABLE import_asn_row (
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  nip text NOT NULL,
  name text NOT NULL,
  opd_name text NOT NULL,
  opd_key text NOT NULL,
  employment_type text NOT NULL,
  rank text,
  echelon text,
  base_salary bigint NOT NULL,
  village_code text,
  warned boolean NOT NULL,
  PRIMARY KEY (import_id, row_number),
  UNIQUE (import_id, nip)
);

CREATE UNLOGGED TABLE import_worker_row (
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  nik text NOT NULL,
  name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL,
  occupation text,
  sector text,
  village_code text NOT NULL,
  phone text,
  welfare_decile smallint,
  warned boolean NOT NULL,
  PRIMARY KEY (import_id, row_number),
  UNIQUE (import_id, nik)
);
