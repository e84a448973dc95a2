import type { Database } from '../../db/database.ts';
import { createProgrammeAccess, createProgrammeReads } from './programme-reads.ts';
import { createProgrammeWrites } from './programme-writes.ts';

/**
 * Programmes of a Pemda: cohorts, CSR and donor programmes with their terms, and ASN-policy
 * programmes governed by circular letters, with the compliance each ASN owes under them.
 */

export interface ProgrammeDeps {
  db: Database;
  /** The clock "today" is read from, in each Pemda's time zone. */
  now: () => Date;
}

export function createProgrammeService({ db, now }: ProgrammeDeps) {
  const access = createProgrammeAccess({ db, now });
  const reads = createProgrammeReads({ db, access });
  return { ...reads, ...createProgrammeWrites({ db, access, get: reads.get }) };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
