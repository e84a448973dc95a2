import type { Actor } from '../../core/access.ts';
import type { Queryable } from '../../db/database.ts';
import { insertStagedOpds } from '../pemda/index.ts';
import { type MergeCounts, mergeStagedAsn, mergeStagedWorkers } from '../registry/index.ts';
import { requestTransfersOfStagedWorkers } from '../transfers/index.ts';
import {
  DATABASE_ISSUE_SEQ,
  duplicateInFile,
  HELD_ELSEWHERE,
  HELD_ELSEWHERE_DRY_RUN,
} from './import-messages.ts';
import type { ImportKind } from './import-types.ts';
import {
  countAsnMerge,
  holdBackWorkersOfOtherPemda,
  prepareWorkerMerge,
  rejectDuplicateWorkers,
} from './staging-repository.ts';

/** Any two numbers; merges of one kind queue on it, so their counts see each other's result. */
const MERGE_LOCK = 4_127_006;

export interface StagedImport {
  importId: string;
  kind: ImportKind;
  pemdaCode: string;
  actor: Actor | null;
  dryRun: boolean;
  full: boolean;
}

/**
 * The staged rows become the registry, inside the import's one transaction `tx`: the Pemda's
 * new OPDs, then its roster (imports own the staging, Pemda the OPDs, the registry the ASN);
 * or, for workers, repeats set aside, the transfer requests for people another Pemda holds,
 * those people held back, then the registry's merge. A dry run only counts.
 */
export async function mergeStagedImport(
  tx: Queryable,
  { importId, kind, pemdaCode, actor, dryRun, full }: StagedImport,
): Promise<{ merged: MergeCounts; written: Record<string, unknown> }> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [MERGE_LOCK, kind === 'asn' ? 1 : 2]);
  if (kind === 'asn') {
    const merged = await countAsnMerge(tx, importId, pemdaCode, full);
    if (dryRun) return { merged, written: {} };
    const opdsCreated = await insertStagedOpds(tx, importId, pemdaCode);
    await mergeStagedAsn(tx, importId, pemdaCode, full);
    return { merged, written: { opdsCreated } };
  }
  await prepareWorkerMerge(tx);
  const duplicate = duplicateInFile('NIK', '{first_row}');
  await rejectDuplicateWorkers(tx, importId, DATABASE_ISSUE_SEQ, {
    code: duplicate.code,
    ...duplicate.message,
  });
  if (!dryRun) {
    await requestTransfersOfStagedWorkers(tx, importId, pemdaCode, {
      userId: actor?.userId ?? null,
      username: actor?.username ?? null,
    });
  }
  await holdBackWorkersOfOtherPemda(tx, importId, pemdaCode, DATABASE_ISSUE_SEQ, {
    code: 'WORKER_HELD_ELSEWHERE',
    ...(dryRun ? HELD_ELSEWHERE_DRY_RUN : HELD_ELSEWHERE),
  });
  return { merged: await mergeStagedWorkers(tx, importId, pemdaCode, !dryRun), written: {} };
}
