-- A worker is held by the Pemda whose registry lists them. Another Pemda that wants to sponsor
-- them asks for a transfer, which the holding Pemda's administrator accepts or rejects; nobody
-- takes a worker by typing a NIK. Requests are kept after their decision: they are the history of
-- who held a worker when.
CREATE TABLE worker_transfer_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- No reference to `worker`: a NIK registered nowhere is recorded like any other, so that the
  -- answer to a request never tells whether the NIK exists.
  nik text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  -- The Pemda asking for the worker.
  to_pemda_code text NOT NULL REFERENCES pemda (code),
  -- The worker as the requester knows them, for the holding Pemda to recognise.
  name text NOT NULL CHECK (btrim(name) <> ''),
  birth_date date,
  note text,
  requested_by bigint,
  requested_by_name text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  -- The Pemda that decided: the one holding the worker then, whose link moves on acceptance.
  from_pemda_code text REFERENCES pemda (code),
  decided_by bigint,
  decided_by_name text,
  decided_at timestamptz,
  reason text,
  CHECK ((status = 'pending') = (decided_at IS NULL AND from_pemda_code IS NULL))
);

-- A Pemda has one open request per NIK; asking again answers with it.
CREATE UNIQUE INDEX worker_transfer_pending_key ON worker_transfer_request (to_pemda_code, nik)
  WHERE status = 'pending';
-- The holding Pemda's queue: pending requests for the NIKs it holds.
CREATE INDEX worker_transfer_nik_idx ON worker_transfer_request (nik) WHERE status = 'pending';
CREATE INDEX worker_transfer_from_idx ON worker_transfer_request (from_pemda_code, decided_at DESC);
