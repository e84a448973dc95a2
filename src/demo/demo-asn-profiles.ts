import type { Sex } from '../core/identifiers/common.ts';
import type { EmploymentType, Echelon as RosterEchelon } from '../core/registry/asn-row.ts';
import { DEGREES, type OpdKind, SPECIALISTS } from './demo-data.ts';
import { monthIndex, personName, REFERENCE_MONTH, YearSampler } from './demo-people.ts';
import { type Random, Weighted } from './demo-random.ts';

/**
 * Who the roster's people are, by department and post: their schooling, birth years, sex and the
 * month they were appointed, and the titles a roster writes around their names.
 */

/** A regency's structural posts run from echelon II (the Sekda is II/a); echelon I is a province's. */
export type Echelon = Exclude<RosterEchelon, 'I'>;

export type Education = 'SD' | 'SMA' | 'D3' | 'S1' | 'S2';
export const EDUCATIONS: readonly Education[] = ['SD', 'SMA', 'D3', 'S1', 'S2'];

const APPOINTMENT_AGE: Record<Education, [number, number]> = {
  SD: [18, 26],
  SMA: [19, 30],
  D3: [21, 32],
  S1: [23, 35],
  S2: [25, 35],
};

interface Profile {
  education: Weighted;
  birthYears: YearSampler;
}

function educationMix(weights: [number, number, number, number, number]): Weighted {
  return new Weighted(weights);
}

/** Women's share of staff by department (teachers and nurses are mostly women, Satpol PP mostly men). */
export const FEMALE_SHARE: Record<OpdKind, number> = {
  general: 0.35,
  education: 0.65,
  health: 0.72,
  hospital: 0.68,
  agriculture: 0.3,
  engineering: 0.25,
  finance: 0.45,
  law: 0.15,
  ict: 0.35,
};
/** Fewer women the higher the post. */
export const STRUCTURAL_FEMALE_SHARE: Record<Echelon, number> = { II: 0.15, III: 0.3, IV: 0.4 };

/** Schooling and birth years by post, employment and kind of department. */
export function buildProfiles() {
  const pnsYears = new YearSampler([
    [1965, 1969, 3],
    [1970, 1979, 4],
    [1980, 1989, 3.5],
    [1990, 1996, 2.5],
    [1997, 2001, 1.5],
  ]);
  const pppkYears = new YearSampler([
    [1965, 1974, 1],
    [1975, 1984, 2.5],
    [1985, 1994, 3],
    [1995, 2001, 1.5],
  ]);
  const nonAsnYears = new YearSampler([
    [1970, 1979, 1],
    [1980, 1989, 2],
    [1990, 2001, 3],
  ]);
  return {
    structural: {
      II: {
        education: educationMix([0, 0, 0, 15, 85]),
        birthYears: new YearSampler([[1966, 1975, 1]]),
      },
      III: {
        education: educationMix([0, 0, 0, 40, 60]),
        birthYears: new YearSampler([[1966, 1982, 1]]),
      },
      IV: {
        education: educationMix([0, 5, 5, 65, 25]),
        birthYears: new YearSampler([[1968, 1990, 1]]),
      },
    } satisfies Record<Echelon, Profile>,
    PNS: {
      education: { education: educationMix([0, 5, 3, 80, 12]), birthYears: pnsYears },
      health: { education: educationMix([1, 12, 45, 36, 6]), birthYears: pnsYears },
      other: { education: educationMix([4, 28, 10, 45, 13]), birthYears: pnsYears },
    },
    PPPK: {
      education: { education: educationMix([0, 3, 2, 92, 3]), birthYears: pppkYears },
      health: { education: educationMix([0, 5, 60, 35, 0]), birthYears: pppkYears },
      other: { education: educationMix([0, 35, 15, 48, 2]), birthYears: pppkYears },
    },
    NON_ASN: {
      education: { education: educationMix([0, 35, 5, 60, 0]), birthYears: nonAsnYears },
      health: { education: educationMix([0, 40, 40, 20, 0]), birthYears: nonAsnYears },
      other: { education: educationMix([5, 70, 5, 20, 0]), birthYears: nonAsnYears },
    },
  } satisfies Record<EmploymentType, Record<'education' | 'health' | 'other', Profile>> & {
    structural: Record<Echelon, Profile>;
  };
}

/** PPPK were first appointed in 2019, most of them in the large rounds of 2021–2024. */
const PPPK_YEARS = new Weighted([5, 0, 15, 25, 25, 20, 10]);
const PPPK_FIRST_YEAR = 2019;

/**
 * The month digits 9–14 of the NIP carry, as months since year 0: CPNS (and honorary staff's
 * first contract) at 18–35, never after the reference month; PPPK from their first rounds.
 */
export function appointmentMonth(
  random: Random,
  type: EmploymentType,
  education: Education,
  birthMonth: number,
  echelon: Echelon | null,
): number {
  const adult = birthMonth + 18 * 12;
  let month: number;
  if (type === 'PPPK') {
    month = monthIndex(PPPK_FIRST_YEAR + PPPK_YEARS.draw(random), random.between(1, 12));
  } else {
    const [youngest, oldest] = echelon === 'II' ? [22, 30] : APPOINTMENT_AGE[education];
    month = birthMonth + random.between(youngest * 12, oldest * 12 + 11);
  }
  if (month > REFERENCE_MONTH) month = random.between(Math.min(adult, REFERENCE_MONTH), REFERENCE_MONTH);
  return Math.max(month, adult);
}

interface NameContext {
  sex: Sex;
  birthYear: number;
  kind: OpdKind;
  education: Education;
  employmentType: EmploymentType;
  echelon: Echelon | null;
}

/** A civil servant's name as rosters write it, with the titles their schooling and post give. */
export function asnName(random: Random, person: NameContext): string {
  const degrees = DEGREES[person.kind];
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const graduate = person.education === 'S1' || person.education === 'S2';
  const health = person.kind === 'health' || person.kind === 'hospital';
  if (person.birthYear < 1975 && random.chance(0.05)) prefixes.push(person.sex === 'female' ? 'Hj.' : 'H.');
  if (person.echelon === 'II' && random.chance(0.1)) prefixes.push('Dr.');
  if (
    health &&
    graduate &&
    person.employmentType !== 'NON_ASN' &&
    random.chance(person.kind === 'hospital' ? 0.14 : 0.06)
  ) {
    prefixes.push(random.chance(0.15) ? 'drg.' : 'dr.');
    if (person.kind === 'hospital' && random.chance(0.4)) suffixes.push(random.pick(SPECIALISTS));
    else if (person.education === 'S2') suffixes.push(random.pick(degrees.master));
  } else if (person.education === 'D3') {
    suffixes.push(random.pick(degrees.diploma));
  } else if (graduate) {
    if (person.birthYear <= 1968 && !health && random.chance(0.5)) {
      const technical = person.kind === 'engineering' || person.kind === 'agriculture';
      prefixes.push(technical ? 'Ir.' : person.sex === 'female' ? 'Dra.' : 'Drs.');
    } else {
      const bachelor = random.pick(degrees.bachelor);
      if (bachelor === 'S.Kep.' && random.chance(0.6)) prefixes.push('Ns.');
      suffixes.push(bachelor);
    }
    if (person.education === 'S2') suffixes.push(random.pick(degrees.master));
  }
  const name = [...prefixes, personName(random, person.sex, person.birthYear)].join(' ');
  return suffixes.length > 0 ? `${name}, ${suffixes.join(', ')}` : name;
}
