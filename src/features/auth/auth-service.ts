import { createHash, randomBytes } from 'node:crypto';
import { type Actor, ROLES, type Role } from '../../core/access.ts';
import { parseNip } from '../../core/identifiers/nip.ts';
import { type Problem, problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { forbidden } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { loginRequired } from '../../server/actor.ts';
import { opdNameKey } from '../pemda/pemda-types.ts';
import {
  actorOf,
  checkScope,
  deleteEndedSessions,
  deleteSession,
  deleteUserSession,
  deleteUserSessions,
  findLiveSession,
  findOpdIdByKey,
  findOrganisationIdByName,
  findUser,
  findUserById,
  insertSession,
  insertUser,
  listLiveSessions,
  listUserRecords,
  type SignInLimits,
  signInAllowedAt,
  touchSession,
  type UserRecord,
  updatePassword,
} from './auth-repository.ts';
import type { SessionInfo, UserScope, UserSummary } from './auth-types.ts';
import { checkPassword, generatePassword, hashPassword, verifyPassword } from './password.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/**
 * A session ends after 2 idle hours, and 12 hours after sign-in whatever its use: one working day.
 * The screens show personal data (NIKs, payroll), so a browser left open overnight is signed out,
 * and a stolen cookie is worth at most a day.
 */
const SESSION_IDLE_SECONDS = 2 * HOUR;
export const SESSION_LIFETIME_SECONDS = 12 * HOUR;
/** Recording every request's time would make each read a write; a minute is precise enough for 12 hours. */
const SESSION_TOUCH_SECONDS = MINUTE;
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

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  /** Checked against `ROLES`: the CLI passes what was typed. */
  role: string;
  provinceCode?: string;
  pemdaCode?: string;
  opdId?: number;
  nip?: string;
  pemdaCodes?: readonly string[];
  organisationId?: number;
}

export interface CreateUserOptions {
  /** `skip` returns the existing user unchanged (the demo loader reruns); `error` (default) refuses. */
  ifExists?: 'error' | 'skip';
  ip?: string | null;
}

export interface SignedIn {
  /** The session cookie's value; only its sha256 is stored. */
  token: string;
  csrfToken: string;
  actor: Actor;
  /** Set by an administrator's reset: until the user picks their own, that is all they may do. */
  passwordChangeRequired: boolean;
}

export interface LiveSession {
  actor: Actor;
  csrfToken: string;
  sessionId: number;
  passwordChangeRequired: boolean;
}

type PasswordCheck<T> = { ok: true; value: T } | { ok: false; pemdaCode: string | null };

/** Where a request came from, for the audit log, throttling and the list of sessions. */
export interface RequestContext {
  ip: string | null;
  userAgent?: string | null;
}

export interface AuthService {
  createUser(
    input: NewUser,
    actor: Actor | null,
    options?: CreateUserOptions,
  ): Promise<{ user: UserSummary; created: boolean }>;
  listUsers(): Promise<UserSummary[]>;
  /** The id of the Pemda's OPD given as an id or as its name (any case and spacing). */
  resolveOpd(pemdaCode: string, idOrName: string): Promise<number>;
  resolveOrganisation(name: string): Promise<number>;
  login(username: string, password: string, context: RequestContext): Promise<SignedIn>;
  /** The session behind a cookie's token, or null when it is unknown, ended or its user inactive. */
  sessionFromToken(token: string): Promise<LiveSession | null>;
  actorFromToken(token: string): Promise<Actor | null>;
  logout(token: string, context?: { ip?: string | null }): Promise<void>;
  /**
   * The signed-in user replaces their password, giving the current one: every session of theirs
   * ends, and the one returned replaces the session that asked (a new token, so a cookie copied
   * before the change is worth nothing).
   */
  changePassword(
    token: string,
    passwords: { currentPassword: string; newPassword: string },
    context: RequestContext,
  ): Promise<SignedIn>;
  /**
   * An administrator gives a user a generated temporary password, which they must replace at their
   * next sign-in; the user's sessions end. A national monitor resets anyone, a Pemda admin the
   * accounts of their Pemda (others read as unknown).
   */
  resetPassword(
    actor: Actor,
    username: string,
    context: RequestContext,
  ): Promise<{ user: UserSummary; temporaryPassword: string }>;
  /** The operator's `asuh users set-password`: the policy applies; the user's sessions end. */
  setPassword(username: string, password: string, options: { mustChange: boolean }): Promise<UserSummary>;
  listSessions(token: string): Promise<SessionInfo[]>;
  /** Ends one of the signed-in user's own sessions (404 for any other id). */
  endSession(token: string, sessionId: number, context: RequestContext): Promise<void>;
  /** Ends every session of the signed-in user but this one; how many ended. */
  endOtherSessions(token: string, context: RequestContext): Promise<number>;
}

/** The scope fields of an actor, as the API shows them. */
export function scopeOf(actor: Actor): UserScope {
  const { userId: _userId, username: _username, displayName: _displayName, role: _role, ...scope } = actor;
  return scope;
}

function summaryOf(record: UserRecord): UserSummary {
  const actor = actorOf(record);
  return {
    id: record.id,
    username: record.username,
    displayName: record.display_name,
    role: record.role,
    active: record.active,
    scope: scopeOf(actor),
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const newToken = () => randomBytes(32).toString('base64url');

const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;

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

const ROLE_SCOPE: Record<Role, { needs: readonly ScopeField[]; label: { id: string; en: string } }> = {
  national: { needs: [], label: { id: 'tanpa wilayah', en: 'no scope' } },
  province: { needs: ['provinceCode'], label: { id: 'kode provinsi', en: 'a province code' } },
  pemda_admin: { needs: ['pemdaCode'], label: { id: 'kode Pemda', en: 'a Pemda code' } },
  opd_head: {
    needs: ['pemdaCode', 'opdId'],
    label: { id: 'kode Pemda dan OPD', en: 'a Pemda code and an OPD' },
  },
  asn: { needs: ['pemdaCode', 'nip'], label: { id: 'kode Pemda dan NIP', en: 'a Pemda code and a NIP' } },
  bpjstk_officer: {
    needs: ['pemdaCodes'],
    label: { id: 'daftar kode Pemda', en: 'a list of Pemda codes' },
  },
  sponsor_org: { needs: ['organisationId'], label: { id: 'organisasi', en: 'an organisation' } },
};
type ScopeField = 'provinceCode' | 'pemdaCode' | 'opdId' | 'nip' | 'pemdaCodes' | 'organisationId';
const SCOPE_FIELDS: readonly ScopeField[] = [
  'provinceCode',
  'pemdaCode',
  'opdId',
  'nip',
  'pemdaCodes',
  'organisationId',
];
const FIELD_LABELS: Record<ScopeField, { id: string; en: string }> = {
  provinceCode: { id: 'kode provinsi', en: 'province code' },
  pemdaCode: { id: 'kode Pemda', en: 'Pemda code' },
  opdId: { id: 'OPD', en: 'OPD' },
  nip: { id: 'NIP', en: 'NIP' },
  pemdaCodes: { id: 'daftar kode Pemda', en: 'list of Pemda codes' },
  organisationId: { id: 'organisasi', en: 'organisation' },
};

function isGiven(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
}

/** Rules that need no database: the username, the name, the password, the role and its scope's shape. */
function checkNewUser(input: NewUser): { role: Role; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!USERNAME_PATTERN.test(input.username)) {
    problems.push(
      problem(
        'USERNAME_INVALID',
        `Nama pengguna "${input.username}" tidak sah: 3–64 karakter berupa huruf, angka, titik, garis bawah, tanda hubung atau @.`,
        `Username "${input.username}" is not valid: 3–64 characters of letters, digits, dot, underscore, hyphen or @.`,
      ),
    );
  }
  if (input.displayName.trim() === '') {
    problems.push(
      problem(
        'DISPLAY_NAME_REQUIRED',
        'Nama lengkap pengguna wajib diisi.',
        "The user's full name is required.",
      ),
    );
  }
  const passwordProblem = checkPassword(input.password, [input.username, input.displayName]);
  if (passwordProblem) problems.push(passwordProblem);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    problems.push(
      problem(
        'ROLE_INVALID',
        `Peran "${input.role}" tidak dikenal. Pilih salah satu: ${ROLES.join(', ')}.`,
        `Unknown role "${input.role}". Choose one of: ${ROLES.join(', ')}.`,
      ),
    );
    return { role: 'national', problems };
  }
  const role = input.role as Role;
  const { needs, label } = ROLE_SCOPE[role];
  const missing = needs.filter((field) => !isGiven(input[field]));
  const extra = SCOPE_FIELDS.filter((field) => !needs.includes(field) && isGiven(input[field]));
  if (missing.length > 0 || extra.length > 0) {
    const extraText = (language: 'id' | 'en') =>
      extra.map((field) => FIELD_LABELS[field][language]).join(', ');
    problems.push(
      problem(
        'ROLE_SCOPE',
        `Peran ${role} memerlukan ${label.id}${extra.length > 0 ? `, dan tidak memakai ${extraText('id')}` : ''}.`,
        `Role ${role} needs ${label.en}${extra.length > 0 ? `, and takes no ${extraText('en')}` : ''}.`,
      ),
    );
  }
  for (const code of [input.provinceCode, input.pemdaCode, ...(input.pemdaCodes ?? [])]) {
    if (code === undefined || code === '') continue;
    const parsed = parseRegionCode(code);
    if (!parsed.ok) problems.push(parsed.problem);
  }
  if (input.nip !== undefined && input.nip !== '') {
    // The NIP must only be well-formed here: its ASN row, which the next check finds, was validated on import.
    problems.push(...parseNip(input.nip).errors);
  }
  return { role, problems };
}

const OWN_PEMDA_ROLES: readonly Role[] = ['pemda_admin', 'opd_head', 'asn'];

/** A national monitor creates anyone; a Pemda admin only the Pemda-bound accounts of their Pemda. */
function assertMayCreate(actor: Actor | null, role: Role, pemdaCode: string | undefined): void {
  if (actor === null || actor.role === 'national') return;
  if (actor.role === 'pemda_admin' && OWN_PEMDA_ROLES.includes(role) && pemdaCode === actor.pemdaCode) return;
  throw forbidden();
}

/** The accounts an administrator manages: the same ones `assertMayCreate` lets them create. */
function mayManage(actor: Actor, user: UserRecord): boolean {
  if (actor.role === 'national') return true;
  return (
    actor.role === 'pemda_admin' && OWN_PEMDA_ROLES.includes(user.role) && user.pemda_code === actor.pemdaCode
  );
}

const userNotFound = (username: string) =>
  new AppError(
    'not_found',
    problem(
      'USER_NOT_FOUND',
      `Tidak ada akun "${username}" yang Anda kelola.`,
      `There is no account "${username}" that you manage.`,
    ),
  );

function refusedPassword(reason: Problem): AppError {
  return invalid(reason, { problems: [reason] });
}

/** Beyond any browser's own; it only keeps a list of sessions readable. */
const USER_AGENT_MAX_LENGTH = 200;

/** The Pemda whose log shows a user's own actions. */
function pemdaOf(actor: Actor): string | null {
  return 'pemdaCode' in actor ? actor.pemdaCode : null;
}

function iso(value: unknown): string {
  return new Date(value as string).toISOString();
}

export function createAuthService(db: Database): AuthService {
  /** Verified against when the user is unknown, so both answers take the time of one argon2 run. */
  let decoyHash: Promise<string> | undefined;

  async function checkScopeExists(input: NewUser, role: Role): Promise<Problem[]> {
    const pemdaCodes = [...new Set(input.pemdaCodes ?? [])];
    const found = await checkScope(db, {
      provinceCode: input.provinceCode ?? null,
      pemdaCode: input.pemdaCode ?? null,
      opdId: input.opdId ?? null,
      nip: input.nip ?? null,
      organisationId: input.organisationId ?? null,
      pemdaCodes,
    });
    const problems: Problem[] = [];
    if (role === 'province' && !found.provinceExists) {
      problems.push(
        problem(
          'PROVINCE_NOT_FOUND',
          `Provinsi dengan kode ${input.provinceCode} tidak ada dalam daftar resmi Kemendagri.`,
          `There is no province with code ${input.provinceCode} in the official Home Affairs list.`,
        ),
      );
    }
    const pemdaCode = input.pemdaCode;
    if (pemdaCode !== undefined && !found.pemdaExists) problems.push(pemdaNotOnboarded(pemdaCode));
    if (role === 'opd_head' && found.pemdaExists && found.opdPemdaCode !== pemdaCode) {
      problems.push(
        problem(
          'OPD_NOT_IN_PEMDA',
          `OPD ${input.opdId} tidak ada di Pemda ${pemdaCode}.`,
          `OPD ${input.opdId} is not a department of Pemda ${pemdaCode}.`,
        ),
      );
    }
    if (role === 'asn' && found.pemdaExists && found.asnPemdaCode !== pemdaCode) {
      problems.push(
        problem(
          'ASN_NOT_IN_PEMDA',
          `ASN dengan NIP ${input.nip} tidak ada dalam daftar ASN Pemda ${pemdaCode}.`,
          `There is no ASN with NIP ${input.nip} on the roster of Pemda ${pemdaCode}.`,
        ),
      );
    }
    for (const code of found.unknownPemdaCodes) problems.push(pemdaNotOnboarded(code));
    if (role === 'sponsor_org' && !found.organisationExists) {
      problems.push(
        problem(
          'ORGANISATION_NOT_FOUND',
          `Organisasi ${input.organisationId} tidak terdaftar.`,
          `Organisation ${input.organisationId} is not registered.`,
        ),
      );
    }
    return problems;
  }

  async function createUser(
    input: NewUser,
    actor: Actor | null,
    { ifExists = 'error', ip = null }: CreateUserOptions = {},
  ): Promise<{ user: UserSummary; created: boolean }> {
    const username = input.username.trim();
    const normalised: NewUser = { ...input, username, displayName: input.displayName.trim() };
    const { role, problems } = checkNewUser(normalised);
    if (problems.length > 0) throw invalid(problems[0]!, { problems });
    assertMayCreate(actor, role, input.pemdaCode);
    const existing = await findUser(db, username.toLowerCase());
    if (existing) {
      if (ifExists === 'skip') return { user: summaryOf(existing), created: false };
      throw usernameTaken(username);
    }
    const scopeProblems = await checkScopeExists(normalised, role);
    if (scopeProblems.length > 0) throw invalid(scopeProblems[0]!, { problems: scopeProblems });
    const passwordHash = await hashPassword(input.password);
    const id = await db.transaction(async (tx) => {
      const inserted = await insertUser(tx, {
        username,
        displayName: normalised.displayName,
        passwordHash,
        role,
        provinceCode: input.provinceCode ?? null,
        pemdaCode: input.pemdaCode ?? null,
        opdId: input.opdId ?? null,
        nip: input.nip ?? null,
        organisationId: input.organisationId ?? null,
        pemdaCodes: [...new Set(input.pemdaCodes ?? [])].sort(),
      });
      if (inserted === undefined) return undefined;
      await recordAudit(tx, {
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: username.toLowerCase(),
        pemdaCode: input.pemdaCode ?? null,
        ip,
        details: { username, role },
      });
      return inserted;
    });
    // Another process created the same username between the look-up and the insert.
    if (id === undefined) {
      const winner = await findUser(db, username.toLowerCase());
      if (ifExists === 'skip' && winner) return { user: summaryOf(winner), created: false };
      throw usernameTaken(username);
    }
    return { user: summaryOf((await findUserById(db, id))!), created: true };
  }

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
    createUser,

    async listUsers() {
      return (await listUserRecords(db)).map(summaryOf);
    },

    async resolveOpd(pemdaCode, idOrName) {
      if (/^\d+$/.test(idOrName.trim())) return Number(idOrName.trim());
      const id = await findOpdIdByKey(db, pemdaCode, opdNameKey(idOrName));
      if (id === undefined) {
        throw invalid(
          problem(
            'OPD_NOT_FOUND',
            `Tidak ada OPD bernama "${idOrName}" di Pemda ${pemdaCode}.`,
            `Pemda ${pemdaCode} has no OPD named "${idOrName}".`,
          ),
        );
      }
      return id;
    },

    async resolveOrganisation(name) {
      const id = await findOrganisationIdByName(db, name);
      if (id === undefined) {
        throw invalid(
          problem(
            'ORGANISATION_NOT_FOUND',
            `Organisasi "${name}" tidak terdaftar.`,
            `Organisation "${name}" is not registered.`,
          ),
        );
      }
      return id;
    },

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

    async resetPassword(actor, username, { ip }) {
      if (actor.role !== 'national' && actor.role !== 'pemda_admin') throw forbidden();
      const user = await findUser(db, username.trim().toLowerCase());
      if (!user || !mayManage(actor, user)) throw userNotFound(username.trim());
      const temporaryPassword = generatePassword();
      const passwordHash = await hashPassword(temporaryPassword);
      await db.transaction(async (tx) => {
        await updatePassword(tx, user.id, passwordHash, true);
        await deleteUserSessions(tx, user.id, null);
        await recordAudit(tx, {
          actor,
          action: 'user.password_reset',
          entityType: 'user',
          entityId: user.username.toLowerCase(),
          pemdaCode: user.pemda_code,
          ip,
        });
      });
      return { user: summaryOf(user), temporaryPassword };
    },

    async setPassword(username, password, { mustChange }) {
      const user = await findUser(db, username.trim().toLowerCase());
      if (!user) {
        throw new AppError(
          'not_found',
          problem('USER_NOT_FOUND', `Tidak ada akun "${username}".`, `There is no account "${username}".`),
        );
      }
      const reason = checkPassword(password, [user.username, user.display_name]);
      if (reason) throw refusedPassword(reason);
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await updatePassword(tx, user.id, passwordHash, mustChange);
        await deleteUserSessions(tx, user.id, null);
        await recordAudit(tx, {
          actor: null,
          action: 'user.password_set',
          entityType: 'user',
          entityId: user.username.toLowerCase(),
          pemdaCode: user.pemda_code,
          details: { mustChange },
        });
      });
      return summaryOf({ ...user, must_change_password: mustChange });
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
  };
}

function usernameTaken(username: string): AppError {
  return new AppError(
    'conflict',
    problem(
      'USERNAME_TAKEN',
      `Nama pengguna "${username}" sudah dipakai.`,
      `Username "${username}" is already taken.`,
    ),
  );
}
