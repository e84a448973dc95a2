import { type Problem, problem } from '../../core/message.ts';
import type { StagingRejection } from './staging-repository.ts';

/** Issues found by the database (duplicates, another Pemda's ASN) sort after the row's own. */
export const DATABASE_ISSUE_SEQ = 100;

/**
 * A NIK another Pemda holds: the file may not take or change that person. The words are the
 * new-worker form's: they say no more than that the NIK cannot be added here.
 */
export const HELD_ELSEWHERE = {
  id: 'NIK ini tidak dapat ditambahkan sebagai pekerja baru di Pemda Anda; permintaan pindah telah dicatat. Bila disetujui, pekerja ini masuk registri Anda.',
  en: 'This NIK cannot be added as a new worker of your Pemda; a transfer request was recorded. Once it is accepted, the worker joins your registry.',
};
export const HELD_ELSEWHERE_DRY_RUN = {
  id: 'NIK ini tidak dapat ditambahkan sebagai pekerja baru di Pemda Anda; impor sungguhan akan mencatat permintaan pindah.',
  en: 'This NIK cannot be added as a new worker of your Pemda; a real import would record a transfer request.',
};

export const interrupted = () =>
  problem(
    'IMPORT_INTERRUPTED',
    'Impor terhenti sebelum selesai (server dimatikan atau proses terputus); tidak ada data yang berubah. Unggah ulang berkasnya.',
    'The import stopped before it finished (the server shut down or the process died); nothing was changed. Upload the file again.',
  );

export const unexpected = () =>
  problem(
    'IMPORT_FAILED',
    'Impor gagal karena kesalahan di server; tidak ada data yang berubah. Coba lagi; jika berulang, hubungi admin.',
    'The import failed on a server error; nothing was changed. Try again; if it persists, contact the administrator.',
  );

/** A repeat of a key already in the file; `firstRow` is where (a placeholder, for the database to fill in). */
export function duplicateInFile(keyName: 'NIK' | 'NIP', firstRow: number | string | undefined): Problem {
  return problem(
    'DUPLICATE_IN_FILE',
    `${keyName} ini sudah ada di baris ${firstRow}; hanya baris pertama yang diimpor.`,
    `This ${keyName} already appears in row ${firstRow}; only the first row is imported.`,
  );
}

export function stagingProblem(
  rejection: StagingRejection,
  firstRow: number | undefined,
  keyName: 'NIK' | 'NIP',
): Problem {
  if (rejection.other_pemda) {
    return problem(
      'NIP_OTHER_PEMDA',
      `ASN dengan NIP ini masih aktif di Pemda ${rejection.other_pemda}. Pemda tersebut perlu menonaktifkannya lebih dulu (impor roster lengkap tanpa NIP ini).`,
      `An ASN with this NIP is still active in Pemda ${rejection.other_pemda}. That Pemda must first mark them inactive (a full roster import without this NIP).`,
    );
  }
  return duplicateInFile(keyName, firstRow);
}
