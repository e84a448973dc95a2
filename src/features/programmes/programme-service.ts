import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { type IsoDate, isIsoDate, todayInWib } from '../../core/calendar.ts';
import { ContributionError, priceMonth } from '../../core/contributions/engine.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import { type Problem, problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import {
  EMPLOYMENT_TYPE_LABELS,
  OBLIGATION_STATUS_LABELS,
  type ProgrammePolicy,
  phaseOn,
  policyInForce,
  validatePolicyVersions,
} from '../../core/programme-policy.ts';
import { parseRegionCode, TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, mayAdministerPemda } from '../../platform/access/policy.ts';
import { pemdaSummaryScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type ErrorFileFormat, streamTable } from '../../platform/files/issue-file.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { type ComplianceRow, computeCompliance } from './compliance.ts';
import {
  EVERYWHERE,
  findProgramme,
  findProgrammeByKey,
  insertPolicyVersion,
  insertProgramme,
  listProgrammes,
  lockProgramme,
  opdsOfPemda,
  type ProgrammeRow,
  programmeNotFound,
  programmeRef,
  regionExists,
} from './programme-repository.ts';
import {
  type ComplianceItem,
  type ComplianceQuery,
  type ComplianceReport,
  type ComplianceTotals,
  type NewProgramme,
  type ProgrammeDetail,
  type ProgrammeSummary,
  policySchema,
} from './programme-types.ts';

export interface Caller {
  /** None for the command line, which acts as the system. */
  actor: Actor | null;
  ip?: string | null;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
const HOUR_MS = 3_600_000;

/** Programmes are read Pemda-wide: an OPD head or an ASN reads their own Pemda's. */
const scopeOf = (actor: Actor | null) => (actor ? pemdaSummaryScope(actor) : EVERYWHERE);

/** Today as the Pemda's clock shows it: compliance "today" turns at its midnight, not Jakarta's. */
export function todayInPemda(pemdaCode: string, now: Date): IsoDate {
  const zone = TIME_ZONES[zoneOfPemda(pemdaCode)];
  return todayInWib(
    new Date(now.getTime() + (zone.utcOffsetHours - TIME_ZONES.WIB.utcOffsetHours) * HOUR_MS),
  );
}

const POLICY_WORDS = { id: 'Kebijakan', en: 'The policy' };
const PROGRAMME_WORDS = { id: 'Program', en: 'The programme' };

/** Every problem in one error, one per line, so a user fixes them in one go. */
function rejected(code: string, what: { id: string; en: string }, problems: readonly Problem[]): AppError {
  const list = (language: 'id' | 'en') => problems.map((p) => `- ${p.message[language]}`).join('\n');
  return invalid(
    problem(
      code,
      `${what.id} tidak dapat disimpan (${problems.length} masalah):\n${list('id')}`,
      `${what.en} cannot be saved (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list('en')}`,
    ),
    { problems },
  );
}

const policyRejected = (problems: readonly Problem[]) => rejected('POLICY_INVALID', POLICY_WORDS, problems);

/** A policy as a file or a form sends it: its shape first, then the core's rules. */
export function parsePolicy(value: unknown): ProgrammePolicy {
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    throw policyRejected(
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.') || '(root)';
        return problem(
          'POLICY_FIELD_INVALID',
          `Kolom "${path}" tidak sah: ${issue.message}`,
          `Field "${path}" is not valid: ${issue.message}`,
        );
      }),
    );
  }
  return parsed.data as ProgrammePolicy;
}

const notLater = (latest: IsoDate) =>
  problem(
    'POLICY_NOT_LATER',
    `Versi baru harus berlaku sesudah versi terakhir (${latest}); surat edaran yang sudah dicatat tidak diubah.`,
    `A new version must take effect after the latest one (${latest}); recorded circular letters are never changed.`,
  );

const opdNotFound = (id: number) =>
  notFound(problem('OPD_NOT_FOUND', `OPD ${id} tidak ditemukan.`, `No OPD ${id} was found.`));

const asOf = (policy: ProgrammePolicy | null, on: IsoDate) =>
  policy && policy.effectiveFrom <= on
    ? {
        effectiveFrom: policy.effectiveFrom,
        circularLetter: policy.circularLetter,
        standing: policy.standing,
        mandatory: policy.mandatory,
        perSponsor: policy.perSponsor,
        phase: phaseOn(policy, on)?.label ?? null,
      }
    : null;

function summaryOf(row: ProgrammeRow, today: IsoDate): ProgrammeSummary {
  const { versions, contributionProgrammes, declaredIncome, ...rest } = row;
  const inForce = policyInForce(
    versions.map((version) => version.policy),
    today,
  );
  const contribution = inForce
    ? {
        programmes: [...inForce.contribution.programmes],
        declaredIncome: inForce.contribution.declaredIncome,
      }
    : contributionProgrammes && declaredIncome !== null
      ? { programmes: contributionProgrammes, declaredIncome }
      : null;
  return {
    ...rest,
    areaCode: inForce ? inForce.areaCode : row.areaCode,
    contribution,
    versionCount: versions.length,
    inForce: asOf(inForce, today),
  };
}

function detailOf(row: ProgrammeRow, today: IsoDate): ProgrammeDetail {
  const inForce = policyInForce(
    row.versions.map((version) => version.policy),
    today,
  );
  return {
    ...summaryOf(row, today),
    today,
    versions: row.versions.map((version) => ({
      ...version,
      inForce: inForce !== null && version.effectiveFrom === inForce.effectiveFrom,
    })),
  };
}

function totalsOf(rows: readonly ComplianceRow[]): ComplianceTotals {
  const totals: ComplianceTotals = {
    asn: rows.length,
    met: 0,
    short: 0,
    notObliged: 0,
    overLimit: 0,
    workersShort: 0,
    workersHeld: 0,
  };
  const field = { met: 'met', short: 'short', not_obliged: 'notObliged', over_limit: 'overLimit' } as const;
  for (const row of rows) {
    totals[field[row.obligation.status]] += 1;
    totals.workersShort += row.obligation.short;
    totals.workersHeld += row.held;
  }
  return totals;
}

const itemOf = ({ obligation, ...row }: ComplianceRow): ComplianceItem => ({
  ...row,
  status: obligation.status,
  required: obligation.required,
  allowed: obligation.allowed,
  short: obligation.short,
  phase: obligation.phase?.label ?? null,
  reason: obligation.reason,
});

export const COMPLIANCE_COLUMNS = [
  'nip',
  'nama',
  'opd',
  'jenis_pegawai',
  'eselon',
  'status',
  'wajib',
  'batas',
  'ditanggung',
  'kurang',
  'tahap',
  'alasan',
  'reason',
] as const;

function complianceCells(row: ComplianceRow): (string | number)[] {
  const { obligation } = row;
  return [
    row.nip,
    row.name,
    row.opdName,
    EMPLOYMENT_TYPE_LABELS[row.employmentType].id,
    row.echelon ?? '',
    OBLIGATION_STATUS_LABELS[obligation.status].id,
    obligation.required,
    obligation.allowed ?? '',
    row.held,
    obligation.short,
    obligation.phase?.label.id ?? '',
    obligation.reason.id,
    obligation.reason.en,
  ];
}

export function createProgrammeService(db: Database, clock: () => Date = () => new Date()) {
  /** A Pemda the caller reads, or not found: another Pemda's programmes do not exist for them. */
  async function requireReadablePemda(code: string, caller: Caller): Promise<void> {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    const scope = scopeOf(caller.actor);
    const rows = await db.query(`SELECT 1 FROM pemda p WHERE p.code = $1 AND ${scope.sql('p.code', 2)}`, [
      code,
      ...scope.params,
    ]);
    if (rows.length === 0) throw notFound(pemdaNotOnboarded(code));
  }

  /** Writes are the Pemda admin's (and the command line's); readers are told they may not. */
  function assertMayWrite(caller: Caller, pemdaCode: string) {
    if (caller.actor && !mayAdministerPemda(caller.actor, pemdaCode)) throw forbidden();
  }

  async function requireProgramme(id: number, caller: Caller, tx: Queryable = db): Promise<ProgrammeRow> {
    const row = await findProgramme(tx, id, scopeOf(caller.actor));
    if (!row) throw programmeNotFound(id);
    return row;
  }

  const today = (pemdaCode: string) => todayInPemda(pemdaCode, clock());

  /** Area of a programme: a region that exists, inside the Pemda. */
  async function areaProblems(q: Queryable, pemdaCode: string, area: string | null): Promise<Problem[]> {
    if (area === null) return [];
    const parsed = parseRegionCode(area);
    if (!parsed.ok) return [parsed.problem];
    if (area !== pemdaCode && !area.startsWith(`${pemdaCode}.`)) {
      return [
        problem(
          'PROGRAMME_AREA_OUTSIDE_PEMDA',
          `Wilayah program "${area}" harus berada di dalam wilayah Pemda ${pemdaCode}.`,
          `The programme's area "${area}" must lie inside the Pemda's region ${pemdaCode}.`,
        ),
      ];
    }
    if (!(await regionExists(q, area))) {
      return [
        problem(
          'PROGRAMME_AREA_UNKNOWN',
          `Wilayah "${area}" tidak ada dalam daftar wilayah Kemendagri.`,
          `Region "${area}" is not in the Home Affairs list of regions.`,
        ),
      ];
    }
    return [];
  }

  /**
   * What the core cannot judge without the database: the programme the version belongs to, the
   * Pemda's OPDs it names, its area, and that it comes after the versions already in force.
   */
  async function versionProblems(
    q: Queryable,
    row: ProgrammeRow,
    policy: ProgrammePolicy,
  ): Promise<Problem[]> {
    const problems: Problem[] = [];
    if (policy.programmeKey !== row.key || policy.pemdaCode !== row.pemdaCode) {
      problems.push(
        problem(
          'POLICY_OTHER_PROGRAMME',
          `Kebijakan ini untuk program "${policy.programmeKey}" Pemda ${policy.pemdaCode}, bukan "${row.key}" Pemda ${row.pemdaCode}.`,
          `This policy is for programme "${policy.programmeKey}" of Pemda ${policy.pemdaCode}, not "${row.key}" of Pemda ${row.pemdaCode}.`,
        ),
      );
    }
    const latest = row.versions.at(-1);
    if (latest && policy.effectiveFrom <= latest.effectiveFrom) problems.push(notLater(latest.effectiveFrom));
    // A version from the same day as a stored one is not later than the latest: said once, above.
    const core = validatePolicyVersions([...row.versions.map((version) => version.policy), policy]);
    problems.push(...core.filter((p) => p.code !== 'POLICY_VERSIONS_SAME_DAY'));
    if (problems.length > 0) return problems;

    const named = [...new Set(policy.phases.flatMap((phase) => phase.sponsors.opdIds ?? []))];
    const known = new Set(await opdsOfPemda(q, row.pemdaCode, named));
    const unknown = named.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      problems.push(
        problem(
          'POLICY_OPD_UNKNOWN',
          `OPD ${unknown.join(', ')} bukan OPD Pemda ${row.pemdaCode}.`,
          `OPD ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an OPD' : 'are not OPDs'} of Pemda ${row.pemdaCode}.`,
        ),
      );
    }
    problems.push(...(await areaProblems(q, row.pemdaCode, policy.areaCode)));
    return problems;
  }

  /** One new version, judged against the versions stored, with the programme locked meanwhile. */
  async function addVersion(tx: Queryable, id: number, policy: ProgrammePolicy, caller: Caller) {
    await lockProgramme(tx, id);
    const row = await requireProgramme(id, { actor: null }, tx);
    const problems = await versionProblems(tx, row, policy);
    if (problems.length > 0) throw policyRejected(problems);
    if (!(await insertPolicyVersion(tx, row.id, policy, caller.actor?.userId ?? null))) {
      throw policyRejected([notLater(policy.effectiveFrom)]);
    }
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'programme.add_policy',
      entityType: 'programme',
      entityId: String(row.id),
      pemdaCode: row.pemdaCode,
      ip: caller.ip ?? null,
      details: {
        key: row.key,
        effectiveFrom: policy.effectiveFrom,
        circularLetter: policy.circularLetter.number,
      },
    });
  }

  /** Checks a new programme in full and stores it; the caller's transaction holds the write. */
  async function insertNew(
    tx: Queryable,
    pemdaCode: string,
    input: NewProgramme,
    caller: Caller,
  ): Promise<number> {
    const problems: Problem[] = [];
    if (!KEY_PATTERN.test(input.key)) {
      problems.push(
        problem(
          'PROGRAMME_KEY_INVALID',
          `Kunci program "${input.key}" harus 2–64 huruf kecil, angka atau tanda hubung, mis. ponorogo-asn-orang-tua-asuh.`,
          `Programme key "${input.key}" must be 2–64 lower-case letters, digits or hyphens, e.g. ponorogo-asn-orang-tua-asuh.`,
        ),
      );
    }
    if (input.name.trim() === '') {
      problems.push(
        problem('PROGRAMME_NAME_MISSING', 'Nama program wajib diisi.', "The programme's name is required."),
      );
    }
    const policyKind = input.kind === 'asn_policy';
    let programmes: Programme[] | null = null;
    let declaredIncome: number | null = null;
    if (policyKind) {
      if (input.programmes !== undefined || input.declaredIncome !== undefined || input.areaCode) {
        problems.push(
          problem(
            'PROGRAMME_TERMS_FROM_POLICY',
            'Program kebijakan ASN mengambil iuran dan wilayahnya dari surat edaran: tambahkan versi kebijakan.',
            'An ASN-policy programme takes its contribution and area from its circular letter: add a policy version.',
          ),
        );
      }
    } else {
      // Sponsored workers are BPU participants: JKK and JKM always, JHT when the programme pays it.
      programmes = [...(input.programmes ?? ['jkk', 'jkm'])];
      declaredIncome = input.declaredIncome ?? null;
      if (declaredIncome === null) {
        problems.push(
          problem(
            'PROGRAMME_INCOME_MISSING',
            'Penghasilan yang dilaporkan (salah satu kelas BPU) wajib diisi.',
            'The declared income (one of the BPU brackets) is required.',
          ),
        );
      } else {
        try {
          priceMonth({
            scheme: 'bpu',
            income: declaredIncome,
            programmes,
            period: today(pemdaCode).slice(0, 7) as Period,
          });
        } catch (error) {
          if (!(error instanceof ContributionError)) throw error;
          problems.push(error.problem);
        }
      }
      problems.push(...(await areaProblems(tx, pemdaCode, input.areaCode ?? null)));
    }
    const year = input.budgetYear;
    if (year !== undefined && year !== null && (year < 2000 || year > 2100)) {
      problems.push(problem('TARGET_YEAR', `Tahun ${year} tidak sah.`, `Year ${year} is not valid.`));
    }
    if (problems.length === 1) throw invalid(problems[0]!, { problems });
    if (problems.length > 1) throw rejected('PROGRAMME_INVALID', PROGRAMME_WORDS, problems);

    const id = await insertProgramme(tx, {
      pemdaCode,
      key: input.key,
      name: input.name.trim(),
      kind: input.kind,
      programmes,
      declaredIncome,
      areaCode: policyKind ? null : (input.areaCode ?? null),
      budget: input.budget ?? null,
      budgetYear: year ?? null,
      targetWorkers: input.targetWorkers ?? null,
    });
    if (id === null) {
      throw new AppError(
        'conflict',
        problem(
          'PROGRAMME_KEY_TAKEN',
          `Pemda ${pemdaCode} sudah punya program dengan kunci "${input.key}".`,
          `Pemda ${pemdaCode} already has a programme with the key "${input.key}".`,
        ),
      );
    }
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'programme.create',
      entityType: 'programme',
      entityId: String(id),
      pemdaCode,
      ip: caller.ip ?? null,
      details: { key: input.key, kind: input.kind },
    });
    return id;
  }

  /** The Pemda exists and the caller may write there. */
  async function requireWritablePemda(pemdaCode: string, caller: Caller): Promise<void> {
    await requireReadablePemda(pemdaCode, caller);
    assertMayWrite(caller, pemdaCode);
  }

  async function complianceRows(
    row: ProgrammeRow,
    query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
    caller: Caller,
  ) {
    const on = query.on ?? today(row.pemdaCode);
    if (!isIsoDate(on)) {
      throw invalid(
        problem(
          'INVALID_DATE',
          `Tanggal "${on}" tidak sah: gunakan TTTT-BB-HH.`,
          `The date "${on}" is not valid: use YYYY-MM-DD.`,
        ),
      );
    }
    const { actor } = caller;
    let opdId = query.opd;
    if (actor?.role === 'opd_head') {
      // An OPD head checks their own staff; another OPD is not there for them.
      if (opdId !== undefined && opdId !== actor.opdId) throw opdNotFound(opdId);
      opdId = actor.opdId;
    }
    let opd: { id: number; name: string } | null = null;
    if (opdId !== undefined) {
      const [found] = await db.query<{ id: number; name: string }>(
        'SELECT id, name FROM opd WHERE id = $1 AND pemda_code = $2',
        [opdId, row.pemdaCode],
      );
      if (!found) throw opdNotFound(opdId);
      opd = found;
    }
    const rows = await computeCompliance(db, {
      programmeId: row.id,
      on,
      ...(opdId === undefined ? {} : { opdId }),
      ...(actor?.role === 'asn' ? { nips: [actor.nip] } : {}),
    });
    const inForce = policyInForce(
      row.versions.map((version) => version.policy),
      on,
    );
    return { on, opd, rows, policy: asOf(inForce, on) };
  }

  return {
    async list(pemdaCode: string, caller: Caller): Promise<ProgrammeSummary[]> {
      await requireReadablePemda(pemdaCode, caller);
      const rows = await listProgrammes(db, pemdaCode, scopeOf(caller.actor));
      const day = today(pemdaCode);
      return rows.map((row) => summaryOf(row, day));
    },

    async get(id: number, caller: Caller): Promise<ProgrammeDetail> {
      const row = await requireProgramme(id, caller);
      return detailOf(row, today(row.pemdaCode));
    },

    async getByKey(pemdaCode: string, key: string, caller: Caller): Promise<ProgrammeDetail> {
      await requireReadablePemda(pemdaCode, caller);
      const row = await findProgrammeByKey(db, pemdaCode, key, scopeOf(caller.actor));
      if (!row) throw programmeNotFound(key);
      return detailOf(row, today(pemdaCode));
    },

    async create(pemdaCode: string, input: NewProgramme, caller: Caller): Promise<ProgrammeDetail> {
      await requireWritablePemda(pemdaCode, caller);
      const id = await db.transaction((tx) => insertNew(tx, pemdaCode, input, caller));
      return this.get(id, { actor: null });
    },

    /** Adds a circular letter as a new version: checked in full, stored whole, never edited later. */
    async addPolicy(id: number, input: unknown, caller: Caller): Promise<ProgrammeDetail> {
      const policy = parsePolicy(input);
      const row = await requireProgramme(id, caller);
      assertMayWrite(caller, row.pemdaCode);
      if (row.kind !== 'asn_policy') {
        throw invalid(
          problem(
            'PROGRAMME_NOT_ASN_POLICY',
            `Program "${row.name}" bukan program kebijakan ASN: ia tidak punya surat edaran.`,
            `Programme "${row.name}" is not an ASN-policy programme: it has no circular letter.`,
          ),
        );
      }
      await db.transaction((tx) => addVersion(tx, id, policy, caller));
      return this.get(id, caller);
    },

    /**
     * The command line's way in: the programme with the key gets the policy as a new version; a
     * Pemda without it gets it created as an asn_policy programme, with this as its first letter,
     * in the same transaction.
     */
    async adoptPolicy(
      pemdaCode: string,
      key: string,
      input: unknown,
      caller: Caller,
    ): Promise<{ programme: ProgrammeDetail; created: boolean }> {
      const policy = parsePolicy(input);
      await requireWritablePemda(pemdaCode, caller);
      const existing = await findProgrammeByKey(db, pemdaCode, key, scopeOf(caller.actor));
      if (existing) return { programme: await this.addPolicy(existing.id, policy, caller), created: false };
      const id = await db.transaction(async (tx) => {
        const created = await insertNew(
          tx,
          pemdaCode,
          { key, name: policy.name, kind: 'asn_policy' },
          caller,
        );
        await addVersion(tx, created, policy, caller);
        return created;
      });
      return { programme: await this.get(id, caller), created: true };
    },

    async compliance(id: number, query: ComplianceQuery, caller: Caller): Promise<ComplianceReport> {
      const row = await requireProgramme(id, caller);
      const { on, opd, rows, policy } = await complianceRows(row, query, caller);
      const shown = query.status ? rows.filter((r) => r.obligation.status === query.status) : rows;
      const start = (query.page - 1) * query.pageSize;
      return {
        programme: programmeRef(row),
        on,
        policy,
        opd,
        totals: totalsOf(rows),
        items: shown.slice(start, start + query.pageSize).map(itemOf),
        page: query.page,
        pageSize: query.pageSize,
        total: shown.length,
      };
    },

    /** The compliance list as a file for the OPD head's report: every row the filters keep. */
    async openComplianceFile(
      id: number,
      query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
      caller: Caller,
      format: ErrorFileFormat,
    ): Promise<{ fileName: string; body: Readable }> {
      const row = await requireProgramme(id, caller);
      const { on, opd, rows } = await complianceRows(row, query, caller);
      const shown = query.status ? rows.filter((r) => r.obligation.status === query.status) : rows;
      const parts = ['kepatuhan', row.key, on, opd ? `opd-${opd.id}` : null, query.status ?? null];
      const body = new PassThrough();
      streamTable(body, format, 'Kepatuhan', COMPLIANCE_COLUMNS, shown.map(complianceCells)).catch(
        (error: Error) => body.destroy(error),
      );
      return { fileName: `${parts.filter(Boolean).join('-')}.${format}`, body };
    },
  };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
