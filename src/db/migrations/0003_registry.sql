-- Regional governments using Asuh, their departments, their civil servants and the national
-- worker registry.

CREATE TABLE pemda (
  -- A province (`35`) or a regency/city (`35.02`).
  code text PRIMARY KEY REFERENCES region (code),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pemda_target (
  pemda_code text NOT NULL REFERENCES pemda (code),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- Workers the Pemda means to have covered by the end of the year.
  workers_to_cover integer NOT NULL CHECK (workers_to_cover >= 0),
  PRIMARY KEY (pemda_code, year)
);

CREATE TABLE opd (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pemda_code text NOT NULL REFERENCES pemda (code),
  name text NOT NULL,
  -- Rosters spell a department's name with varying case and spacing; this is what must match.
  name_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pemda_code, name_key)
);

CREATE TABLE asn (
  nip text PRIMARY KEY CHECK (nip ~ '^[0-9]{18}$'),
  pemda_code text NOT NULL REFERENCES pemda (code),
  opd_id bigint NOT NULL REFERENCES opd (id),
  name text NOT NULL,
  employment_type text NOT NULL CHECK (employment_type IN ('PNS', 'PPPK', 'NON_ASN')),
  -- Golongan as the roster writes it (III/a, IX for PPPK); none for non-ASN staff.
  rank text,
  echelon text CHECK (echelon IN ('I', 'II', 'III', 'IV')),
  base_salary bigint NOT NULL CHECK (base_salary >= 0),
  village_code text REFERENCES region (code),
  -- A full roster import marks those it no longer lists as inactive; nobody is deleted.
  active boolean NOT NULL DEFAULT true,
  inactive_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX asn_pemda_opd_idx ON asn (pemda_code, opd_id);
CREATE INDEX asn_name_idx ON asn (lower(name) text_pattern_ops);

-- One record per person nationally: a NIK is unique in the country.
CREATE TABLE worker (
  nik text PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
  name text NOT NULL,
  -- As recorded; a NIK whose digits disagree is kept with a warning (NIKs are never reissued).
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('male', 'female')),
  occupation text,
  sector text,
  village_code text REFERENCES region (code),
  phone text,
  welfare_decile smallint CHECK (welfare_decile BETWEEN 1 AND 10),
  -- The BPJSTK participant number, once enrolled.
  kpj text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX worker_name_idx ON worker (lower(name) text_pattern_ops);
CREATE INDEX worker_village_idx ON worker (village_code);

-- Which Pemda hold a worker in their registry: a second Pemda importing the same NIK links to
-- the existing record instead of copying it.
CREATE TABLE pemda_worker (
  pemda_code text NOT NULL REFERENCES pemda (code),
  nik text NOT NULL REFERENCES worker (nik),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pemda_code, nik)
);

CREATE INDEX pemda_worker_nik_idx ON pemda_worker (nik);

-- A company or foundation that sponsors workers (CSR); its users see only its own.
CREATE TABLE organisation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
