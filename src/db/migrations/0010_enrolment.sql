-- The enrolment exchange with BPJSTK (issue 4, item 7): verified sponsorships go to the branch as
-- registration batches; the branch's response (NIK → KPJ, participant status, start date or
-- rejection reason) moves them to enrolled/active or rejected.

CREATE TABLE enrolment_batch (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  -- Numbers the Pemda's batches 1, 2, 3…; the reference carries it.
  seq integer NOT NULL CHECK (seq > 0),
  -- Printed on every line of the file and quoted back by the branch, e.g. `ASUH-REG-3502-000001`.
  reference text NOT NULL UNIQUE,
  -- open: answers awaited; complete: every member answered; closed: closed by hand with members
  -- unanswered, who may then go in a later batch.
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete', 'closed')),
  -- Frozen when the batch is made.
  member_count integer NOT NULL CHECK (member_count > 0),
  -- Moved by responses: the answers received so far.
  enrolled_count integer NOT NULL DEFAULT 0,
  active_count integer NOT NULL DEFAULT 0,
  rejected_count integer NOT NULL DEFAULT 0,
  active_elsewhere_count integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the batch first left through the exchange (a file written or downloaded, an API call).
  first_sent_at timestamptz,
  closed_at timestamptz,
  close_reason text,
  UNIQUE (pemda_code, seq),
  CHECK (enrolled_count + active_count + rejected_count + active_elsewhere_count <= member_count)
);

CREATE INDEX enrolment_batch_pemda_idx ON enrolment_batch (pemda_code, seq DESC);

-- One line of a batch: one sponsorship of one person. The group account and its holder are
-- frozen with the batch (an envelope, as bills are); the person's details are read when the file
-- is written, so a corrected name or phone reaches the branch.
CREATE TABLE enrolment_batch_member (
  batch_id bigint NOT NULL REFERENCES enrolment_batch (id),
  sponsorship_id bigint NOT NULL REFERENCES sponsorship (id),
  -- The line's place in the file: by group account, holder, then NIK.
  line_number integer NOT NULL CHECK (line_number > 0),
  nik text NOT NULL REFERENCES worker (nik),
  sponsor_id bigint NOT NULL REFERENCES sponsor (id),
  -- The BPJSTK group account ("wadah") type who pays (domain-rules §8); null: registered alone.
  group_account_type text CHECK (group_account_type IN ('SC', 'SB', 'SG', 'SD', 'SA', 'SL')),
  group_holder text NOT NULL,
  -- Waiting for the branch's answer in an open batch.
  pending boolean NOT NULL DEFAULT true,
  -- The answer as applied: enrolled (membership starts later), active (it has started),
  -- rejected, or active_elsewhere (already a participant somebody else pays for).
  outcome text CHECK (outcome IN ('enrolled', 'active', 'rejected', 'active_elsewhere')),
  kpj text,
  membership_start date,
  rejection_reason text,
  response_id bigint,
  answered_at timestamptz,
  PRIMARY KEY (batch_id, sponsorship_id),
  -- A person is registered once per batch: the branch answers by NIK.
  UNIQUE (batch_id, nik),
  UNIQUE (batch_id, line_number),
  CHECK (NOT (pending AND outcome IS NOT NULL))
);

-- The database's own rule, whatever the code does: a sponsorship, and a person, wait for an
-- answer in one batch at a time, so two batches made at once never send the same line twice.
CREATE UNIQUE INDEX enrolment_batch_member_pending_sponsorship_key
  ON enrolment_batch_member (sponsorship_id) WHERE pending;
CREATE INDEX enrolment_batch_member_pending_nik_idx ON enrolment_batch_member (nik) WHERE pending;

-- One response received from the branch (a file today; an online API's delivery later).
CREATE TABLE enrolment_response (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  -- Which exchange brought it: `file`.
  channel text NOT NULL,
  file_name text,
  -- The content's SHA-256: the same file imported again is recognised and changes nothing.
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  lines_read integer NOT NULL DEFAULT 0,
  enrolled integer NOT NULL DEFAULT 0,
  active integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  active_elsewhere integer NOT NULL DEFAULT 0,
  -- Lines answering what an earlier response had already answered the same way.
  unchanged integer NOT NULL DEFAULT 0,
  -- Lines refused (see the issues) and lines applied with a warning.
  errors integer NOT NULL DEFAULT 0,
  warnings integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pemda_code, content_sha256)
);

CREATE INDEX enrolment_response_pemda_idx ON enrolment_response (pemda_code, created_at DESC);

ALTER TABLE enrolment_batch_member
  ADD CONSTRAINT enrolment_batch_member_response_fkey
  FOREIGN KEY (response_id) REFERENCES enrolment_response (id);

-- The problems of a response's lines, in the shape of `import_issue`, for the same error files.
CREATE TABLE enrolment_response_issue (
  response_id bigint NOT NULL REFERENCES enrolment_response (id),
  row_number integer NOT NULL,
  seq smallint NOT NULL,
  column_name text NOT NULL,
  value text,
  code text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('rejected', 'warning')),
  message_id text NOT NULL,
  message_en text NOT NULL,
  PRIMARY KEY (response_id, row_number, seq)
);
