import type { Queryable } from '../../db/database.ts';
import { findPemda } from '../pemda/index.ts';
import { todayInPemda } from '../programmes/index.ts';
import { ensureApbdSponsor } from '../sponsorship/index.ts';
import { type BuildDeps, type BuildPlan, requireBuildablePemda } from './cohort-builds.ts';
import { type CohortFile, readCohortFile } from './cohort-file.ts';
import { fillFromCandidates, fillFromPool } from './cohort-fill.ts';
import { budgetMonths, checkAreas, keyFromName } from './cohort-terms.ts';
import type { Caller, CohortFileTerms, CohortQueryBody } from './cohort-types.ts';
import type { BuildResult } from './cohort-views.ts';

/**
 * APBD cohorts: the regional budget pays for workers of its own year, picked from the pool by
 * occupation, area and decile, or listed in a file of NIKs.
 */

/** The budget line's name: `APBD Kabupaten Ponorogo`. */
async function apbdName(db: Queryable, pemdaCode: string): Promise<string> {
  return `APBD ${(await findPemda(db, pemdaCode))?.name ?? pemdaCode}`;
}

function poolPlan(pemdaCode: string, body: CohortQueryBody, apbd: string): BuildPlan {
  const areas = checkAreas(pemdaCode, body.areas ?? [], false);
  const occupations = [...new Set((body.occupations ?? []).map((o) => o.trim()).filter((o) => o !== ''))];
  const months = budgetMonths(body.from, body.budgetYear, body.months);
  const name = body.name.trim();
  return {
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
  };
}

/** A file's terms, checked before a byte of the file is read. */
function fileTerms(pemdaCode: string, terms: CohortFileTerms) {
  const area = terms.area ? checkAreas(pemdaCode, [terms.area], false)[0]! : pemdaCode;
  const months = budgetMonths(terms.from, terms.budgetYear, terms.months);
  const name = terms.name.trim();
  return { area, months, name, key: terms.key ?? keyFromName(name) };
}

function filePlan(
  pemdaCode: string,
  terms: CohortFileTerms,
  checked: ReturnType<typeof fileTerms>,
  apbd: string,
  file: CohortFile & { name: string },
): BuildPlan {
  const { area, months, name, key } = checked;
  const { candidates, issues, read } = file;
  return {
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
    file: { name: file.name, sha256: file.sha256 },
    sponsor: (tx) => ensureApbdSponsor(tx, pemdaCode, apbd),
    // A retry after a lost race judges the file's rows afresh.
    fill: (tx, programme, origin) =>
      fillFromCandidates(tx, programme, origin, months, candidates, [...issues], read),
  };
}

export interface ApbdCohortDeps extends BuildDeps {
  /** The largest file an import takes (ASUH_IMPORT_MAX_BYTES). */
  maxBytes: number;
}

export function createApbdCohorts({ db, now, maxBytes, runBuild }: ApbdCohortDeps) {
  return {
    /** An APBD cohort picked from the pool by occupation, area and decile. */
    async buildFromQuery(pemdaCode: string, body: CohortQueryBody, caller: Caller): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      return runBuild(poolPlan(pemdaCode, body, await apbdName(db, pemdaCode)), caller);
    },

    /** An APBD cohort from a list of NIKs (CSV or XLSX: nik, nama, kode_desa). */
    async buildFromFile(
      pemdaCode: string,
      path: string,
      terms: CohortFileTerms,
      caller: Caller & { fileName?: string },
    ): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      const checked = fileTerms(pemdaCode, terms);
      const apbd = await apbdName(db, pemdaCode);
      const file = await readCohortFile(db, path, pemdaCode, {
        maxBytes,
        today: todayInPemda(pemdaCode, now()),
      });
      const name = caller.fileName ?? path.split('/').at(-1)!;
      return runBuild(filePlan(pemdaCode, terms, checked, apbd, { ...file, name }), caller);
    },
  };
}
