-- A running import is now owned through an advisory lock held by its process (see
-- src/db/database.ts, `holdLock`): a dead owner is seen at once, so the heartbeat that a reaper
-- compared with the clock is no longer read.
ALTER TABLE import_job DROP COLUMN heartbeat_at;
COMMENT ON COLUMN import_job.runner IS
  'Where the job runs: local (the asuh command) or api (the server''s runner); which process owns it is its advisory lock.';
