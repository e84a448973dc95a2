import { CLAIM_BENEFIT_LABELS, missingDocuments } from '../../core/benefits.ts';
import type { FundingSource } from '../../core/contributions/schedules.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Language, type Message, problem } from '../../core/message.ts';
import { AppError, notFound } from '../../errors.ts';
import type { ClaimEventRow, ClaimRow } from './claim-repository.ts';
import type { ClaimStatus, ClaimView } from './claim-types.ts';

/** What a claim looks like to its readers, and the refusals the claim desk gives. */

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, Message> = {
  registered: { id: 'Terdaftar', en: 'Registered' },
  eligible: { id: 'Layak', en: 'Eligible' },
  refused: { id: 'Ditolak', en: 'Refused' },
  approved: { id: 'Disetujui', en: 'Approved' },
  paid: { id: 'Dibayar', en: 'Paid' },
};

export const claimNotFound = (id: number) =>
  notFound(problem('CLAIM_NOT_FOUND', `Klaim #${id} tidak ditemukan.`, `Claim #${id} was not found.`));

export function wrongStatus(id: number, status: ClaimStatus, action: Message): AppError {
  const label = CLAIM_STATUS_LABELS[status];
  return new AppError(
    'conflict',
    problem(
      'CLAIM_STATUS',
      `Klaim #${id} berstatus "${label.id}" sehingga tidak dapat ${action.id}.`,
      `Claim #${id} is "${label.en}", so it cannot be ${action.en}.`,
    ),
  );
}

export const alreadyRegistered = (id: number) =>
  new AppError(
    'conflict',
    problem(
      'CLAIM_ALREADY_REGISTERED',
      `Kejadian ini sudah terdaftar sebagai klaim #${id}; putuskan klaim itu lagi bila perlu.`,
      `This incident is already registered as claim #${id}; decide that claim again if needed.`,
    ),
    { claimId: id },
  );

export function present(
  row: ClaimRow,
  events: ClaimEventRow[],
  language: Language,
  fullNik: boolean,
): ClaimView {
  const breakdown = row.breakdown;
  return {
    id: row.id,
    pemdaCode: row.pemdaCode,
    nik: fullNik ? row.nik : maskNik(row.nik),
    nikMasked: !fullNik,
    workerName: row.workerName,
    type: row.type,
    benefit: row.benefit,
    benefitLabel: CLAIM_BENEFIT_LABELS[row.type][row.benefit]?.[language] ?? row.benefit,
    incidentDate: row.incidentDate,
    filedOn: row.filedOn,
    documents: row.documents as ClaimView['documents'],
    missingDocuments: missingDocuments(row.type, row.benefit, row.documents),
    children: row.children as ClaimView['children'],
    enteredAmount: row.enteredAmount,
    membershipSince: row.membershipSince,
    note: row.note,
    status: row.status,
    decision:
      row.decisionCode === null
        ? null
        : { code: row.decisionCode, reason: (language === 'en' ? row.decisionEn : row.decisionId) ?? '' },
    coverage: row.coverage
      ? {
          covered: row.coverage.covered,
          code: row.coverage.code,
          state: row.coverage.state,
          period: row.coverage.period,
        }
      : null,
    funding:
      row.fundingSource && row.programme
        ? {
            source: row.fundingSource as FundingSource,
            programme: row.programme,
            sponsor: row.disclosed ? row.sponsor : null,
            declaredIncome: row.declaredIncome ?? 0,
          }
        : null,
    benefitAmount: row.benefitAmount,
    breakdown: (breakdown?.components ?? []).map((component) => ({
      code: component.code,
      label: component.label[language],
      amount: component.amount,
    })),
    scholarship: breakdown
      ? {
          eligible: breakdown.scholarship.eligible,
          reason: breakdown.scholarship.reason[language],
          maximum: breakdown.scholarship.maximum,
        }
      : null,
    legalBasis: breakdown?.schedule.legalBasis ?? null,
    paidAmount: row.paidAmount,
    paidOn: row.paidOn,
    paymentReference: row.paymentReference,
    createdAt: row.createdAt,
    events: events.map(({ from, to, at, by, reason }) => ({ from, to, at, by, reason })),
  };
}

export function ratio(benefits: number, contributions: number): number | null {
  return contributions > 0 ? Math.round((benefits / contributions) * 100) / 100 : null;
}
