import { problem } from '../../core/message.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import {
  deleteUserSessions,
  findUser,
  findUserById,
  type SignInLimits,
  signInAllowedAt,
  updatePassword,
} from './auth-repository.ts';
import type { AuthService, SignedIn } from './auth-types.ts';
import { checkPassword, hashPassword, refusedPassword, verifyPassword } from './password.ts';
import { HOUR, MINUTE, newToken, type Sessions } from './sessions.ts';

/**
 * Five failures in a row from one address cost a minute's wait, each further one doubles it up to
 * an hour: a guesser gets a few dozen tries a day per address, and a user who mistypes waits a
 * minute. These live in the database (the audit log), so several processes share them.
 */
const SIGN_IN_LIMITS: SignInLimits = {
  freeFailures: 5,
  firstDelaySeconds: MINUTE,
  maxDelaySeconds: HOUR,
  memorySeconds: 24 * HOUR,
  perIp: 20,
  perIpWindowSeconds: 15 * MINUTE,
};
/** Any fixed number: the advisory-lock class under which attempts on one username queue. */
const SIGN_IN_LOCK_CLASS = 4_127_002;

type PasswordCheck<T> = { ok: true; value: T } | { ok: false; pemdaCode: string | null };

/** One answer for an unknown user, an inactive one and a wrong password: nobody learns which. */
const wrongCredentials = () =>
  new AppError(
    'unauthenticated',
    problem('LOGIN_FAILED', 'Nama pengguna atau kata sandi salah.', 'The username or password is incorrect.'),
  );

function tooManyAttempts(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / MINUTE);
  return new AppError(
    'rate_limited',
    problem(
      'LOGIN_RATE_LIMITED',
      `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.`,
      `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    ),
    { retryAfterSeconds },
  );
}

/** Signing in and changing one's own password: both check a password, under the same throttle. */
export function createSignIn({
  db,
  sessions,
}: {
  db: Database;
  sessions: Pick<Sessions, 'liveSession' | 'startSession'>;
}): Pick<AuthService, 'login' | 'changePassword'> {
  const { liveSession, startSession } = sessions;
  /** Verified against when the user is unknown, so both answers take the time of one argon2 run. */
  let decoyHash: Promise<string> | undefined;

  /**
   * Runs a password check under the sign-in throttle of this username and address; a failure is
   * recorded (and counted) as a failed sign-in, and answers null.
   */
  async function throttledCheck<T>(
    usernameKey: string,
    ip: string | null,
    check: (tx: Queryable) => Promise<PasswordCheck<T>>,
  ): Promise<T | null> {
    const outcome = await db.transaction(async (tx) => {
      // Attempts on one username queue here, so parallel guesses cannot all pass the count at once.
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SIGN_IN_LOCK_CLASS, usernameKey]);
      const throttled = await signInAllowedAt(tx, usernameKey, ip, SIGN_IN_LIMITS);
      if (throttled) return { kind: 'throttled', ...throttled } as const;
      const checked = await check(tx);
      if (checked.ok) return { kind: 'ok', value: checked.value } as const;
      await recordAudit(tx, {
        actor: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: usernameKey,
        // A known user's Pemda sees the attempts on its accounts; unknown names belong to nobody.
        pemdaCode: checked.pemdaCode,
        ip,
      });
      return { kind: 'failed' } as const;
    });
    if (outcome.kind === 'throttled') throw tooManyAttempts(outcome.retryAfterSeconds);
    return outcome.kind === 'failed' ? null : outcome.value;
  }

  return {
    async login(username, password, context) {
      const usernameKey = username.trim().toLowerCase();
      const signedIn = await throttledCheck<SignedIn>(usernameKey, context.ip, async (tx) => {
        const user = await findUser(tx, usernameKey);
        decoyHash ??= hashPassword(newToken());
        const verified = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
        if (!user?.active || !verified) return { ok: false, pemdaCode: user?.pemda_code ?? null };
        const started = await startSession(tx, user, context);
        await recordAudit(tx, {
          actor: started.actor,
          action: 'auth.login',
          entityType: 'user',
          entityId: usernameKey,
          pemdaCode: user.pemda_code,
          ip: context.ip,
        });
        return { ok: true, value: started };
      });
      if (!signedIn) throw wrongCredentials();
      return signedIn;
    },

    async changePassword(token, { currentPassword, newPassword }, context) {
      const session = await liveSession(token);
      const usernameKey = session.actor.username.toLowerCase();
      const user = (await findUserById(db, session.actor.userId))!;
      const reason = checkPassword(newPassword, [user.username, user.display_name]);
      if (reason) throw refusedPassword(reason);
      const passwordHash = await hashPassword(newPassword);
      const changed = await throttledCheck<SignedIn | 'unchanged'>(usernameKey, context.ip, async (tx) => {
        const current = await findUser(tx, usernameKey);
        if (!current || !(await verifyPassword(current.password_hash, currentPassword))) {
          return { ok: false, pemdaCode: user.pemda_code };
        }
        if (await verifyPassword(current.password_hash, newPassword)) {
          return { ok: true, value: 'unchanged' as const };
        }
        await updatePassword(tx, user.id, passwordHash, false);
        await deleteUserSessions(tx, user.id, null);
        const started = await startSession(tx, { ...current, must_change_password: false }, context);
        await recordAudit(tx, {
          actor: started.actor,
          action: 'auth.password_change',
          entityType: 'user',
          entityId: usernameKey,
          pemdaCode: user.pemda_code,
          ip: context.ip,
        });
        return { ok: true, value: started };
      });
      if (changed === null) {
        throw invalid(
          problem(
            'CURRENT_PASSWORD_WRONG',
            'Kata sandi saat ini salah.',
            'The current password is incorrect.',
          ),
        );
      }
      if (changed === 'unchanged') {
        throw refusedPassword(
          problem(
            'PASSWORD_UNCHANGED',
            'Kata sandi baru harus berbeda dari yang sekarang.',
            'The new password must differ from the current one.',
          ),
        );
      }
      return changed;
    },
  };
}
