import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { loginRequired } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import {
  actorOf,
  deleteEndedSessions,
  deleteSession,
  deleteUserSession,
  deleteUserSessions,
  findLiveSession,
  findUserById,
  insertSession,
  listLiveSessions,
  touchSession,
  type UserRecord,
} from './auth-repository.ts';
import type { AuthService, LiveSession, RequestContext, SignedIn } from './auth-types.ts';

export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
/**
 * A session ends after 2 idle hours, and 12 hours after sign-in whatever its use: one working day.
 * The screens show personal data (NIKs, payroll), so a browser left open overnight is signed out,
 * and a stolen cookie is worth at most a day.
 */
const SESSION_IDLE_SECONDS = 2 * HOUR;
export const SESSION_LIFETIME_SECONDS = 12 * HOUR;
/** Recording every request's time would make each read a write; a minute is precise enough for 12 hours. */
const SESSION_TOUCH_SECONDS = MINUTE;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const newToken = () => randomBytes(32).toString('base64url');

/** Beyond any browser's own; it only keeps a list of sessions readable. */
const USER_AGENT_MAX_LENGTH = 200;

/** The Pemda whose log shows a user's own actions. */
function pemdaOf(actor: Actor): string | null {
  return 'pemdaCode' in actor ? actor.pemdaCode : null;
}

function iso(value: unknown): string {
  return new Date(value as string).toISOString();
}

/** Sessions: the one behind a cookie, a new one at sign-in, and the signed-in user's own list of them. */
export function createSessions({ db }: { db: Database }) {
  async function sessionFromToken(token: string): Promise<LiveSession | null> {
    const tokenHash = hashToken(token);
    const session = await findLiveSession(db, tokenHash, {
      idleSeconds: SESSION_IDLE_SECONDS,
      touchSeconds: SESSION_TOUCH_SECONDS,
    });
    if (!session) return null;
    if (session.stale) await touchSession(db, tokenHash);
    return {
      actor: actorOf(session),
      csrfToken: session.csrf_token,
      sessionId: session.session_id,
      passwordChangeRequired: session.must_change_password,
    };
  }

  async function liveSession(token: string): Promise<LiveSession> {
    const session = await sessionFromToken(token);
    if (!session) throw loginRequired();
    return session;
  }

  /** A new session for a user who has just proved who they are. */
  async function startSession(
    tx: Queryable,
    user: UserRecord,
    { ip, userAgent = null }: RequestContext,
  ): Promise<SignedIn> {
    const token = newToken();
    const csrfToken = newToken();
    await deleteEndedSessions(tx, user.id, SESSION_IDLE_SECONDS);
    await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      ip,
      userAgent: userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      lifetimeSeconds: SESSION_LIFETIME_SECONDS,
    });
    return { token, csrfToken, actor: actorOf(user), passwordChangeRequired: user.must_change_password };
  }

  return {
    sessionFromToken,
    liveSession,
    startSession,
    /** What the service offers of sessions: `liveSession` answers 401 where there is none. */
    api: {
      sessionFromToken,

      async actorFromToken(token) {
        return (await sessionFromToken(token))?.actor ?? null;
      },

      async logout(token, { ip = null } = {}) {
        await db.transaction(async (tx) => {
          const userId = await deleteSession(tx, hashToken(token));
          if (userId === undefined) return;
          const user = await findUserById(tx, userId);
          if (!user) return;
          await recordAudit(tx, {
            actor: actorOf(user),
            action: 'auth.logout',
            entityType: 'user',
            entityId: user.username.toLowerCase(),
            pemdaCode: user.pemda_code,
            ip,
          });
        });
      },

      async listSessions(token) {
        const session = await liveSession(token);
        const rows = await listLiveSessions(db, session.actor.userId, SESSION_IDLE_SECONDS);
        return rows.map((row) => ({
          id: row.id,
          createdAt: iso(row.created_at),
          lastSeenAt: iso(row.last_seen_at),
          expiresAt: iso(row.expires_at),
          ip: row.ip,
          userAgent: row.user_agent,
          current: row.id === session.sessionId,
        }));
      },

      async endSession(token, sessionId, { ip }) {
        const session = await liveSession(token);
        await db.transaction(async (tx) => {
          if (!(await deleteUserSession(tx, session.actor.userId, sessionId))) {
            throw new AppError(
              'not_found',
              problem(
                'SESSION_NOT_FOUND',
                `Anda tidak memiliki sesi ${sessionId}.`,
                `You have no session ${sessionId}.`,
              ),
            );
          }
          await recordAudit(tx, {
            actor: session.actor,
            action: 'auth.session_end',
            entityType: 'user',
            entityId: session.actor.username.toLowerCase(),
            pemdaCode: pemdaOf(session.actor),
            ip,
            details: { sessionId },
          });
        });
      },

      async endOtherSessions(token, { ip }) {
        const session = await liveSession(token);
        return db.transaction(async (tx) => {
          const ended = await deleteUserSessions(tx, session.actor.userId, session.sessionId);
          await recordAudit(tx, {
            actor: session.actor,
            action: 'auth.session_end',
            entityType: 'user',
            entityId: session.actor.username.toLowerCase(),
            pemdaCode: pemdaOf(session.actor),
            ip,
            details: { others: ended },
          });
          return ended;
        });
      },
    } satisfies Pick<
      AuthService,
      'sessionFromToken' | 'actorFromToken' | 'logout' | 'listSessions' | 'endSession' | 'endOtherSessions'
    >,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
