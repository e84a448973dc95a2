-- Accounts, the scope each role is bound to, and sign-in sessions.

CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
  display_name text NOT NULL CHECK (btrim(display_name) <> ''),
  -- An argon2id PHC string; the password itself is never stored.
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role text NOT NULL CHECK (
    role IN ('national', 'province', 'pemda_admin', 'opd_head', 'asn', 'bpjstk_officer', 'sponsor_org')
  ),
  province_code text REFERENCES region (code),
  pemda_code text REFERENCES pemda (code),
  opd_id bigint REFERENCES opd (id),
  nip text REFERENCES asn (nip),
  organisation_id bigint REFERENCES organisation (id),
  -- A departed user is switched off, not deleted: the audit log keeps pointing at them.
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Each role carries exactly the scope it is bound to; a BPJSTK officer's Pemda are in user_pemda.
  CHECK (
    CASE role
      WHEN 'national' THEN num_nonnulls(province_code, pemda_code, opd_id, nip, organisation_id) = 0
      WHEN 'province' THEN province_code IS NOT NULL
        AND num_nonnulls(pemda_code, opd_id, nip, organisation_id) = 0
      WHEN 'pemda_admin' THEN pemda_code IS NOT NULL
        AND num_nonnulls(province_code, opd_id, nip, organisation_id) = 0
      WHEN 'opd_head' THEN pemda_code IS NOT NULL AND opd_id IS NOT NULL
        AND num_nonnulls(province_code, nip, organisation_id) = 0
      WHEN 'asn' THEN pemda_code IS NOT NULL AND nip IS NOT NULL
        AND num_nonnulls(province_code, opd_id, organisation_id) = 0
      WHEN 'bpjstk_officer' THEN num_nonnulls(province_code, pemda_code, opd_id, nip, organisation_id) = 0
      WHEN 'sponsor_org' THEN organisation_id IS NOT NULL
        AND num_nonnulls(province_code, pemda_code, opd_id, nip) = 0
    END
  )
);

-- `Budi` and `budi` are one account: people type their username with any case.
CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username));

-- The set of Pemda a BPJSTK branch officer serves.
CREATE TABLE user_pemda (
  user_id bigint NOT NULL REFERENCES app_user (id),
  pemda_code text NOT NULL REFERENCES pemda (code),
  PRIMARY KEY (user_id, pemda_code)
);

CREATE TABLE user_session (
  -- sha256 of the cookie's token, hex: a leaked table cannot be replayed as cookies.
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id bigint NOT NULL REFERENCES app_user (id),
  -- Sent back by the browser in `x-csrf-token` on every write made with the cookie.
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The absolute end; an idle session ends earlier, counted from last_seen_at.
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text
);

CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Sign-in throttling counts recent failures from one address in the audit log.
CREATE INDEX audit_log_login_failed_ip_at_idx ON audit_log (ip, at DESC) WHERE action = 'auth.login_failed';
