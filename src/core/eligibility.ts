/**
 * Whether a worker may be enrolled in a sponsorship programme on a day (issue 4, domain-rules §5).
 * Every refusal is a Problem naming its rule, and all of them are returned at once, so an ASN or an
 * officer sees everything that stands in the way. Age limits are effective-dated data.
 */
import { ageInYears, type IsoDate, parseIsoDate } from './calendar.ts';
import { type Problem, problem } from './message.ts';
import { parseRegionCode } from './regions.ts';

export interface AgeLimit {
  /** The first day of enrolment the limit applies to. */
  effectiveFrom: IsoDate;
  years: number;
  legalBasis: string;
  verify?: string;
}

export interface EligibilityRules {
  /** The worker must be at least this old on the day of enrolment; ascending by `effectiveFrom`. */
  minimumAge: readonly AgeLimit[];
  /** The worker must be younger than this on the day of enrolment; ascending by `effectiveFrom`. */
  enrolmentAgeBelow: readonly AgeLimit[];
}

/** The start of the BPU rules Asuh holds (PP 44/2015, in the contribution schedules from 2015-07). */
const BPU_RULES_START = '2015-07-01';

export const ELIGIBILITY_RULES: EligibilityRules = {
  minimumAge: [
    {
      effectiveFrom: BPU_RULES_START,
      years: 15,
      legalBasis:
        'The working age in labour law (domain-rules §5); no minimum age for BPU enrolment was found',
      verify:
        'No regulation setting a minimum age for BPU participants was found; 15 is the working age, kept as ' +
        'data until the rule is confirmed.',
    },
  ],
  enrolmentAgeBelow: [
    {
      effectiveFrom: BPU_RULES_START,
      years: 65,
      legalBasis:
        "BPJS Ketenagakerjaan's conditions for BPU enrolment (domain-rules §5): under 65 when enrolled, at " +
        'most 64 years 11 months; a participant who enrolled in time may keep paying',
      verify:
        'The regulation that sets the limit is not cited in domain-rules, nor is its start: it is applied to ' +
        'every enrolment Asuh handles. "At most 64 years 11 months" is read as any day before the 65th ' +
        'birthday, the reading that admits the most workers.',
    },
  ],
};

export interface WorkerForEligibility {
  birthDate: IsoDate;
  deceasedOn?: IsoDate | null;
  /** An active BPJSTK participant paid by someone else, per the last enrolment response. */
  activeElsewhere?: boolean;
  villageCode: string | null;
}

export interface ProgrammeArea {
  /** The region workers must live in (a regency or district code); absent or null: anywhere. */
  areaCode?: string | null;
}

/**
 * The rules that keep `worker` out of `programme` when enrolling on `onDate`; empty when eligible.
 * Only enrolment is checked: a worker enrolled in time keeps paying past the age limit.
 */
export function checkEligibility(
  worker: WorkerForEligibility,
  programme: ProgrammeArea,
  onDate: IsoDate,
  rules: EligibilityRules = ELIGIBILITY_RULES,
): Problem[] {
  const problems: Problem[] = [];
  const age = ageInYears(worker.birthDate, onDate);
  const minimum = limitOn(rules.minimumAge, onDate, 'minimum age');
  const below = limitOn(rules.enrolmentAgeBelow, onDate, 'maximum enrolment age');

  if (worker.deceasedOn) {
    if (!parseIsoDate(worker.deceasedOn)) {
      throw new RangeError(`not a calendar date (YYYY-MM-DD): ${worker.deceasedOn}`);
    }
    if (worker.deceasedOn <= onDate) {
      problems.push(
        problem(
          'ELIGIBILITY_DECEASED',
          `Pekerja tercatat meninggal pada ${worker.deceasedOn}.`,
          `The worker is recorded as deceased on ${worker.deceasedOn}.`,
        ),
      );
    }
  }
  if (age < minimum.years) {
    problems.push(
      problem(
        'ELIGIBILITY_TOO_YOUNG',
        `Pekerja berumur ${age} tahun pada ${onDate}; peserta harus berumur minimal ${minimum.years} tahun.`,
        `The worker is ${age} on ${onDate}; participants must be at least ${minimum.years}.`,
      ),
    );
  }
  if (age >= below.years) {
    problems.push(
      problem(
        'ELIGIBILITY_TOO_OLD',
        `Pekerja berumur ${age} tahun pada ${onDate}; peserta BPU harus berumur di bawah ${below.years} tahun saat didaftarkan.`,
        `The worker is ${age} on ${onDate}; a BPU participant must be under ${below.years} when enrolled.`,
      ),
    );
  }
  if (worker.activeElsewhere) {
    problems.push(
      problem(
        'ELIGIBILITY_ACTIVE_ELSEWHERE',
        'Pekerja sudah menjadi peserta aktif BPJS Ketenagakerjaan yang iurannya dibayar pihak lain (menurut tanggapan pendaftaran terakhir).',
        'The worker is already an active BPJS Ketenagakerjaan participant paid by someone else (per the last enrolment response).',
      ),
    );
  }
  const area = programme.areaCode;
  if (area) {
    if (!parseRegionCode(area).ok) throw new RangeError(`not a region code: ${area}`);
    if (worker.villageCode === null) {
      problems.push(
        problem(
          'ELIGIBILITY_VILLAGE_UNKNOWN',
          `Desa tempat tinggal pekerja belum dicatat; program ini hanya untuk pekerja yang tinggal di wilayah ${area}.`,
          `The worker's home village is not recorded; this programme is only for workers living in region ${area}.`,
        ),
      );
    } else if (worker.villageCode !== area && !worker.villageCode.startsWith(`${area}.`)) {
      problems.push(
        problem(
          'ELIGIBILITY_OUTSIDE_AREA',
          `Desa pekerja (${worker.villageCode}) di luar wilayah program (${area}).`,
          `The worker's village (${worker.villageCode}) is outside the programme's region (${area}).`,
        ),
      );
    }
  }
  return problems;
}

function limitOn(limits: readonly AgeLimit[], date: IsoDate, what: string): AgeLimit {
  const limit = limits.filter((entry) => entry.effectiveFrom <= date).at(-1);
  if (!limit) throw new RangeError(`no ${what} in force on ${date}`);
  return limit;
}
