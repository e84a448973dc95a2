import type { IsoDate } from '../../core/calendar.ts';
import { parseNik } from '../../core/identifiers/nik.ts';
import { problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import { invalid } from '../../errors.ts';
import { todayInPemda } from '../programmes/index.ts';
import { ensureIndividualSponsor } from '../sponsorship/index.ts';
import type { BuildIssue } from './cohort-build-repository.ts';
import { type BuildDeps, requireBuildablePemda } from './cohort-builds.ts';
import { type Candidate, candidateOf, duplicateInFile, nikRejected } from './cohort-candidates.ts';
import { fillFromCandidates, fillFromPool } from './cohort-fill.ts';
import { checkAreas, commonArea, keyFromName, monthsOf } from './cohort-terms.ts';
import type { Caller, DonorBody } from './cohort-types.ts';
import type { BuildResult } from './cohort-views.ts';

/** Individual donors: a person pays for a number of the neediest pool workers, or for the NIKs they name. */

/** The NIKs a donor names, each judged on its own: invalid or repeated ones are turned away. */
function namedCandidates(niks: readonly string[], today: IsoDate) {
  const issues: BuildIssue[] = [];
  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  niks.forEach((nik, index) => {
    const row = index + 1;
    const decoded = parseNik(nik, { today });
    const earlier = seen.get(nik);
    const problems = decoded.valid
      ? earlier === undefined
        ? []
        : [duplicateInFile(earlier)]
      : decoded.errors;
    for (const found of problems) issues.push(nikRejected(row, nik, found));
    if (problems.length > 0 || !decoded.valid) return;
    seen.set(nik, row);
    candidates.push(candidateOf(row, nik, decoded.fields, { name: null, villageCode: null }));
  });
  return { candidates, issues };
}

export function createDonors({ db, now, runBuild }: BuildDeps) {
  return {
    /** An individual donor: a number of the neediest pool workers, or the NIKs they name. */
    async createDonor(pemdaCode: string, body: DonorBody, caller: Caller): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      if ((body.workers === undefined) === (body.niks === undefined)) {
        throw invalid(
          problem(
            'DONOR_WORKERS',
            'Sebutkan jumlah pekerja (workers) atau NIK yang ditanggung (niks), salah satu saja.',
            'Give either a number of workers (workers) or the NIKs to sponsor (niks), not both.',
          ),
        );
      }
      const districts = checkAreas(pemdaCode, body.districts ?? [], true);
      const months = monthsOf(body.from as Period, body.months);
      const donor = body.name.trim().replace(/\s+/g, ' ');
      const named = body.niks ?? [];
      const { candidates, issues } = namedCandidates(named, todayInPemda(pemdaCode, now()));
      return runBuild(
        {
          kind: 'donor',
          pemdaCode,
          key: body.key ?? keyFromName(`donatur ${donor} ${body.from}`),
          name: `Donatur ${donor} ${body.from}`,
          areaCode: districts.length > 0 ? commonArea(districts) : pemdaCode,
          budget: null,
          budgetYear: null,
          targetWorkers: body.workers ?? null,
          months,
          source: body.niks ? 'named' : 'query',
          criteria: {
            donor,
            districts,
            workers: body.workers ?? null,
            niks: body.niks?.length ?? 0,
            from: months.from,
            months: months.months,
          },
          sponsor: (tx) =>
            ensureIndividualSponsor(tx, pemdaCode, donor, {
              phone: body.phone || null,
              email: body.email || null,
            }),
          fill: (tx, programme, origin) =>
            body.niks
              ? fillFromCandidates(tx, programme, origin, months, candidates, [...issues], named.length)
              : fillFromPool(tx, programme, origin, months, {
                  areaCodes: districts,
                  limit: body.workers ?? null,
                }),
        },
        caller,
      );
    },
  };
}
