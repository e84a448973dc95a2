-- The official tree of regions (Ministry of Home Affairs codes), loaded by the next migration.
CREATE TABLE region (
  code text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('province', 'regency', 'district', 'village')),
  parent_code text REFERENCES region (code),
  province_code text NOT NULL,
  name text NOT NULL,
  -- Only provinces carry a zone; every other region keeps its province's (Keppres 41/1987).
  time_zone text CHECK (time_zone IN ('WIB', 'WITA', 'WIT')),
  CHECK ((level = 'province') = (time_zone IS NOT NULL)),
  CHECK ((level = 'province') = (parent_code IS NULL))
);

CREATE INDEX region_parent_code_idx ON region (parent_code);
CREATE INDEX region_level_idx ON region (level);

-- Where each set of reference data came from, so a later release can tell what to reload.
CREATE TABLE reference_data (
  name text PRIMARY KEY,
  source text NOT NULL,
  version text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
