import type { Actor, Role } from '../../core/access.ts';
import type { Queryable } from '../../db/database.ts';

export interface UserRecord extends Record<string, unknown> {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  province_code: string | null;
  pemda_code: string | null;
  opd_id: number | null;
  nip: string | null;
  organisation_id: number | null;
  pemda_codes: string[];
  active: boolean;
  must_change_password: boolean;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.province_code, u.pemda_code, u.opd_id,
  u.nip, u.organisation_id, u.active, u.must_change_password,
  ARRAY(SELECT up.pemda_code FROM user_pemda up WHERE up.user_id = u.id ORDER BY up.pemda_code) AS pemda_codes`;

/** The signed-in form of a user row; the CHECK on app_user guarantees the role's scope is there. */
export function actorOf(user: UserRecord): Actor {
  const who = { userId: user.id, username: user.username, displayName: user.display_name };
  switch (user.role) {
    case 'national':
      return { ...who, role: 'national' };
    case 'province':
      return { ...who, role: 'province', provinceCode: user.province_code! };
    case 'pemda_admin':
      return { ...who, role: 'pemda_admin', pemdaCode: user.pemda_code! };
    case 'opd_head':
      return { ...who, role: 'opd_head', pemdaCode: user.pemda_code!, opdId: user.opd_id! };
    case 'asn':
      return { ...who, role: 'asn', pemdaCode: user.pemda_code!, nip: user.nip! };
    case 'bpjstk_officer':
      return { ...who, role: 'bpjstk_officer', pemdaCodes: user.pemda_codes };
    case 'sponsor_org':
      return { ...who, role: 'sponsor_org', organisationId: user.organisation_id! };
  }
}

/** `usernameKey` is the lower-cased username, which the unique index compares. */
export async function findUser(
  db: Queryable,
  usernameKey: string,
): Promise<(UserRecord & { password_hash: string }) | undefined> {
  const [row] = await db.query<UserRecord & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, u.password_hash FROM app_user u WHERE lower(u.username) = $1`,
    [usernameKey],
  );
  return row;
}

export async function findUserById(db: Queryable, id: number): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]);
  return row;
}

export function listUserRecords(db: Queryable): Promise<UserRecord[]> {
  return db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM app_user u ORDER BY lower(u.username)`);
}

export interface UserInsert {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  provinceCode: string | null;
  pemdaCode: string | null;
  opdId: number | null;
  nip: string | null;
  organisationId: number | null;
  pemdaCodes: readonly string[];
}

/** The new user's id, or undefined when the username (in any case) is taken. */
export async function insertUser(tx: Queryable, user: UserInsert): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, role, province_code, pemda_code, opd_id, nip,
                           organisation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT ((lower(username))) DO NOTHING
     RETURNING id`,
    [
      user.username,
      user.displayName,
      user.passwordHash,
      user.role,
      user.provinceCode,
      user.pemdaCode,
      user.opdId,
      user.nip,
      user.organisationId,
    ],
  );
  if (row && user.pemdaCodes.length > 0) {
    await tx.query(
      `INSERT INTO user_pemda (user_id, pemda_code) SELECT $1, code FROM unnest($2::text[]) AS code`,
      [row.id, user.pemdaCodes],
    );
  }
  return row?.id;
}

/** What must exist for a scope to be granted: each answer is null when nothing was asked. */
export async function checkScope(
  db: Queryable,
  scope: {
    provinceCode: string | null;
    pemdaCode: string | null;
    opdId: number | null;
    nip: string | null;
    organisationId: number | null;
    pemdaCodes: readonly string[];
  },
): Promise<{
  provinceExists: boolean;
  pemdaExists: boolean;
  opdPemdaCode: string | null;
  asnPemdaCode: string | null;
  organisationExists: boolean;
  unknownPemdaCodes: string[];
}> {
  const [row] = await db.query<{
    province_exists: boolean;
    pemda_exists: boolean;
    opd_pemda_code: string | null;
    asn_pemda_code: string | null;
    organisation_exists: boolean;
    unknown_pemda_codes: string[];
  }>(
    `SELECT EXISTS (SELECT 1 FROM region WHERE code = $1 AND level = 'province') AS province_exists,
            EXISTS (SELECT 1 FROM pemda WHERE code = $2) AS pemda_exists,
            (SELECT pemda_code FROM opd WHERE id = $3) AS opd_pemda_code,
            (SELECT pemda_code FROM asn WHERE nip = $4) AS asn_pemda_code,
            EXISTS (SELECT 1 FROM organisation WHERE id = $5) AS organisation_exists,
            ARRAY(SELECT code FROM unnest($6::text[]) AS code
                   WHERE NOT EXISTS (SELECT 1 FROM pemda WHERE pemda.code = code.code)
                   ORDER BY code) AS unknown_pemda_codes`,
    [scope.provinceCode, scope.pemdaCode, scope.opdId, scope.nip, scope.organisationId, scope.pemdaCodes],
  );
  return {
    provinceExists: row!.province_exists,
    pemdaExists: row!.pemda_exists,
    opdPemdaCode: row!.opd_pemda_code,
    asnPemdaCode: row!.asn_pemda_code,
    organisationExists: row!.organisation_exists,
    unknownPemdaCodes: row!.unknown_pemda_codes,
  };
}

export async function findOrganisationIdByName(db: Queryable, name: string): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(
    'SELECT id FROM organisation WHERE lower(name) = lower($1) ORDER BY id LIMIT 1',
    [name.trim()],
  );
  return row?.id;
}

/** How sign-in failures slow down the one who makes them. */
export interface SignInLimits {
  /** Failures of one username from one address, in a row, before the first wait. */
  freeFailures: number;
  /** The first wait; each further failure from that address doubles it, up to `maxDelaySeconds`. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Failures older than this no longer count towards the run. */
  memorySeconds: number;
  /** Failures from one address, whatever the usernames, within `perIpWindowSeconds`. */
  perIp: number;
  perIpWindowSeconds: number;
}

/**
 * When the next sign-in may be tried from this address, or null when it may be tried now.
 *
 * A run of failures on a username counts per address, and a success from that address ends it:
 * a guesser slows only themselves, and the rightful user signs in from their own address while
 * someone hammers their username (a lock per username would let anyone lock anyone out). The
 * address also has its own ceiling across usernames, against one address spraying many names.
 * Failures are the audit log's own entries, so every process serving the same database counts
 * the same attempts.
 */
export async function signInAllowedAt(
  db: Queryable,
  usernameKey: string,
  ip: string | null,
  limits: SignInLimits,
): Promise<{ retryAfterSeconds: number } | null> {
  const [row] = await db.query<{ retry_after_seconds: number | null }>(
    `WITH run AS (
       SELECT count(*)::int AS failures, max(f.at) AS last_at FROM audit_log f
        WHERE f.action = 'auth.login_failed' AND f.entity_id = $1 AND f.ip IS NOT DISTINCT FROM $2
          AND f.at > now() - $6 * interval '1 second'
          AND f.at > coalesce((SELECT max(s.at) FROM audit_log s
                                WHERE s.action = 'auth.login' AND s.entity_id = $1
                                  AND s.ip IS NOT DISTINCT FROM $2), '-infinity')
     )
     SELECT ceil(extract(epoch FROM max(free_at) - now()))::int AS retry_after_seconds FROM (
       SELECT last_at + least($4 * power(2, failures - $3), $5) * interval '1 second' AS free_at
         FROM run WHERE failures >= $3
       UNION ALL
       (SELECT at + $8 * interval '1 second' FROM audit_log
         WHERE action = 'auth.login_failed' AND ip = $2 AND at > now() - $8 * interval '1 second'
         ORDER BY at DESC OFFSET $7 - 1 LIMIT 1)
     ) reached WHERE free_at > now()`,
    [
      usernameKey,
      ip,
      limits.freeFailures,
      limits.firstDelaySeconds,
      limits.maxDelaySeconds,
      limits.memorySeconds,
      limits.perIp,
      limits.perIpWindowSeconds,
    ],
  );
  const seconds = row?.retry_after_seconds;
  return seconds === null || seconds === undefined ? null : { retryAfterSeconds: Math.max(1, seconds) };
}

export async function insertSession(
  tx: Queryable,
  session: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    lifetimeSeconds: number;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, now() + $4 * interval '1 second', $5, $6)`,
    [
      session.tokenHash,
      session.userId,
      session.csrfToken,
      session.lifetimeSeconds,
      session.ip,
      session.userAgent,
    ],
  );
}

/** A user's sessions that have ended by either clock: nothing can use them any more. */
export async function deleteEndedSessions(tx: Queryable, userId: number, idleSeconds: number): Promise<void> {
  await tx.query(
    `DELETE FROM user_session
      WHERE user_id = $1 AND (expires_at <= now() OR last_seen_at <= now() - $2 * interval '1 second')`,
    [userId, idleSeconds],
  );
}

/** A live session with its active user; `stale` when last_seen_at is older than `touchSeconds`. */
export async function findLiveSession(
  db: Queryable,
  tokenHash: string,
  clocks: { idleSeconds: number; touchSeconds: number },
): Promise<(UserRecord & { session_id: number; csrf_token: string; stale: boolean }) | undefined> {
  const [row] = await db.query<UserRecord & { session_id: number; csrf_token: string; stale: boolean }>(
    `SELECT ${USER_COLUMNS}, s.id AS session_id, s.csrf_token, s.last_seen_at < now() - $3 * interval '1 second' AS stale
       FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND u.active
        AND s.expires_at > now() AND s.last_seen_at > now() - $2 * interval '1 second'`,
    [tokenHash, clocks.idleSeconds, clocks.touchSeconds],
  );
  return row;
}

export async function touchSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
}

/** The signed-out user's id, or undefined when there was no such session. */
export async function deleteSession(tx: Queryable, tokenHash: string): Promise<number | undefined> {
  const [row] = await tx.query<{ user_id: number }>(
    'DELETE FROM user_session WHERE token_hash = $1 RETURNING user_id',
    [tokenHash],
  );
  return row?.user_id;
}

export async function updatePassword(
  tx: Queryable,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
): Promise<void> {
  await tx.query(
    `UPDATE app_user SET password_hash = $2, must_change_password = $3, password_changed_at = now()
      WHERE id = $1`,
    [userId, passwordHash, mustChange],
  );
}

/** Ends a user's sessions, all of them or all but one; how many ended. */
export async function deleteUserSessions(
  tx: Queryable,
  userId: number,
  exceptSessionId: number | null,
): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    'DELETE FROM user_session WHERE user_id = $1 AND id IS DISTINCT FROM $2 RETURNING id',
    [userId, exceptSessionId],
  );
  return rows.length;
}

/** Ends one of a user's sessions; false when they have no such session. */
export async function deleteUserSession(tx: Queryable, userId: number, sessionId: number): Promise<boolean> {
  const rows = await tx.query<{ id: number }>(
    'DELETE FROM user_session WHERE user_id = $1 AND id = $2 RETURNING id',
    [userId, sessionId],
  );
  return rows.length > 0;
}

export interface SessionRecord extends Record<string, unknown> {
  id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A user's live sessions, the most recently used first. */
export function listLiveSessions(
  db: Queryable,
  userId: number,
  idleSeconds: number,
): Promise<SessionRecord[]> {
  return db.query<SessionRecord>(
    `SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM user_session
      WHERE user_id = $1 AND expires_at > now() AND last_seen_at > now() - $2 * interval '1 second'
      ORDER BY last_seen_at DESC, id DESC`,
    [userId, idleSeconds],
  );
}
