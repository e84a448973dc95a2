-- Sponsorship programmes (issue 4): who pays for whom, under which programme and policy, and the
-- lifecycle of each sponsorship. The rule the database itself holds, whatever the code does: a
-- worker has at most one paying sponsorship for any month.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- What eligibility needs of a worker beyond the registry.
ALTER TABLE worker
  ADD COLUMN deceased_on date,
  -- Per the branch's last enrolment response: already an active participant whose contributions
  -- somebody outside this programme pays.
  ADD COLUMN active_elsewhere boolean NOT NULL DEFAULT false,
  ADD COLUMN active_elsewhere_reported_on date;

CREATE TABLE programme (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  -- Stable across the versions of its policy, e.g. `ponorogo-asn-orang-tua-asuh`.
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  -- asn_policy: civil servants sponsor under a circular letter (the versions in policy_version);
  -- apbd_cohort: the regional budget pays for a chosen group of workers; csr: a company pays;
  -- donor: individuals pay.
  kind text NOT NULL CHECK (kind IN ('asn_policy', 'apbd_cohort', 'csr', 'donor')),
  -- The contribution of programmes without a policy; an asn_policy programme takes it from the
  -- policy version in force (its `contribution`), so these stay null there.
  contribution_programmes text[] CHECK (contribution_programmes <@ ARRAY['jkk', 'jkm', 'jht']),
  declared_income bigint CHECK (declared_income > 0),
  -- Where its workers must live (a regency or a district); null: anywhere. An asn_policy
  -- programme takes it from the policy version (`areaCode`).
  area_code text REFERENCES region (code),
  -- The money set aside (cohorts, CSR), for the budget year; the cost is computed, not stored.
  budget bigint CHECK (budget >= 0),
  budget_year integer CHECK (budget_year BETWEEN 2000 AND 2100),
  -- Workers a cohort or a CSR programme means to cover.
  target_workers integer CHECK (target_workers >= 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pemda_code, key),
  CHECK (
    kind = 'asn_policy'
    OR (contribution_programmes IS NOT NULL AND declared_income IS NOT NULL)
  )
);

-- Each circular letter is a new version; nothing is edited in place, so the obligation on any past
-- day can be recomputed.
CREATE TABLE policy_version (
  programme_id bigint NOT NULL REFERENCES programme (id),
  effective_from date NOT NULL,
  -- The whole `ProgrammePolicy` of src/core/programme-policy.ts, validated by the core before it
  -- is stored.
  policy jsonb NOT NULL,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (programme_id, effective_from)
);

-- Who pays. Every contribution names its sponsor (the payer), as openIMIS does.
CREATE TABLE sponsor (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  kind text NOT NULL CHECK (kind IN ('asn', 'apbd', 'organisation', 'individual')),
  nip text REFERENCES asn (nip),
  organisation_id bigint REFERENCES organisation (id),
  -- An APBD budget line's or a donor's name; an ASN's and an organisation's come from their records.
  name text CHECK (btrim(name) <> ''),
  payment_method text NOT NULL CHECK (payment_method IN ('payroll_deduction', 'transfer', 'budget')),
  -- Where the money comes from: the contribution engine prices by it (PP 50/2025 excludes APBD
  -- and APBN money from its discount). Same values as FUNDING_SOURCES in the core.
  funding_source text NOT NULL CHECK (funding_source IN ('apbd', 'apbn', 'asn', 'csr', 'individual')),
  -- The BPJSTK group account ("wadah") type its workers are registered under (domain-rules §8);
  -- null: registered one by one, as an individual donor's are.
  group_account_type text CHECK (group_account_type IN ('SC', 'SB', 'SG', 'SD', 'SA', 'SL')),
  -- Where a sponsor without a home village matches from (a CSR's chosen district). An ASN
  -- matches from their own home village.
  area_code text REFERENCES region (code),
  phone text,
  email text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    CASE kind
      WHEN 'asn' THEN nip IS NOT NULL AND organisation_id IS NULL
      WHEN 'organisation' THEN organisation_id IS NOT NULL AND nip IS NULL
      ELSE nip IS NULL AND organisation_id IS NULL AND name IS NOT NULL
    END
  )
);

-- A NIP is national: one sponsor record per civil servant. An organisation is one sponsor per Pemda.
CREATE UNIQUE INDEX sponsor_asn_key ON sponsor (nip) WHERE kind = 'asn';
CREATE UNIQUE INDEX sponsor_organisation_key ON sponsor (pemda_code, organisation_id) WHERE kind = 'organisation';
CREATE INDEX sponsor_pemda_kind_idx ON sponsor (pemda_code, kind);

CREATE TABLE sponsorship (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  programme_id bigint NOT NULL REFERENCES programme (id),
  sponsor_id bigint NOT NULL REFERENCES sponsor (id),
  nik text NOT NULL REFERENCES worker (nik),
  relationship text NOT NULL CHECK (
    relationship IN ('family', 'neighbour', 'household_help', 'colleague', 'other')
  ),
  -- The contribution: BPU programmes (always JKK and JKM, JHT optional) on a declared income.
  -- A change of scheme ends this sponsorship and starts another from the next month.
  programmes text[] NOT NULL CHECK (
    programmes <@ ARRAY['jkk', 'jkm', 'jht'] AND programmes @> ARRAY['jkk', 'jkm']
  ),
  declared_income bigint NOT NULL CHECK (declared_income > 0),
  -- The months it pays for: from first_month up to, not including, end_month (open while null).
  -- Both are first days of months. An end equal to the start leaves no month at all: a
  -- sponsorship ended before its first month was billed.
  first_month date NOT NULL CHECK (extract(day FROM first_month) = 1),
  end_month date CHECK (extract(day FROM end_month) = 1 AND end_month >= first_month),
  status text NOT NULL CHECK (
    status IN ('proposed', 'verified', 'enrolled', 'active', 'ended', 'rejected', 'suspended')
  ),
  -- From the branch's enrolment response: the start of BPJSTK membership.
  enrolled_on date,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The one-payer rule. Every status but `rejected` holds its months: an ended sponsorship paid
  -- for the months before its end, a suspended one will resume.
  CONSTRAINT sponsorship_one_payer_per_month EXCLUDE USING gist (
    nik WITH =,
    daterange(first_month, end_month, '[)') WITH &&
  ) WHERE (status <> 'rejected')
);

CREATE INDEX sponsorship_sponsor_idx ON sponsorship (sponsor_id);
CREATE INDEX sponsorship_programme_status_idx ON sponsorship (programme_id, status);
CREATE INDEX sponsorship_pemda_status_idx ON sponsorship (pemda_code, status);

-- Every change of status, with who and why; never updated or deleted.
CREATE TABLE sponsorship_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sponsorship_id bigint NOT NULL REFERENCES sponsorship (id),
  -- Null when the sponsorship was created.
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- Null: the system (an enrolment response file, a billing run), named in `source`.
  user_id bigint REFERENCES app_user (id),
  reason text,
  -- What moved it: `self-service`, `match:<run>`, `enrolment-response:<id>`, `cohort:<id>`…
  source text
);

CREATE INDEX sponsorship_event_sponsorship_idx ON sponsorship_event (sponsorship_id, at);

CREATE FUNCTION row_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER sponsorship_event_append_only
  BEFORE UPDATE OR DELETE ON sponsorship_event
  FOR EACH ROW EXECUTE FUNCTION row_is_append_only();
