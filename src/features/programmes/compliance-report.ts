import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { type IsoDate, isIsoDate } from '../../core/calendar.ts';
import { problem } from '../../core/message.ts';
import {
  EMPLOYMENT_TYPE_LABELS,
  OBLIGATION_STATUS_LABELS,
  policyInForce,
} from '../../core/programme-policy.ts';
import type { Queryable } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { complianceReach } from '../../platform/access/scopes.ts';
import { type ErrorFileFormat, streamTable } from '../../platform/files/issue-file.ts';
import { type ComplianceRow, computeCompliance } from './compliance.ts';
import { findOpdOfPemda, type ProgrammeRow, programmeRef } from './programme-repository.ts';
import type {
  ComplianceItem,
  ComplianceQuery,
  ComplianceReport,
  ComplianceTotals,
} from './programme-types.ts';
import { asOf } from './programme-views.ts';

/** The compliance list of an ASN-policy programme, as a page for the screen and as a file for a report. */

const opdNotFound = (id: number) =>
  notFound(problem('OPD_NOT_FOUND', `OPD ${id} tidak ditemukan.`, `No OPD ${id} was found.`));

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

const COMPLIANCE_COLUMNS = [
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

export interface ComplianceReportDeps {
  db: Queryable;
  /** Today in the Pemda's time zone. */
  today: (pemdaCode: string) => IsoDate;
}

export function createComplianceReports({ db, today }: ComplianceReportDeps) {
  /** The rows the caller reads on the day asked (today by default), narrowed to an OPD when asked. */
  async function complianceRows(
    row: ProgrammeRow,
    query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
    actor: Actor | null,
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
    const reach = actor ? complianceReach(actor) : {};
    let opdId = query.opd;
    if (reach.opdId !== undefined) {
      // An OPD head checks their own staff; another OPD is not there for them.
      if (opdId !== undefined && opdId !== reach.opdId) throw opdNotFound(opdId);
      opdId = reach.opdId;
    }
    let opd: { id: number; name: string } | null = null;
    if (opdId !== undefined) {
      const found = await findOpdOfPemda(db, opdId, row.pemdaCode);
      if (!found) throw opdNotFound(opdId);
      opd = found;
    }
    const rows = await computeCompliance(db, {
      programmeId: row.id,
      on,
      ...(opdId === undefined ? {} : { opdId }),
      ...(reach.nips ? { nips: reach.nips } : {}),
    });
    const inForce = policyInForce(
      row.versions.map((version) => version.policy),
      on,
    );
    return { on, opd, rows, policy: asOf(inForce, on) };
  }

  return {
    async report(row: ProgrammeRow, query: ComplianceQuery, actor: Actor | null): Promise<ComplianceReport> {
      const { on, opd, rows, policy } = await complianceRows(row, query, actor);
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

    /** Every row the filters keep, streamed as it is written. */
    async file(
      row: ProgrammeRow,
      query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
      actor: Actor | null,
      format: ErrorFileFormat,
    ): Promise<{ fileName: string; body: Readable }> {
      const { on, opd, rows } = await complianceRows(row, query, actor);
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
