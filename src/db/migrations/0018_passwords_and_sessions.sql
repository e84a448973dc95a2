-- A password an administrator set for someone must be replaced by them at their next sign-in, and
-- a user sees their sessions and ends them one by one (their id is what the API shows, never the
-- token's hash).
ALTER TABLE app_user
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz;

ALTER TABLE user_session
  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY,
  ADD COLUMN user_agent text;

CREATE UNIQUE INDEX user_session_id_key ON user_session (id);
