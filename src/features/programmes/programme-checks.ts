import type { IsoDate } from '../../core/calendar.ts';
import { ContributionError, priceMonth } from '../../core/contributions/engine.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import { type Problem, problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import { type ProgrammePolicy, validatePolicyVersions } from '../../core/programme-policy.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Queryable } from '../../db/database.ts';
import { type AppError, invalid } from '../../errors.ts';
import { opdsOfPemda, type ProgrammeRow, regionExists } from './programme-repository.ts';
import { type NewProgramme, policySchema } from './programme-types.ts';

/*
 * What a new programme or a new policy version must satisfy before it is stored: its shape, the
 * core's rules, and what only the database knows (regions, OPDs, the versions already stored).
 */

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

const POLICY_WORDS = { id: 'Kebijakan', en: 'The policy' };
const PROGRAMME_WORDS = { id: 'Program', en: 'The programme' };

/** Every problem in one error, one per line, so a user fixes them in one go. */
function rejected(code: string, what: { id: string; en: string }, problems: readonly Problem[]): AppError {
  const list = (language: 'id' | 'en') => problems.map((p) => `- ${p.message[language]}`).join('\n');
  return invalid(
    problem(
      code,
      `${what.id} tidak dapat disimpan (${problems.length} masalah):\n${list('id')}`,
      `${what.en} cannot be saved (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list('en')}`,
    ),
    { problems },
  );
}

export const policyRejected = (problems: readonly Problem[]) =>
  rejected('POLICY_INVALID', POLICY_WORDS, problems);

/** A policy as a file or a form sends it: its shape first, then the core's rules. */
export function parsePolicy(value: unknown): ProgrammePolicy {
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    throw policyRejected(
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.') || '(root)';
        return problem(
          'POLICY_FIELD_INVALID',
          `Kolom "${path}" tidak sah: ${issue.message}`,
          `Field "${path}" is not valid: ${issue.message}`,
        );
      }),
    );
  }
  return parsed.data as ProgrammePolicy;
}

export const notLater = (latest: IsoDate) =>
  problem(
    'POLICY_NOT_LATER',
    `Versi baru harus berlaku sesudah versi terakhir (${latest}); surat edaran yang sudah dicatat tidak diubah.`,
    `A new version must take effect after the latest one (${latest}); recorded circular letters are never changed.`,
  );

/** Area of a programme: a region that exists, inside the Pemda. */
async function areaProblems(q: Queryable, pemdaCode: string, area: string | null): Promise<Problem[]> {
  if (area === null) return [];
  const parsed = parseRegionCode(area);
  if (!parsed.ok) return [parsed.problem];
  if (area !== pemdaCode && !area.startsWith(`${pemdaCode}.`)) {
    return [
      problem(
        'PROGRAMME_AREA_OUTSIDE_PEMDA',
        `Wilayah program "${area}" harus berada di dalam wilayah Pemda ${pemdaCode}.`,
        `The programme's area "${area}" must lie inside the Pemda's region ${pemdaCode}.`,
      ),
    ];
  }
  if (!(await regionExists(q, area))) {
    return [
      problem(
        'PROGRAMME_AREA_UNKNOWN',
        `Wilayah "${area}" tidak ada dalam daftar wilayah Kemendagri.`,
        `Region "${area}" is not in the Home Affairs list of regions.`,
      ),
    ];
  }
  return [];
}

/**
 * What the core cannot judge without the database: the programme the version belongs to, the
 * Pemda's OPDs it names, its area, and that it comes after the versions already in force.
 */
export async function versionProblems(
  q: Queryable,
  row: ProgrammeRow,
  policy: ProgrammePolicy,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (policy.programmeKey !== row.key || policy.pemdaCode !== row.pemdaCode) {
    problems.push(
      problem(
        'POLICY_OTHER_PROGRAMME',
        `Kebijakan ini untuk program "${policy.programmeKey}" Pemda ${policy.pemdaCode}, bukan "${row.key}" Pemda ${row.pemdaCode}.`,
        `This policy is for programme "${policy.programmeKey}" of Pemda ${policy.pemdaCode}, not "${row.key}" of Pemda ${row.pemdaCode}.`,
      ),
    );
  }
  const latest = row.versions.at(-1);
  if (latest && policy.effectiveFrom <= latest.effectiveFrom) problems.push(notLater(latest.effectiveFrom));
  // A version from the same day as a stored one is not later than the latest: said once, above.
  const core = validatePolicyVersions([...row.versions.map((version) => version.policy), policy]);
  problems.push(...core.filter((p) => p.code !== 'POLICY_VERSIONS_SAME_DAY'));
  if (problems.length > 0) return problems;

  const named = [...new Set(policy.phases.flatMap((phase) => phase.sponsors.opdIds ?? []))];
  const known = new Set(await opdsOfPemda(q, row.pemdaCode, named));
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    problems.push(
      problem(
        'POLICY_OPD_UNKNOWN',
        `OPD ${unknown.join(', ')} bukan OPD Pemda ${row.pemdaCode}.`,
        `OPD ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an OPD' : 'are not OPDs'} of Pemda ${row.pemdaCode}.`,
      ),
    );
  }
  problems.push(...(await areaProblems(q, row.pemdaCode, policy.areaCode)));
  return problems;
}

/** What a new programme's sponsorships pay for, as stored on the programme: none for an ASN policy. */
export interface ProgrammeContribution {
  programmes: Programme[] | null;
  declaredIncome: number | null;
}

/** The contribution of a programme that is not an ASN policy: priced in `period` to prove it exists. */
function contributionProblems(input: NewProgramme, period: Period): Problem[] {
  if (input.declaredIncome === undefined || input.declaredIncome === null) {
    return [
      problem(
        'PROGRAMME_INCOME_MISSING',
        'Penghasilan yang dilaporkan (salah satu kelas BPU) wajib diisi.',
        'The declared income (one of the BPU brackets) is required.',
      ),
    ];
  }
  try {
    priceMonth({
      scheme: 'bpu',
      income: input.declaredIncome,
      programmes: [...(input.programmes ?? ['jkk', 'jkm'])],
      period,
    });
    return [];
  } catch (error) {
    if (!(error instanceof ContributionError)) throw error;
    return [error.problem];
  }
}

/** Checks a new programme in full, `period` being the Pemda's current month; throws its problems. */
export async function checkNewProgramme(
  q: Queryable,
  pemdaCode: string,
  input: NewProgramme,
  period: Period,
): Promise<ProgrammeContribution> {
  const problems: Problem[] = [];
  if (!KEY_PATTERN.test(input.key)) {
    problems.push(
      problem(
        'PROGRAMME_KEY_INVALID',
        `Kunci program "${input.key}" harus 2–64 huruf kecil, angka atau tanda hubung, mis. ponorogo-asn-orang-tua-asuh.`,
        `Programme key "${input.key}" must be 2–64 lower-case letters, digits or hyphens, e.g. ponorogo-asn-orang-tua-asuh.`,
      ),
    );
  }
  if (input.name.trim() === '') {
    problems.push(
      problem('PROGRAMME_NAME_MISSING', 'Nama program wajib diisi.', "The programme's name is required."),
    );
  }
  let contribution: ProgrammeContribution = { programmes: null, declaredIncome: null };
  if (input.kind === 'asn_policy') {
    if (input.programmes !== undefined || input.declaredIncome !== undefined || input.areaCode) {
      problems.push(
        problem(
          'PROGRAMME_TERMS_FROM_POLICY',
          'Program kebijakan ASN mengambil iuran dan wilayahnya dari surat edaran: tambahkan versi kebijakan.',
          'An ASN-policy programme takes its contribution and area from its circular letter: add a policy version.',
        ),
      );
    }
  } else {
    // Sponsored workers are BPU participants: JKK and JKM always, JHT when the programme pays it.
    contribution = {
      programmes: [...(input.programmes ?? ['jkk', 'jkm'])],
      declaredIncome: input.declaredIncome ?? null,
    };
    problems.push(...contributionProblems(input, period));
    problems.push(...(await areaProblems(q, pemdaCode, input.areaCode ?? null)));
  }
  const year = input.budgetYear;
  if (year !== undefined && year !== null && (year < 2000 || year > 2100)) {
    problems.push(problem('TARGET_YEAR', `Tahun ${year} tidak sah.`, `Year ${year} is not valid.`));
  }
  if (problems.length === 1) throw invalid(problems[0]!, { problems });
  if (problems.length > 1) throw rejected('PROGRAMME_INVALID', PROGRAMME_WORDS, problems);
  return contribution;
}
