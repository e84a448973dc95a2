-- Coverage overrides and claims (issue 5, items 3–5). Coverage itself is derived from the ledger
-- (contribution, payment_allocation) by the rules in src/core/coverage.ts and never stored: what
-- is stored here is what people decided — an officer's override of a month, a claim and each of
-- its moves — so every answer can be recomputed and explained.

-- An officer's decision that a worker's month is (or is not) covered whatever the ledger says, with
-- the reason. Never updated or deleted: the latest record for a month is the one that holds.
CREATE TABLE coverage_override (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  nik text NOT NULL REFERENCES worker (nik),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  covered boolean NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) >= 3),
  -- Like audit_log: the record stays readable whatever becomes of the account.
  created_by bigint,
  created_by_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coverage_override_nik_idx ON coverage_override (nik, period, id DESC);

CREATE TRIGGER coverage_override_append_only
  BEFORE UPDATE OR DELETE ON coverage_override
  FOR EACH ROW EXECUTE FUNCTION row_is_append_only();

-- A JKK or JKM claim: registered → eligible or refused (decided from coverage on the incident
-- date) → approved → paid. The decision keeps the coverage answer and the benefit's breakdown as
-- they were computed, with the rules' citation, so a paid claim reads the same forever.
CREATE TABLE claim (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  nik text NOT NULL REFERENCES worker (nik),
  type text NOT NULL CHECK (type IN ('jkm', 'jkk')),
  benefit text NOT NULL CHECK (benefit IN ('death', 'permanent_disability', 'temporary_incapacity', 'medical')),
  incident_date date NOT NULL,
  -- The day the claim reached the branch, on the Pemda's clock: a JKK claim must come within
  -- 5 years of the accident.
  filed_on date NOT NULL,
  -- Codes of CLAIM_DOCUMENTS (src/core/benefits.ts) received with the claim.
  documents text[] NOT NULL DEFAULT '{}',
  -- Children named for a scholarship: [{"name": …, "level": …}].
  children jsonb NOT NULL DEFAULT '[]',
  -- JKK medical care, incapacity pay or disability as the branch assessed it.
  entered_amount bigint CHECK (entered_amount > 0),
  -- An earlier membership start the officer knows of (a KPJ card older than the sponsorship).
  membership_since date,
  note text,
  status text NOT NULL DEFAULT 'registered'
    CHECK (status IN ('registered', 'eligible', 'refused', 'approved', 'paid')),
  -- Who paid for the month of the incident, as the ledger said at the last decision: the ROI is
  -- counted by this funding source and programme.
  sponsorship_id bigint REFERENCES sponsorship (id),
  programme_id bigint REFERENCES programme (id),
  sponsor_id bigint REFERENCES sponsor (id),
  funding_source text CHECK (funding_source IN ('apbd', 'apbn', 'asn', 'csr', 'individual')),
  declared_income bigint CHECK (declared_income > 0),
  -- The coverage answer on the incident date, the decision's code and reason in both languages.
  coverage jsonb,
  decision_code text,
  decision_id text,
  decision_en text,
  -- The benefit as computed (components, total, scholarship, the rule's citation).
  benefit_breakdown jsonb,
  benefit_amount bigint CHECK (benefit_amount >= 0),
  paid_amount bigint CHECK (paid_amount >= 0),
  paid_on date,
  payment_reference text,
  registered_by bigint,
  decided_by bigint,
  decided_at timestamptz,
  approved_by bigint,
  approved_at timestamptz,
  paid_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (type = 'jkk' OR benefit = 'death'),
  CHECK ((status = 'paid') = (paid_on IS NOT NULL AND paid_amount IS NOT NULL)),
  CHECK (status IN ('registered', 'refused') OR benefit_amount IS NOT NULL),
  CHECK (status = 'registered' OR decision_code IS NOT NULL)
);

-- The same incident is claimed once; a refused claim is decided again, not registered again.
CREATE UNIQUE INDEX claim_incident_key ON claim (nik, type, benefit, incident_date);
CREATE INDEX claim_pemda_status_idx ON claim (pemda_code, status, id DESC);

-- Every move of a claim, with who and why; never updated or deleted.
CREATE TABLE claim_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id bigint NOT NULL REFERENCES claim (id),
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text,
  reason text
);

CREATE INDEX claim_event_claim_idx ON claim_event (claim_id, id);

CREATE TRIGGER claim_event_append_only
  BEFORE UPDATE OR DELETE ON claim_event
  FOR EACH ROW EXECUTE FUNCTION row_is_append_only();
