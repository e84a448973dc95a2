import type { Queryable } from '../../db/database.ts';
import type { TransferRecord } from './transfer-types.ts';

export interface NewTransferRequest {
  nik: string;
  toPemdaCode: string;
  name: string;
  birthDate: string | null;
  note: string | null;
  userId: number | null;
  username: string | null;
}

/** Records a request, or finds the Pemda's open one for the NIK: asking twice is asking once. */
export async function insertTransferRequest(tx: Queryable, request: NewTransferRequest): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `WITH added AS (
       INSERT INTO worker_transfer_request (nik, to_pemda_code, name, birth_date, note, requested_by, requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (to_pemda_code, nik) WHERE status = 'pending' DO NOTHING
       RETURNING id
     )
     SELECT id FROM added
     UNION ALL
     SELECT id FROM worker_transfer_request WHERE to_pemda_code = $2 AND nik = $1 AND status = 'pending'
     LIMIT 1`,
    [
      request.nik,
      request.toPemdaCode,
      request.name,
      request.birthDate,
      request.note,
      request.userId,
      request.username,
    ],
  );
  return row!.id;
}

/**
 * Records requests for several workers at once, as an import that meets workers another Pemda
 * holds does; a NIK already asked for by the Pemda is asked for once. Set-based, in the caller's
 * transaction.
 */
export async function insertTransferRequests(
  tx: Queryable,
  requests: readonly { nik: string; name: string; birthDate: string | null }[],
  by: { toPemdaCode: string; note: string | null; userId: number | null; username: string | null },
): Promise<void> {
  if (requests.length === 0) return;
  await tx.query(
    `INSERT INTO worker_transfer_request (nik, to_pemda_code, name, birth_date, note, requested_by,
                                         requested_by_name)
     SELECT r.nik, $4, r.name, r.birth_date, $5, $6, $7
       FROM unnest($1::text[], $2::text[], $3::date[]) AS r(nik, name, birth_date)
     ON CONFLICT (to_pemda_code, nik) WHERE status = 'pending' DO NOTHING`,
    [
      requests.map((request) => request.nik),
      requests.map((request) => request.name),
      requests.map((request) => request.birthDate),
      by.toPemdaCode,
      by.note,
      by.userId,
      by.username,
    ],
  );
}

/** Whether the national registry holds the NIK, and whether this Pemda's registry lists it. */
export async function nikStanding(
  db: Queryable,
  nik: string,
  pemdaCode: string,
): Promise<{ registered: boolean; linked: boolean }> {
  const [row] = await db.query<{ registered: boolean; linked: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM worker WHERE nik = $1) AS registered,
            EXISTS (SELECT 1 FROM pemda_worker WHERE nik = $1 AND pemda_code = $2) AS linked`,
    [nik, pemdaCode],
  );
  return row!;
}

const COLUMNS = `t.id, t.nik, t.name, to_char(t.birth_date, 'YYYY-MM-DD') AS "birthDate", t.note,
  t.to_pemda_code AS "toPemdaCode", t.requested_by_name AS "requestedBy",
  to_char(t.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "requestedAt",
  t.status, t.from_pemda_code AS "fromPemdaCode",
  to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt", t.reason`;

/**
 * Requests a Pemda decides: pending ones for NIKs its registry lists (asked by others), and those
 * it has decided. Another Pemda's request for a NIK this one does not hold never shows.
 */
const INCOMING = `(t.status = 'pending' AND t.to_pemda_code <> $1
    AND EXISTS (SELECT 1 FROM pemda_worker pw WHERE pw.pemda_code = $1 AND pw.nik = t.nik))
  OR t.from_pemda_code = $1`;

export async function incomingTransfers(
  db: Queryable,
  pemdaCode: string,
  paging: { page: number; pageSize: number },
): Promise<{ items: TransferRecord[]; total: number }> {
  const [counted] = await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM worker_transfer_request t WHERE ${INCOMING}`,
    [pemdaCode],
  );
  const items = await db.query<TransferRecord & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM worker_transfer_request t WHERE ${INCOMING}
      ORDER BY t.status = 'pending' DESC, t.requested_at DESC, t.id DESC LIMIT $2 OFFSET $3`,
    [pemdaCode, paging.pageSize, (paging.page - 1) * paging.pageSize],
  );
  return { items, total: counted!.total };
}

/**
 * A Pemda's own requests. A rejection reads as still pending, and nothing but an acceptance names
 * the Pemda that held the worker: otherwise the answer would tell that the NIK exists elsewhere.
 */
export async function outgoingTransfers(
  db: Queryable,
  pemdaCode: string,
  paging: { page: number; pageSize: number },
): Promise<{ items: TransferRecord[]; total: number }> {
  const [counted] = await db.query<{ total: number }>(
    'SELECT count(*) AS total FROM worker_transfer_request t WHERE t.to_pemda_code = $1',
    [pemdaCode],
  );
  const items = await db.query<TransferRecord & Record<string, unknown>>(
    `SELECT t.id, t.nik, t.name, to_char(t.birth_date, 'YYYY-MM-DD') AS "birthDate", t.note,
            t.to_pemda_code AS "toPemdaCode", t.requested_by_name AS "requestedBy",
            to_char(t.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "requestedAt",
            CASE WHEN t.status = 'accepted' THEN 'accepted' ELSE 'pending' END AS status,
            CASE WHEN t.status = 'accepted' THEN t.from_pemda_code END AS "fromPemdaCode",
            CASE WHEN t.status = 'accepted'
                 THEN to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS "decidedAt",
            CASE WHEN t.status = 'accepted' THEN t.reason END AS reason
       FROM worker_transfer_request t WHERE t.to_pemda_code = $1
      ORDER BY t.requested_at DESC, t.id DESC LIMIT $2 OFFSET $3`,
    [pemdaCode, paging.pageSize, (paging.page - 1) * paging.pageSize],
  );
  return { items, total: counted!.total };
}

/** A pending request this Pemda may decide, locked until the decision commits; none when out of its reach. */
export async function lockIncomingTransfer(
  tx: Queryable,
  id: number,
  pemdaCode: string,
): Promise<{ id: number; nik: string; toPemdaCode: string } | undefined> {
  const [row] = await tx.query<{ id: number; nik: string; toPemdaCode: string }>(
    `SELECT t.id, t.nik, t.to_pemda_code AS "toPemdaCode" FROM worker_transfer_request t
      WHERE t.id = $2 AND t.status = 'pending' AND t.to_pemda_code <> $1
        AND EXISTS (SELECT 1 FROM pemda_worker pw WHERE pw.pemda_code = $1 AND pw.nik = t.nik)
      FOR UPDATE OF t`,
    [pemdaCode, id],
  );
  return row;
}

/** The holding Pemda's sponsorships of the worker that still run: they must end before the worker moves. */
export async function openSponsorshipCount(tx: Queryable, nik: string, pemdaCode: string): Promise<number> {
  const [row] = await tx.query<{ open: number }>(
    `SELECT count(*) AS open FROM sponsorship
      WHERE nik = $1 AND pemda_code = $2 AND status NOT IN ('rejected', 'ended')`,
    [nik, pemdaCode],
  );
  return row!.open;
}

export async function decideTransfer(
  tx: Queryable,
  decision: {
    id: number;
    accepted: boolean;
    fromPemdaCode: string;
    userId: number | null;
    username: string | null;
    reason: string | null;
  },
): Promise<void> {
  await tx.query(
    `UPDATE worker_transfer_request
        SET status = $2, from_pemda_code = $3, decided_by = $4, decided_by_name = $5, decided_at = now(), reason = $6
      WHERE id = $1`,
    [
      decision.id,
      decision.accepted ? 'accepted' : 'rejected',
      decision.fromPemdaCode,
      decision.userId,
      decision.username,
      decision.reason,
    ],
  );
}

/** One request as its deciding Pemda sees it. */
export async function transferById(db: Queryable, id: number): Promise<TransferRecord | undefined> {
  const [row] = await db.query<TransferRecord & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM worker_transfer_request t WHERE t.id = $1`,
    [id],
  );
  return row;
}

/**
 * A transfer request to `pemdaCode` for each worker an import staged (`import_worker_row`) whom
 * another Pemda's registry lists and this one's does not, as the new-worker form asks (asking
 * twice is asking once). The import then holds those rows back from its merge.
 */
export async function requestTransfersOfStagedWorkers(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  requester: { userId: number | null; username: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO worker_transfer_request (nik, to_pemda_code, name, birth_date, note, requested_by,
                                          requested_by_name)
     SELECT s.nik, $2, s.name, s.birth_date, 'import ' || s.import_id, $3, $4
       FROM import_worker_row s
      WHERE s.import_id = $1
        AND NOT EXISTS (SELECT 1 FROM pemda_worker own WHERE own.pemda_code = $2 AND own.nik = s.nik)
        AND EXISTS (SELECT 1 FROM pemda_worker other WHERE other.nik = s.nik)
     ON CONFLICT (to_pemda_code, nik) WHERE status = 'pending' DO NOTHING`,
    [importId, pemdaCode, requester.userId, requester.username],
  );
}
