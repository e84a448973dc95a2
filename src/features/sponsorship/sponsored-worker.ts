import type { IsoDate } from '../../core/calendar.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, problem } from '../../core/message.ts';
import { validateWorkerRow, type WorkerColumn, type WorkerRow } from '../../core/registry/worker-row.ts';
import { invalid, notFound } from '../../errors.ts';
import type { Caller } from '../registry/index.ts';
import { TRANSFER_RECORDED } from '../transfers/index.ts';
import { findEligibilityFacts } from './facts-repository.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import { conflict } from './sponsorship-rules.ts';
import type { NewSponsorshipInput, NewWorkerInput } from './sponsorship-types.ts';

/**
 * The worker a new sponsorship is for: found in the Pemda's registry, or typed in as a new one
 * and held to the registry import's rules.
 */

type WorkerDeps = Pick<SponsorshipDeps, 'db' | 'regions' | 'transfers'>;

const NIK_PATTERN = /^\d{16}$/;

/** The fields of the new-worker form, named as the registry import names its columns. */
const WORKER_FIELDS: Record<WorkerColumn, { field: keyof NewWorkerInput; label: Message }> = {
  nik: { field: 'nik', label: { id: 'NIK', en: 'NIK' } },
  nama: { field: 'name', label: { id: 'Nama', en: 'Name' } },
  tanggal_lahir: { field: 'birthDate', label: { id: 'Tanggal lahir', en: 'Date of birth' } },
  jenis_kelamin: { field: 'sex', label: { id: 'Jenis kelamin', en: 'Sex' } },
  pekerjaan: { field: 'occupation', label: { id: 'Pekerjaan', en: 'Occupation' } },
  sektor: { field: 'sector', label: { id: 'Sektor', en: 'Sector' } },
  kode_desa: { field: 'villageCode', label: { id: 'Kode desa', en: 'Village code' } },
  no_hp: { field: 'phone', label: { id: 'Nomor HP', en: 'Mobile number' } },
  desil: { field: 'welfareDecile', label: { id: 'Desil kesejahteraan', en: 'Welfare decile' } },
};

/**
 * The worker a new sponsorship is for: one in the Pemda's registry by NIK, or a new one checked
 * as an import row. Another Pemda's worker reads exactly as a NIK registered nowhere; typed as a
 * new worker, they are asked for by a transfer request, never taken.
 */
export async function resolveWorker(
  deps: WorkerDeps,
  input: NewSponsorshipInput,
  pemdaCode: string,
  today: IsoDate,
  caller: Caller,
) {
  if ((input.nik === undefined) === (input.worker === undefined)) {
    throw invalid(
      problem(
        'WORKER_CHOICE',
        'Isi NIK pekerja yang sudah terdaftar, atau data pekerja baru: salah satu saja.',
        "Give either the NIK of a registered worker or a new worker's details, not both.",
      ),
    );
  }
  if (input.nik !== undefined) {
    const nik = input.nik.trim();
    if (!NIK_PATTERN.test(nik)) {
      throw invalid(
        problem('INVALID_NIK', `NIK "${nik}" harus 16 digit.`, `NIK "${nik}" must be 16 digits.`),
      );
    }
    const found = await findEligibilityFacts(deps.db, nik, pemdaCode);
    if (!found) {
      throw notFound(
        problem(
          'WORKER_NOT_FOUND',
          `Pekerja dengan NIK ${maskNik(nik)} belum ada di registri. Isi data pekerja baru untuk menambahkannya.`,
          `No worker with NIK ${maskNik(nik)} is in the registry. Fill in the new worker's details to add them.`,
        ),
      );
    }
    return { facts: found, newWorker: null };
  }
  const typed = input.worker!.nik.trim();
  const standing = NIK_PATTERN.test(typed)
    ? await deps.transfers.nikStanding(deps.db, typed, pemdaCode)
    : null;
  if (standing?.linked) {
    throw conflict(
      problem(
        'WORKER_ALREADY_REGISTERED',
        `Pekerja dengan NIK ${typed} sudah ada di registri: tambahkan dengan NIK saja.`,
        `A worker with NIK ${typed} is already in the registry: add them by NIK alone.`,
      ),
    );
  }
  const newWorker = await validateNewWorker(deps, input.worker!, pemdaCode, today);
  if (standing?.registered) await askForTransfer(deps, newWorker, pemdaCode, caller);
  return {
    facts: { ...newWorker, deceasedOn: null, activeElsewhere: false },
    newWorker,
  };
}

/** Records a transfer request for a new worker whose NIK another Pemda holds, and says so. */
export async function askForTransfer(
  { db, transfers }: WorkerDeps,
  worker: WorkerRow,
  pemdaCode: string,
  caller: Caller,
): Promise<never> {
  const id = await db.transaction((tx) =>
    transfers.recordTransferRequest(
      tx,
      { nik: worker.nik, name: worker.name, birthDate: worker.birthDate, note: null },
      { ...caller, pemdaCode },
    ),
  );
  throw conflict(problem('WORKER_TRANSFER_REQUESTED', TRANSFER_RECORDED.id, TRANSFER_RECORDED.en), {
    transferId: id,
  });
}

/** The registry import's row rules, so a worker added here is held to what an import demands. */
async function validateNewWorker(
  { db, regions }: WorkerDeps,
  input: NewWorkerInput,
  pemdaCode: string,
  today: IsoDate,
): Promise<WorkerRow> {
  const [villages, codes] = await Promise.all([
    regions.pemdaVillageCodes(db, pemdaCode),
    regions.currentRegencyAndDistrictCodes(db),
  ]);
  const villageSet = new Set(villages);
  const regionSet = new Set(codes);
  const { record, issues } = validateWorkerRow(
    {
      nik: input.nik,
      nama: input.name,
      tanggal_lahir: input.birthDate,
      jenis_kelamin: input.sex,
      pekerjaan: input.occupation,
      sektor: input.sector,
      kode_desa: input.villageCode,
      no_hp: input.phone,
      desil: input.welfareDecile,
    },
    {
      today,
      pemdaCode,
      isPemdaVillage: (code) => villageSet.has(code),
      regionExists: (code) => regionSet.has(code),
    },
  );
  if (record) return record;
  const problems = issues
    .filter((issue) => issue.severity === 'rejected')
    .map((issue) => {
      const { field, label } = WORKER_FIELDS[issue.column as WorkerColumn];
      return {
        field,
        ...problem(issue.code, `${label.id}: ${issue.message.id}`, `${label.en}: ${issue.message.en}`),
      };
    });
  throw invalid(problems[0]!, { problems });
}
