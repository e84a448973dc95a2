-- Worker rows are staged with COPY, which knows no ON CONFLICT: the merge finds a file's repeated
-- NIKs instead (the first row stays, the others are reported), so staging no longer refuses them.
ALTER TABLE import_worker_row DROP CONSTRAINT import_worker_row_import_id_nik_key;
