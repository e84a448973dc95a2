import { findPemda } from '../pemda/index.ts';
import { todayInPemda } from '../programmes/index.ts';
import { ensureApbdSponsor } from '../sponsorship/index.ts';
import { type BuildDeps, requireBuildablePemda } from './cohort-builds.ts';
import { readCohortFile } from './cohort-file.ts';
import { fillFromCandidates, fillFromPool } from './cohort-fill.ts';
import { budgetMonths, checkAreas, keyFromName } from './cohort-terms.ts';
import type { Caller, CohortFileTerms, CohortQueryBody } from './cohort-types.ts';
import type { BuildResult } from './cohort-views.ts';

/**
 * APBD cohorts: the regional budget pays for workers of its own year, picked from the pool by
 * occupation, area and decile, or listed in a file of NIKs.
 */

export interface ApbdCohortDeps extends BuildDeps {
  /** The largest file an import takes (ASUH_IMPORT_MAX_BYTES). */
  maxBytes: number;
}

export function createApbdCohorts({ db, now, maxBytes, runBuild }: ApbdCohortDeps) {
  /** The budget line's name: `APBD Kabupaten Ponorogo`. */
  async function apbdName(pemdaCode: string): Promise<string> {
    return `APBD ${(await findPemda(db, pemdaCode))?.name ?? pemdaCode}`;
  }

  return {
    /** An APBD cohort picked from the pool by occupation, area and decile. */
    async buildFromQuery(pemdaCode: string, body: CohortQueryBody, caller: Caller): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      const areas = checkAreas(pemdaCode, body.areas ?? [], false);
      const occupations = [...new Set((body.occupations ?? []).map((o) => o.trim()).filter((o) => o !== ''))];
      const months = budgetMonths(body.from, body.budgetYear, body.months);
      const name = body.name.trim();
      const apbd = await apbdName(pemdaCode);
      return runBuild(
        {
          kind: 'apbd_cohort',
          pemdaCode,
          key: body.key ?? keyFromName(name),
          name,
          areaCode: areas.length === 1 ? areas[0]! : pemdaCode,
          budget: body.budget,
          budgetYear: body.budgetYear,
          targetWorkers: body.limit ?? null,
          months,
          source: 'query',
          criteria: {
            occupations,
            areas,
            maxDecile: body.maxDecile ?? null,
            limit: body.limit ?? null,
            from: months.from,
            months: months.months,
          },
          sponsor: (tx) => ensureApbdSponsor(tx, pemdaCode, apbd),
          fill: (tx, programme, origin) =>
            fillFromPool(tx, programme, origin, months, {
              areaCodes: areas,
              occupations,
              maxDecile: body.maxDecile,
              limit: body.limit ?? null,
            }),
        },
        caller,
      );
    },

    /** An APBD cohort from a list of NIKs (CSV or XLSX: nik, nama, kode_desa). */
    async buildFromFile(
      pemdaCode: string,
      path: string,
      terms: CohortFileTerms,
      caller: Caller & { fileName?: string },
    ): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      const area = terms.area ? checkAreas(pemdaCode, [terms.area], false)[0]! : pemdaCode;
      const months = budgetMonths(terms.from, terms.budgetYear, terms.months);
      const name = terms.name.trim();
      const key = terms.key ?? keyFromName(name);
      const apbd = await apbdName(pemdaCode);
      const { candidates, issues, read, sha256 } = await readCohortFile(db, path, pemdaCode, {
        maxBytes,
        today: todayInPemda(pemdaCode, now()),
      });
      return runBuild(
        {
          kind: 'apbd_cohort',
          pemdaCode,
          key,
          name,
          areaCode: area,
          budget: terms.budget,
          budgetYear: terms.budgetYear,
          targetWorkers: null,
          months,
          source: 'file',
          criteria: { area, from: months.from, months: months.months },
          file: { name: caller.fileName ?? path.split('/').at(-1)!, sha256 },
          sponsor: (tx) => ensureApbdSponsor(tx, pemdaCode, apbd),
          // A retry after a lost race judges the file's rows afresh.
          fill: (tx, programme, origin) =>
            fillFromCandidates(tx, programme, origin, months, candidates, [...issues], read),
        },
        caller,
      );
    },
  };
}
