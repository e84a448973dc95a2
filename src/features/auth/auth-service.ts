import { createHash, randomBytes } from 'node:crypto';
import { type Actor, ROLES, type Role } from '../../core/access.ts';
import { parseNip } from '../../core/identifiers/nip.ts';
import { type Problem, problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { forbidden } from '../../server/actor.ts';
import { recordAudit } from '../audit/audit-service.ts';
import { opdNameKey, pemdaNotOnboarded } from '../pemda/pemda-types.ts';
import {
  actorOf,
  checkScope,
  deleteEndedSessions,
  deleteSession,
  findLiveSession,
  findOpdIdByKey,
  findOrganisationIdByName,
  findUser,
  findUserById,
  insertSession,
  insertUser,
  listUserRecords,
  type SignInLimits,
  signInAllowedAt,
  touchSession,
  type UserRecord,
} from './auth-queries.ts';
import type { UserScope, UserSummary } from './auth-types.ts';
import { checkPassword, hashPassword, verifyPassword } from './password.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/** A session ends after 12 idle hours, and after 7 days whatever its use. */
const SESSION_IDLE_SECONDS = 12 * HOUR;
export const SESSION_LIFETIME_SECONDS = 7 * 24 * HOUR;
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
  login(username: string, password: string, context: { ip: string | null }): Promise<SignedIn>;
  /** The session behind a cookie's token, or null when it is unknown, ended or its user inactive. */
  sessionFromToken(token: string): Promise<{ actor: Actor; csrfToken: string } | null>;
  actorFromToken(token: string): Promise<Actor | null>;
  logout(token: string, context?: { ip?: string | null }): Promise<void>;
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
  const passwordProblem = checkPassword(input.password);
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

/** A national monitor creates anyone; a Pemda admin only the Pemda-bound accounts of their Pemda. */
function assertMayCreate(actor: Actor | null, role: Role, pemdaCode: string | undefined): void {
  if (actor === null || actor.role === 'national') return;
  const ownPemdaRoles: readonly Role[] = ['pemda_admin', 'opd_head', 'asn'];
  if (actor.role === 'pemda_admin' && ownPemdaRoles.includes(role) && pemdaCode === actor.pemdaCode) return;
  throw forbidden();
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

  async function sessionFromToken(token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
    const tokenHash = hashToken(token);
    const session = await findLiveSession(db, tokenHash, {
      idleSeconds: SESSION_IDLE_SECONDS,
      touchSeconds: SESSION_TOUCH_SECONDS,
    });
    if (!session) return null;
    if (session.stale) await touchSession(db, tokenHash);
    return { actor: actorOf(session), csrfToken: session.csrf_token };
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

    async login(username, password, { ip }) {
      const usernameKey = username.trim().toLowerCase();
      const outcome = await db.transaction(async (tx) => {
        // Attempts on one username queue here, so parallel guesses cannot all pass the count at once.
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SIGN_IN_LOCK_CLASS, usernameKey]);
        const throttled = await signInAllowedAt(tx, usernameKey, ip, SIGN_IN_LIMITS);
        if (throttled) return { kind: 'throttled', ...throttled } as const;
        const user = await findUser(tx, usernameKey);
        decoyHash ??= hashPassword(newToken());
        const verified = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
        if (!user?.active || !verified) {
          await recordAudit(tx, {
            actor: null,
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: usernameKey,
            // A known user's Pemda sees the attempts on its accounts; unknown names belong to nobody.
            pemdaCode: user?.pemda_code ?? null,
            ip,
          });
          return { kind: 'failed' } as const;
        }
        const actor = actorOf(user);
        const token = newToken();
        const csrfToken = newToken();
        await deleteEndedSessions(tx, user.id, SESSION_IDLE_SECONDS);
        await insertSession(tx, {
          tokenHash: hashToken(token),
          userId: user.id,
          csrfToken,
          ip,
          lifetimeSeconds: SESSION_LIFETIME_SECONDS,
        });
        await recordAudit(tx, {
          actor,
          action: 'auth.login',
          entityType: 'user',
          entityId: usernameKey,
          pemdaCode: user.pemda_code,
          ip,
        });
        return { kind: 'signed_in', token, csrfToken, actor } as const;
      });
      if (outcome.kind === 'throttled') throw tooManyAttempts(outcome.retryAfterSeconds);
      if (outcome.kind === 'failed') throw wrongCredentials();
      return { token: outcome.token, csrfToken: outcome.csrfToken, actor: outcome.actor };
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
