import type { Actor } from '../../core/access.ts';
import type { FundingSource } from '../../core/contributions/schedules.ts';
import type { Language, Message } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { parsePeriod } from '../../core/period.ts';
import type { Database } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { seesFullNik } from '../../platform/access/policy.ts';
import { claimScope, payerDisclosure, pemdaScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { findPemda } from '../pemda/index.ts';
import { type ClaimRow, claimEvents, roiRows, searchClaims } from './claim-repository.ts';
import type { ClaimCaller } from './claim-service.ts';
import type { ClaimPage, ClaimQuery, ClaimView, RoiQuery, RoiRow, RoiView } from './claim-types.ts';
import { claimNotFound, present, ratio } from './claim-views.ts';

/** Reading claims: one, a page of them, and the return on a Pemda's contributions. */
export function createClaimReads(db: Database) {
  async function load(id: number, caller: ClaimCaller): Promise<ClaimRow> {
    const { items } = await searchClaims(
      db,
      { scope: claimScope(caller.actor), disclose: payerDisclosure(caller.actor), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw claimNotFound(id);
    return items[0];
  }

  /** Claims as shown in one language; full NIKs only for the roles that need them, and logged. */
  async function view(rows: ClaimRow[], caller: ClaimCaller, language: Language, route: string) {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (caller.actor && full && rows.length > 0) {
      await db.transaction((tx) =>
        recordAudit(tx, {
          actor: caller.actor,
          action: 'worker.read_nik',
          entityType: 'claim',
          entityId: rows.length === 1 ? String(rows[0]!.id) : undefined,
          pemdaCode: rows[0]!.pemdaCode,
          ip: caller.ip ?? null,
          details: { route, niks: [...new Set(rows.map((row) => row.nik))] },
        }),
      );
    }
    const events = await claimEvents(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      present(
        row,
        events.filter((event) => event.claimId === row.id),
        language,
        full,
      ),
    );
  }

  async function one(id: number, caller: ClaimCaller, language: Language): Promise<ClaimView> {
    const [claim] = await view([await load(id, caller)], caller, language, 'claims.get');
    return claim!;
  }
  async function pemdaReadable(code: string, actor: Actor): Promise<boolean> {
    const scope = pemdaScope(actor);
    const [row] = await db.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pemda p WHERE p.code = $1 AND ${scope.sql('p.code', 2)}) AS found`,
      [code, ...scope.params],
    );
    return row!.found;
  }

  return {
    load,
    get: one,

    async list(query: ClaimQuery, caller: ClaimCaller, language: Language): Promise<ClaimPage> {
      const { items, total } = await searchClaims(
        db,
        {
          scope: claimScope(caller.actor),
          disclose: payerDisclosure(caller.actor),
          ...(query.pemda === undefined ? {} : { pemdaCode: query.pemda }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.type === undefined ? {} : { type: query.type }),
          ...(query.nik === undefined ? {} : { nik: query.nik }),
        },
        query,
      );
      return {
        items: await view(items, caller, language, 'claims.list'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    /**
     * Contributions paid against benefits paid, by funding source and programme: Ponorogo's
     * "Rp 2.6 billion paid, over Rp 6 billion received".
     */
    async roi(pemdaCode: string, query: RoiQuery, caller: ClaimCaller, language: Language): Promise<RoiView> {
      const readable = caller.actor === null ? true : await pemdaReadable(pemdaCode, caller.actor);
      const pemda = readable ? await findPemda(db, pemdaCode) : undefined;
      if (!pemda) throw notFound(pemdaNotOnboarded(pemdaCode));
      const month = (value: string | undefined) => {
        if (value === undefined) return null;
        const parsed = parsePeriod(value);
        if (!parsed.ok) throw invalid(parsed.problem);
        return `${parsed.period}-01`;
      };
      const rows: RoiRow[] = (
        await roiRows(db, { pemdaCode, from: month(query.from), to: month(query.to) })
      ).map((row) => ({
        fundingSource: row.fundingSource as FundingSource | null,
        programme: row.programme,
        contributionsPaid: row.contributionsPaid,
        workers: row.workers,
        benefitsPaid: row.benefitsPaid,
        claimsPaid: row.claimsPaid,
        ratio: ratio(row.benefitsPaid, row.contributionsPaid),
      }));
      const sum = (pick: (row: RoiRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
      const totals = {
        contributionsPaid: sum((row) => row.contributionsPaid),
        workers: sum((row) => row.workers),
        benefitsPaid: sum((row) => row.benefitsPaid),
        claimsPaid: sum((row) => row.claimsPaid),
        ratio: null as number | null,
      };
      totals.ratio = ratio(totals.benefitsPaid, totals.contributionsPaid);
      const paid = formatRupiah(totals.contributionsPaid);
      const received = formatRupiah(totals.benefitsPaid);
      const summary: Message = {
        id: `${pemda.name}: iuran dibayar ${paid}, manfaat diterima ${received} dari ${totals.claimsPaid} klaim${totals.ratio === null ? '' : ` (${String(totals.ratio).replace('.', ',')} × iuran)`}.`,
        en: `${pemda.name}: ${paid} of contributions paid, ${received} of benefits received on ${totals.claimsPaid} claims${totals.ratio === null ? '' : ` (${totals.ratio} × contributions)`}.`,
      };
      return {
        pemdaCode,
        pemdaName: pemda.name,
        from: query.from ?? null,
        to: query.to ?? null,
        rows,
        totals,
        summary: summary[language],
      };
    },
  };
}

export type ClaimReads = ReturnType<typeof createClaimReads>;
