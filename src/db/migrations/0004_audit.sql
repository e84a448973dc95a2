-- Every write, and every read of an unmasked NIK: who, when, what, from where. Append-only.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- None for the system itself (migrations, the demo loader, a command run on the server).
  user_id bigint,
  username text,
  role text,
  action text NOT NULL,
  entity_type text,
  entity_id text,
  -- The Pemda whose data it concerns: the Pemda admin reads the log of their own Pemda.
  pemda_code text,
  ip text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_pemda_at_idx ON audit_log (pemda_code, at DESC);
CREATE INDEX audit_log_action_entity_at_idx ON audit_log (action, entity_id, at DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
