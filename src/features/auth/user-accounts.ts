import { type Actor, ROLES, type Role } from '../../core/access.ts';
import { parseNip } from '../../core/identifiers/nip.ts';
import { type Problem, problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { findOpdIdByKey, opdNameKey } from '../pemda/index.ts';
import {
  actorOf,
  checkScope,
  deleteUserSessions,
  findOrganisationIdByName,
  findUser,
  findUserById,
  insertUser,
  listUserRecords,
  type UserRecord,
  updatePassword,
} from './auth-repository.ts';
import type { AuthService, CreateUserOptions, NewUser, UserScope, UserSummary } from './auth-types.ts';
import { checkPassword, generatePassword, hashPassword, refusedPassword } from './password.ts';

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

const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;

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

const userNotFound = (username: string) =>
  new AppError(
    'not_found',
    problem(
      'USER_NOT_FOUND',
      `Tidak ada akun "${username}" yang Anda kelola.`,
      `There is no account "${username}" that you manage.`,
    ),
  );

/** User accounts: created with their role's scope, listed, and their passwords set or reset by others. */
export function createUserAccounts({
  db,
}: {
  db: Database;
}): Pick<
  AuthService,
  'createUser' | 'listUsers' | 'resolveOpd' | 'resolveOrganisation' | 'resetPassword' | 'setPassword'
> {
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
    // A national monitor creates anyone; a Pemda admin only the Pemda-bound accounts of their Pemda.
    requireAccess(actor, 'users.manage', { pemdaCode: input.pemdaCode, accountRole: role });
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

    async resetPassword(actor, username, { ip }) {
      requireAccess(actor, 'users.reset_password');
      const user = await findUser(db, username.trim().toLowerCase());
      // The accounts an administrator manages are the ones they may create.
      if (!user || !may(actor, 'users.manage', { pemdaCode: user.pemda_code, accountRole: user.role })) {
        throw userNotFound(username.trim());
      }
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
