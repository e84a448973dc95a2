import type { Readable } from 'node:stream';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { requireAccess } from '../../platform/access/policy.ts';
import { EVERYTHING, pemdaSummaryScope } from '../../platform/access/scopes.ts';
import type { ErrorFileFormat } from '../../platform/files/issue-file.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { createComplianceReports } from './compliance-report.ts';
import { todayInPemda } from './pemda-clock.ts';
import {
  findProgramme,
  findProgrammeByKey,
  listProgrammes,
  type ProgrammeRow,
  pemdaInScope,
  programmeNotFound,
} from './programme-repository.ts';
import type {
  Caller,
  ComplianceQuery,
  ComplianceReport,
  ProgrammeDetail,
  ProgrammeSummary,
} from './programme-types.ts';
import { detailOf, summaryOf } from './programme-views.ts';

/** Programmes are read Pemda-wide: an OPD head or an ASN reads their own Pemda's. */
const scopeOf = (caller: Caller) => (caller.actor ? pemdaSummaryScope(caller.actor) : EVERYTHING);

/** Who reads and who writes which Pemda's programmes, and "today" in each Pemda. */
export function createProgrammeAccess({ db, now }: { db: Database; now: () => Date }) {
  const access = {
    scopeOf,

    today: (pemdaCode: string) => todayInPemda(pemdaCode, now()),

    /** A Pemda the caller reads, or not found: another Pemda's programmes do not exist for them. */
    async requireReadablePemda(code: string, caller: Caller): Promise<void> {
      const parsed = parseRegionCode(code);
      if (!parsed.ok) throw invalid(parsed.problem);
      if (!(await pemdaInScope(db, code, scopeOf(caller)))) throw notFound(pemdaNotOnboarded(code));
    },

    /** Writes are the Pemda admin's (and the command line's); readers are told they may not. */
    requireWritable(pemdaCode: string, caller: Caller): void {
      requireAccess(caller.actor, 'programmes.administer', { pemdaCode });
    },

    /** The Pemda exists and the caller may write there. */
    async requireWritablePemda(pemdaCode: string, caller: Caller): Promise<void> {
      await access.requireReadablePemda(pemdaCode, caller);
      access.requireWritable(pemdaCode, caller);
    },

    async requireProgramme(id: number, caller: Caller, tx: Queryable = db): Promise<ProgrammeRow> {
      const row = await findProgramme(tx, id, scopeOf(caller));
      if (!row) throw programmeNotFound(id);
      return row;
    },
  };
  return access;
}

export type ProgrammeAccess = ReturnType<typeof createProgrammeAccess>;

export function createProgrammeReads({ db, access }: { db: Database; access: ProgrammeAccess }) {
  const compliance = createComplianceReports({ db, today: access.today });

  return {
    async list(pemdaCode: string, caller: Caller): Promise<ProgrammeSummary[]> {
      await access.requireReadablePemda(pemdaCode, caller);
      const rows = await listProgrammes(db, pemdaCode, scopeOf(caller));
      const day = access.today(pemdaCode);
      return rows.map((row) => summaryOf(row, day));
    },

    async get(id: number, caller: Caller): Promise<ProgrammeDetail> {
      const row = await access.requireProgramme(id, caller);
      return detailOf(row, access.today(row.pemdaCode));
    },

    async getByKey(pemdaCode: string, key: string, caller: Caller): Promise<ProgrammeDetail> {
      await access.requireReadablePemda(pemdaCode, caller);
      const row = await findProgrammeByKey(db, pemdaCode, key, scopeOf(caller));
      if (!row) throw programmeNotFound(key);
      return detailOf(row, access.today(pemdaCode));
    },

    async compliance(id: number, query: ComplianceQuery, caller: Caller): Promise<ComplianceReport> {
      const row = await access.requireProgramme(id, caller);
      return compliance.report(row, query, caller.actor);
    },

    /** The compliance list as a file for the OPD head's report: every row the filters keep. */
    async openComplianceFile(
      id: number,
      query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
      caller: Caller,
      format: ErrorFileFormat,
    ): Promise<{ fileName: string; body: Readable }> {
      const row = await access.requireProgramme(id, caller);
      return compliance.file(row, query, caller.actor, format);
    },
  };
}

export type ProgrammeReads = ReturnType<typeof createProgrammeReads>;
