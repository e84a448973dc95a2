-- Matching the pool to sponsors (issue 4, item 5): each saved run with what it was asked and what
-- it found, and the proposals it made, which an admin or the ASN accepts or rejects. Accepting
-- creates a sponsorship; a proposal is never deleted, so a rerun can tell what was declined.

CREATE TABLE match_run (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  -- The programme asked for; null: every active programme of the Pemda with sponsors short of
  -- workers (the ASN policy, CSR targets).
  programme_id bigint REFERENCES programme (id),
  -- The day whose obligations and pool were matched.
  on_date date NOT NULL,
  -- min: obliged ASN are filled up to the policy's minimum (compliance); max: up to its maximum.
  fill text NOT NULL CHECK (fill IN ('min', 'max')),
  -- Everything else the run was given and decided (programmes matched, widest level), as shown.
  parameters jsonb NOT NULL,
  pool_workers integer NOT NULL CHECK (pool_workers >= 0),
  sponsors integer NOT NULL CHECK (sponsors >= 0),
  -- Workers the sponsors could still take, before matching.
  quota integer NOT NULL CHECK (quota >= 0),
  proposals integer NOT NULL CHECK (proposals >= 0),
  -- Proposals per level: {"village": n, "district": n, "regency": n, ...}.
  by_level jsonb NOT NULL,
  -- Open proposals of earlier runs for the same programmes that this run withdrew.
  withdrawn integer NOT NULL CHECK (withdrawn >= 0),
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX match_run_pemda_idx ON match_run (pemda_code, id DESC);

-- The programme, sponsor and worker columns are not foreign keys: a run stores tens of thousands
-- of proposals read from those very tables in the same transaction, and a check per row and
-- column would more than double the time of saving them. Nothing is lost: registries never delete
-- (an ASN, a sponsor, a programme is made inactive), and accepting a proposal inserts a
-- sponsorship, whose own foreign keys check all three.
CREATE TABLE match_proposal (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES match_run (id),
  -- The run's Pemda, repeated so that scoped reads need no join.
  pemda_code text NOT NULL,
  -- The programme the sponsorship would be under.
  programme_id bigint NOT NULL,
  sponsor_id bigint NOT NULL,
  nik text NOT NULL,
  level text NOT NULL CHECK (level IN ('village', 'district', 'regency', 'province', 'other')),
  -- Where the proposal stands in the run's deterministic output: lists keep that order.
  position integer NOT NULL CHECK (position >= 0),
  -- Why this worker for this sponsor, in both languages: {"id": …, "en": …}.
  reason jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected', 'withdrawn')),
  -- Who accepted or rejected it; null for a withdrawal by a later run. Like audit_log.user_id,
  -- not a foreign key: the record stays whatever becomes of the account.
  decided_by bigint,
  decided_at timestamptz,
  decision_reason text,
  sponsorship_id bigint REFERENCES sponsorship (id),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'accepted') = (sponsorship_id IS NOT NULL)),
  UNIQUE (run_id, position)
);

-- One open proposal per worker, whichever run or programme made it: two sponsors are never
-- offered the same person at once.
CREATE UNIQUE INDEX match_proposal_open_worker_key ON match_proposal (nik) WHERE status = 'open';
CREATE INDEX match_proposal_run_idx ON match_proposal (run_id, status, level);
CREATE INDEX match_proposal_sponsor_idx ON match_proposal (sponsor_id, status);
CREATE INDEX match_proposal_programme_open_idx ON match_proposal (programme_id) WHERE status = 'open';
-- What a sponsor declined is not offered to them again.
CREATE INDEX match_proposal_rejected_idx ON match_proposal (programme_id, sponsor_id) WHERE status = 'rejected';
