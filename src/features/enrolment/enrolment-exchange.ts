import type { IsoDate } from '../../core/calendar.ts';
import { parseIsoDate } from '../../core/calendar.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import type { GroupAccountType } from '../../core/group-accounts.ts';
import type { Sex } from '../../core/identifiers/common.ts';
import { problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import {
  IssueList,
  optionalText,
  type Parsed,
  type RawRow,
  type RowResult,
  requiredMissing,
  requiredText,
} from '../../core/registry/row.ts';

/** `ASUH-REG-3502-000001`: the Pemda's code without dots and the batch's number. */
export function batchReference(pemdaCode: string, seq: number): string {
  return `ASUH-REG-${pemdaCode.replaceAll('.', '')}-${String(seq).padStart(6, '0')}`;
}

/** `ASUH-SP-3502-000123`: the sponsorship each line stands for. */
export function sponsorshipReference(pemdaCode: string, sponsorshipId: number): string {
  return `ASUH-SP-${pemdaCode.replaceAll('.', '')}-${String(sponsorshipId).padStart(6, '0')}`;
}

const SPONSORSHIP_REFERENCE = /^ASUH-SP-(\d{2,4})-(\d{1,15})$/;

/** The sponsorship a reference names within the Pemda, or null when it names none of its own. */
export function parseSponsorshipReference(reference: string, pemdaCode: string): number | null {
  const match = SPONSORSHIP_REFERENCE.exec(reference.trim().toUpperCase());
  if (!match || match[1] !== pemdaCode.replaceAll('.', '')) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * How Asuh and BPJS Ketenagakerjaan exchange registrations. Today a branch takes a file and
 * returns one (`file-exchange.ts`); an online BPJSTK API can replace it by implementing this
 * interface, and the enrolment service, which knows only this interface, does not change.
 */
export interface EnrolmentExchange {
  /** Names the channel in the records it leaves (`file`). */
  readonly channel: string;
  /** Hands a registration batch to BPJSTK. */
  sendBatch(batch: OutgoingBatch): Promise<BatchReceipt>;
  /** The branch's responses waiting to be applied, one at a time. */
  fetchResponses(): AsyncIterable<IncomingResponse>;
}

/** One person to register, in the batch's order: by group account, holder, then NIK. */
export interface BatchLine {
  groupAccountType: GroupAccountType | null;
  groupHolder: string;
  nik: string;
  name: string;
  birthDate: IsoDate;
  sex: Sex;
  villageCode: string | null;
  villageName: string | null;
  occupation: string | null;
  phone: string | null;
  programmes: readonly Programme[];
  declaredIncome: number;
  firstMonth: Period;
  sponsorshipReference: string;
}

export interface OutgoingBatch {
  reference: string;
  pemdaCode: string;
  pemdaName: string;
  createdAt: string;
  /** Lines per group account and holder, for a summary. */
  groups: readonly { groupAccountType: GroupAccountType | null; holder: string; members: number }[];
  /** Read from the database a page at a time, so a batch of any size costs the same memory. */
  lines(): AsyncIterable<BatchLine>;
}

export interface BatchReceipt {
  lines: number;
  /** Where it went: a file's path, or none when it was streamed to a download. */
  location: string | null;
}

/** A line of a response as received: the documented columns by name, as written. */
export interface ResponseLine {
  rowNumber: number;
  values: RawRow;
  /** Identifier columns that arrived as numbers (see `numberCellIssues`). */
  numberCells?: string[];
}

export interface IncomingResponse {
  name: string | null;
  /** Identifies the content: the same response received twice is applied once. */
  sha256: string;
  lines: AsyncIterable<ResponseLine>;
  close(): void;
}

/**
 * The columns of a response, in the documented order. The branch may also return the batch file
 * itself with these filled in: extra columns are ignored.
 */
export const RESPONSE_COLUMNS = [
  'no_batch',
  'ref_asuh',
  'nik',
  'kpj',
  'status_kepesertaan',
  'tanggal_mulai',
  'alasan_ditolak',
] as const;

/**
 * The KPJ (participant number) as BPJSTK issues it. Data, not a literal in the checks, because the
 * length is only what public integrations show.
 */
export const KPJ_FORMAT = {
  digits: 11,
  source: 'domain-rules §5: the BPJSTK participant number, 11 digits as seen in public integrations',
  verify: 'No regulation fixing the length was found; correct it here if the branch issues others.',
} as const;

/**
 * registered: BPJSTK enrolled the person under this programme (membership from the start date);
 * active_elsewhere: already an active participant somebody else pays for; rejected: refused.
 */
export type ResponseOutcome = 'registered' | 'active_elsewhere' | 'rejected';

const OUTCOME_BY_WORD: Record<string, ResponseOutcome> = {
  aktif: 'registered',
  active: 'registered',
  sudah_aktif: 'active_elsewhere',
  already_active: 'active_elsewhere',
  ditolak: 'rejected',
  rejected: 'rejected',
};

export interface ResponseAnswer {
  batchReference: string;
  /** From `ref_asuh` when the branch kept it; the NIK alone finds the line otherwise. */
  sponsorshipId: number | null;
  nik: string;
  kpj: string | null;
  outcome: ResponseOutcome;
  startDate: IsoDate | null;
  reason: string | null;
}

const fail = (code: string, id: string, en: string): Parsed<never> => ({
  ok: false,
  problem: problem(code, id, en),
});

function parseNikShape(raw: string): Parsed<string> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  if (/^\d{16}$/.test(value)) return { ok: true, value };
  return fail(
    'INVALID_NIK',
    'NIK harus 16 digit angka. Di Excel, format kolom nik sebagai Teks: sel angka hanya menyimpan 15 digit.',
    'A NIK is 16 digits. In Excel, format the nik column as Text: a number cell keeps only 15 digits.',
  );
}

export function parseKpj(raw: string): Parsed<string> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  if (new RegExp(`^\\d{${KPJ_FORMAT.digits}}$`).test(value)) return { ok: true, value };
  return fail(
    'ENROLMENT_KPJ_INVALID',
    `Nomor KPJ harus ${KPJ_FORMAT.digits} digit angka (tertulis "${value}"). Di Excel, format kolom kpj sebagai Teks agar angka 0 di depan tidak hilang.`,
    `A KPJ number is ${KPJ_FORMAT.digits} digits (written "${value}"). In Excel, format the kpj column as Text so that leading zeros stay.`,
  );
}

/** `YYYY-MM-DD`, or `DD/MM/YYYY` as Indonesian spreadsheets show dates. */
function parseDay(raw: string): Parsed<IsoDate> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = slashed
    ? `${slashed[3]}-${slashed[2]!.padStart(2, '0')}-${slashed[1]!.padStart(2, '0')}`
    : value;
  if (parseIsoDate(iso)) return { ok: true, value: iso };
  return fail(
    'ENROLMENT_DATE_INVALID',
    `Tanggal "${value}" tidak sah: tulis YYYY-MM-DD (2026-04-01) atau DD/MM/YYYY (01/04/2026), tanggal yang ada di kalender.`,
    `"${value}" is not a valid date: write YYYY-MM-DD (2026-04-01) or DD/MM/YYYY (01/04/2026), a day of the calendar.`,
  );
}

function parseOutcome(raw: string): Parsed<ResponseOutcome> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const outcome = OUTCOME_BY_WORD[value.toLowerCase().replace(/[\s-]+/g, '_')];
  if (outcome) return { ok: true, value: outcome };
  return fail(
    'ENROLMENT_STATUS_UNKNOWN',
    `Status kepesertaan "${value}" tidak dikenal: tulis AKTIF, SUDAH_AKTIF (sudah peserta aktif yang dibayar pihak lain) atau DITOLAK.`,
    `Participant status "${value}" is unknown: write AKTIF (active), SUDAH_AKTIF (already active, paid by someone else) or DITOLAK (rejected).`,
  );
}

/**
 * Checks one response line by itself; what needs the database (is the NIK in that batch?) is
 * checked afterwards for all lines at once.
 */
export function parseResponseLine(raw: RawRow, pemdaCode: string): RowResult<ResponseAnswer> {
  const list = new IssueList();
  const text = (column: (typeof RESPONSE_COLUMNS)[number]) => raw[column] ?? '';
  const batchReference = list.take('no_batch', text('no_batch'), requiredText(text('no_batch'), 40));
  const nik = list.take('nik', text('nik'), parseNikShape(text('nik')));
  const outcome = list.take(
    'status_kepesertaan',
    text('status_kepesertaan'),
    parseOutcome(text('status_kepesertaan')),
  );

  const reference = text('ref_asuh').trim();
  const sponsorshipId = reference === '' ? null : parseSponsorshipReference(reference, pemdaCode);
  if (reference !== '' && sponsorshipId === null) {
    list.reject(
      'ref_asuh',
      reference,
      problem(
        'ENROLMENT_REFERENCE_INVALID',
        `Referensi "${reference}" bukan referensi sponsor Pemda ${pemdaCode} (bentuknya ASUH-SP-${pemdaCode.replaceAll('.', '')}-000123); kosongkan bila tidak ada.`,
        `"${reference}" is not a sponsorship reference of Pemda ${pemdaCode} (they read ASUH-SP-${pemdaCode.replaceAll('.', '')}-000123); leave it empty if unknown.`,
      ),
    );
  }

  // A registration needs its KPJ and start; elsewhere they are kept when given; a refusal needs its reason.
  const kpjText = text('kpj');
  const startText = text('tanggal_mulai');
  let kpj: string | null = null;
  let startDate: IsoDate | null = null;
  let reason: string | null = null;
  if (outcome === 'registered' || (outcome === 'active_elsewhere' && kpjText.trim() !== '')) {
    kpj = list.take('kpj', kpjText, parseKpj(kpjText)) ?? null;
  }
  if (outcome === 'registered' || (outcome === 'active_elsewhere' && startText.trim() !== '')) {
    startDate = list.take('tanggal_mulai', startText, parseDay(startText)) ?? null;
  }
  const reasonText = text('alasan_ditolak');
  if (outcome === 'rejected') {
    reason = list.take('alasan_ditolak', reasonText, requiredText(reasonText, 500)) ?? null;
  } else if (outcome === 'active_elsewhere') {
    reason = list.take('alasan_ditolak', reasonText, optionalText(reasonText, 500)) ?? null;
  }

  return list.result(() => ({
    batchReference: batchReference!.toUpperCase(),
    sponsorshipId,
    nik: nik!,
    kpj,
    outcome: outcome!,
    startDate,
    reason,
  }));
}
