import { formatIsoDate, type IsoDate } from '../core/calendar.ts';
import type { Sex } from '../core/identifiers/common.ts';
import { formatNik } from '../core/identifiers/nik.ts';
import { formatNip } from '../core/identifiers/nip.ts';
import type { EmploymentType, Echelon as RosterEchelon } from '../core/registry/asn-row.ts';
import {
  DECILE_WEIGHTS,
  DEGREES,
  EMPLOYMENT_MIX,
  FEMALE_NAMES,
  HOSPITAL_NAMES,
  KECAMATAN_OPD,
  MALE_NAMES,
  NON_ASN_PAY,
  OCCUPATIONS,
  type OpdKind,
  type OpdTemplate,
  PHONE_PREFIXES,
  PNS_SALARY,
  PPPK_SALARY,
  REGENCY_OPDS,
  SPECIALISTS,
} from './demo-data.ts';
import { mix32, Random, Weighted } from './demo-random.ts';

/**
 * A deterministic synthetic Pemda: its roster of ASN and its registry of vulnerable workers,
 * drawn from a seed so that the same seed gives the same people, row for row, on any machine.
 * Rows are yielded one at a time: a million of them never sit in memory together.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC), negative before. */
function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoOfEpochDay(day: number): IsoDate {
  const date = new Date(day * DAY_MS);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Months since year 0, so that month arithmetic is integer arithmetic. */
function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

function monthOfEpochDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return monthIndex(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

/**
 * The day the people's ages and careers are counted to. Fixed rather than today, so that a file
 * generated next year is the same file.
 */
const REFERENCE_YEAR = 2026;
export const DEMO_REFERENCE_DATE: IsoDate = `${REFERENCE_YEAR}-01-01`;
/** The last month an appointment may fall in: the one before the reference day. */
const REFERENCE_MONTH = monthIndex(REFERENCE_YEAR - 1, 12);

/** The Pemda's region tree: where its people live and where their NIKs were issued. */
export interface DemoRegions {
  code: string;
  name: string;
  provinceName: string;
  districts: { code: string; name: string; villages: string[] }[];
}

/** A regency's structural posts run from echelon II (the Sekda is II/a); echelon I is a province's. */
type Echelon = Exclude<RosterEchelon, 'I'>;

export interface DemoAsn {
  nip: string;
  /** With degrees and titles as the roster writes them: `Drs. Agus Santoso, M.Si.` */
  name: string;
  opd: string;
  employmentType: EmploymentType;
  /** PNS golongan `III/a`, PPPK grade `IX`; none for non-ASN staff. */
  rank: string | null;
  echelon: Echelon | null;
  baseSalary: number;
  villageCode: string;
  birthDate: IsoDate;
  sex: Sex;
  /** `YYYY-MM`, as digits 9–14 of the NIP carry it. */
  appointmentMonth: string;
}

export interface DemoWorker {
  nik: string;
  name: string;
  /** As recorded; differs from the NIK's date where `birthDateDisagrees`. */
  birthDate: IsoDate;
  sex: Sex;
  occupation: string;
  sector: string;
  villageCode: string;
  phone: string | null;
  welfareDecile: number | null;
  /**
   * One in two hundred people had their birth date corrected after their NIK was issued: the NIK
   * keeps the old date (NIKs are never reissued), so the import must warn, not refuse.
   */
  birthDateDisagrees: boolean;
}

export interface DemoOpd {
  name: string;
  kind: OpdKind;
  /** The district of a Kecamatan office, whose staff mostly live there. */
  districtIndex: number | null;
  size: number;
  posts: Record<Echelon, number>;
}

/** The share of a regency's workers with a birth date that disagrees with their NIK. */
const BIRTH_DATE_DISAGREEMENT_RATE = 0.005;

/**
 * The departments of the Pemda and how many of `count` ASN each employs, in roster order; at
 * Ponorogo's size (14,000) the structure is the regency's, smaller rosters shrink it.
 */
export function planOpds(regions: DemoRegions, count: number): DemoOpd[] {
  const templates: (OpdTemplate & { districtIndex: number | null })[] = [
    ...REGENCY_OPDS.map((template) => ({
      ...template,
      name:
        template.name === 'RSUD' ? (HOSPITAL_NAMES[regions.code] ?? `RSUD ${regions.name}`) : template.name,
      districtIndex: null,
    })),
    ...regions.districts.map((district, index) => ({
      ...KECAMATAN_OPD,
      name: `Kecamatan ${district.name}`,
      districtIndex: index,
    })),
  ];
  const sizes = apportion(
    templates.map((template) => template.staff),
    count,
  );
  return templates.map((template, index) => {
    const size = sizes[index]!;
    const scale = Math.min(1, size / template.staff);
    let left = size;
    const take = (wanted: number) => {
      const taken = Math.min(left, wanted);
      left -= taken;
      return taken;
    };
    const head = take(1);
    const posts: Record<Echelon, number> = { II: 0, III: 0, IV: 0 };
    posts[template.head] += head;
    posts.II += take(Math.round((template.extraEchelonII ?? 0) * scale));
    posts.III += take(Math.round(template.echelonIII * scale));
    posts.IV += take(Math.round(template.echelonIV * scale));
    return { name: template.name, kind: template.kind, districtIndex: template.districtIndex, size, posts };
  });
}

/**
 * Splits `total` in proportion to `weights` (largest remainder), each part at least one when
 * there are enough to go round; at `total` equal to the weights' sum every part is its weight.
 */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map((value) =>
    total >= weights.length ? Math.max(1, Math.floor(value)) : Math.floor(value),
  );
  let difference = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((x, y) => y.remainder - x.remainder || x.index - y.index);
  for (let i = 0; difference > 0; i = (i + 1) % byRemainder.length, difference--) {
    parts[byRemainder[i]!.index]! += 1;
  }
  while (difference < 0) {
    const largest = parts.indexOf(Math.max(...parts));
    parts[largest]! -= 1;
    difference++;
  }
  return parts;
}

type Education = 'SD' | 'SMA' | 'D3' | 'S1' | 'S2';
const EDUCATIONS: readonly Education[] = ['SD', 'SMA', 'D3', 'S1', 'S2'];

const RANK_ENTRY: Record<Education, number> = { SD: 0, SMA: 4, D3: 6, S1: 8, S2: 9 };
/**
 * The golongan a career reaches without a structural post: III/d for school-leavers, IV/a for
 * graduates, IV/b for teachers and health workers, whose functional grades climb further.
 */
const RANK_CAP: Record<Education, number> = { SD: 7, SMA: 11, D3: 11, S1: 12, S2: 13 };
const FUNCTIONAL_GRADUATE_CAP = 13;
/** The golongan band each echelon's holders are in (Perka BKN on structural posts). */
const RANK_BAND: Record<Echelon, [number, number]> = { II: [14, 16], III: [11, 13], IV: [9, 11] };
const PPPK_GRADE: Record<Education, string> = { SD: 'I', SMA: 'V', D3: 'VII', S1: 'IX', S2: 'X' };
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

const NIP_FIRST_DAY = epochDay(1965, 1, 1);
const NIP_DAYS = epochDay(2002, 1, 1) - NIP_FIRST_DAY;

/** Yields `count` ASN of the Pemda, department by department, heads first. */
export function* generateAsn(
  regions: DemoRegions,
  options: { seed: number; count: number },
): Generator<DemoAsn> {
  const random = new Random(options.seed, 'asn');
  const opds = planOpds(regions, options.count);
  const allVillages = regions.districts.flatMap((district) => district.villages);
  const structural = opds.reduce((sum, opd) => sum + opd.posts.II + opd.posts.III + opd.posts.IV, 0);
  const others = Math.max(1, options.count - structural);
  // Structural posts are all PNS; the others are drawn so that the whole roster keeps the mix.
  const pns = Math.max(0, EMPLOYMENT_MIX.PNS * options.count - structural) / others;
  const pppk = Math.min(1 - pns, (EMPLOYMENT_MIX.PPPK * options.count) / others);
  const serials = new Uint16Array(NIP_DAYS * 2);
  const profiles = buildProfiles();

  for (const opd of opds) {
    const health = opd.kind === 'health' || opd.kind === 'hospital';
    for (let position = 0; position < opd.size; position++) {
      const echelon = echelonAt(opd.posts, position);
      const draw = random.float();
      const employmentType: EmploymentType = echelon
        ? 'PNS'
        : draw < pns
          ? 'PNS'
          : draw < pns + pppk
            ? 'PPPK'
            : 'NON_ASN';
      const profile = echelon
        ? profiles.structural[echelon]
        : profiles[employmentType][opd.kind === 'education' ? 'education' : health ? 'health' : 'other'];
      const education = EDUCATIONS[profile.education.draw(random)]!;
      const female = echelon ? STRUCTURAL_FEMALE_SHARE[echelon] : FEMALE_SHARE[opd.kind];
      const sex: Sex = random.chance(female) ? 'female' : 'male';
      const birthDay = profile.birthYears.drawDay(random);
      const birthDate = isoOfEpochDay(birthDay);
      const birthMonth = monthOfEpochDay(birthDay);
      const appointment = appointmentMonth(random, employmentType, education, birthMonth, echelon);
      const service = Math.floor((REFERENCE_MONTH - appointment) / 12);

      let rank: string | null = null;
      let baseSalary: number;
      if (employmentType === 'PNS') {
        const functional = (opd.kind === 'education' || health) && (education === 'S1' || education === 'S2');
        const cap = functional ? FUNCTIONAL_GRADUATE_CAP : RANK_CAP[education];
        // A structural post lifts the cap to its band and holds its holder at least at the band's floor.
        const [low, high] = echelon ? RANK_BAND[echelon] : [0, cap];
        const index = Math.max(low, Math.min(RANK_ENTRY[education] + Math.floor(service / 4), high));
        const scale = PNS_SALARY[index]!;
        rank = scale.rank;
        baseSalary = salaryAt(scale, service);
      } else if (employmentType === 'PPPK') {
        rank = PPPK_GRADE[education];
        const scale = PPPK_SALARY.find((grade) => grade.rank === rank)!;
        // Most PPPK were honorary staff for years before; the grade's step counts that service.
        const earlier = random.int(opd.kind === 'education' ? 16 : 8);
        baseSalary = salaryAt(scale, service + earlier);
      } else {
        const offset = (random.float() * 2 - 1) * NON_ASN_PAY.spread;
        baseSalary = Math.round((NON_ASN_PAY.centre + offset) / NON_ASN_PAY.step) * NON_ASN_PAY.step;
      }

      const dayIndex = birthDay - NIP_FIRST_DAY;
      const slot = dayIndex * 2 + (sex === 'female' ? 1 : 0);
      // Serials count everyone appointed with that birth date; ours are a few of them.
      const serial = 1 + (mix32(options.seed ^ Math.imul(slot, 0x9e3779b1)) % 40) + serials[slot]!;
      serials[slot]! += 1;
      if (serial > 999) throw new RangeError('more ASN born on one day than NIP serials can number');
      const appointmentText = `${Math.floor(appointment / 12)}-${String((appointment % 12) + 1).padStart(2, '0')}`;
      const ownDistrict = opd.districtIndex === null ? undefined : regions.districts[opd.districtIndex];

      yield {
        nip: formatNip({ birthDate, appointmentMonth: appointmentText, sex, serial }),
        name: asnName(random, {
          sex,
          birthYear: Number(birthDate.slice(0, 4)),
          kind: opd.kind,
          education,
          employmentType,
          echelon,
        }),
        opd: opd.name,
        employmentType,
        rank,
        echelon,
        baseSalary,
        villageCode:
          ownDistrict && random.chance(0.75) ? random.pick(ownDistrict.villages) : random.pick(allVillages),
        birthDate,
        sex,
        appointmentMonth: appointmentText,
      };
    }
  }
}

function echelonAt(posts: Record<Echelon, number>, position: number): Echelon | null {
  if (position < posts.II) return 'II';
  if (position < posts.II + posts.III) return 'III';
  if (position < posts.II + posts.III + posts.IV) return 'IV';
  return null;
}

/** Women's share of staff by department (teachers and nurses are mostly women, Satpol PP mostly men). */
const FEMALE_SHARE: Record<OpdKind, number> = {
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
const STRUCTURAL_FEMALE_SHARE: Record<Echelon, number> = { II: 0.15, III: 0.3, IV: 0.4 };

function buildProfiles() {
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
function appointmentMonth(
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

/** A step of a pay scale read on a straight line between its first and its 32nd year. */
function salaryAt(scale: { min: number; max: number }, years: number): number {
  const share = Math.min(Math.max(years, 0), 32) / 32;
  return Math.floor((scale.min + (scale.max - scale.min) * share) / 100) * 100;
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
function asnName(random: Random, person: NameContext): string {
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

/** A Javanese, mostly Muslim name in the fashion of the person's generation. */
function personName(random: Random, sex: Sex, birthYear: number): string {
  const generation = birthYear < 1970 ? 'old' : birthYear < 1990 ? 'middle' : 'young';
  const pool = (sex === 'female' ? FEMALE_NAMES : MALE_NAMES)[generation];
  const form = random.float();
  const [single, triple] =
    generation === 'old' ? [0.45, 0] : generation === 'middle' ? [0.2, 0.05] : [0.06, 0.25];
  if (form < single) return random.pick(pool.single);
  const first = random.pick(pool.first);
  let last = random.pick(pool.last);
  if (last === first) last = random.pick(pool.last);
  if (form < single + triple) {
    let middle = random.pick(pool.first);
    if (middle === first) middle = random.pick(pool.single);
    return `${first} ${middle} ${last}`;
  }
  return `${first} ${last}`;
}

/** Ages of the registered workers, 17–64, weighted to the middle years. */
const WORKER_AGE_BANDS: readonly [number, number, number][] = [
  [17, 24, 11],
  [25, 34, 20],
  [35, 44, 24],
  [45, 54, 25],
  [55, 64, 20],
];
const WORKER_AGES = WORKER_AGE_BANDS.flatMap(([low, high]) =>
  Array.from({ length: high - low + 1 }, (_, i) => low + i),
);
const WORKER_AGE_WEIGHTS = new Weighted(
  WORKER_AGE_BANDS.flatMap(([low, high, weight]) => Array(high - low + 1).fill(weight / (high - low + 1))),
);
/** The birth days of people aged 17–64 on the reference day. */
const WORKER_LAST_DAY = epochDay(REFERENCE_YEAR - 17, 1, 1);
const WORKER_FIRST_DAY = epochDay(REFERENCE_YEAR - 65, 1, 2);
const WORKER_DAYS = WORKER_LAST_DAY - WORKER_FIRST_DAY + 1;

/** Yields `count` vulnerable workers living in the Pemda, each with a NIK unique among them. */
export function* generateWorkers(
  regions: DemoRegions,
  options: { seed: number; count: number },
): Generator<DemoWorker> {
  const occupations = new Weighted(OCCUPATIONS.map((occupation) => occupation.weight));
  const byVillages = new Weighted(regions.districts.map((district) => district.villages.length));
  yield* drawWorkers(regions, {
    ...options,
    stream: 'workers',
    firstSerial: 1,
    occupation: (random) => OCCUPATIONS[occupations.draw(random)]!,
    district: (random) => byVillages.draw(random),
    movers: true,
  });
}

/**
 * NIK serials of the farmers `generateFarmers` adds start here, far above any the registry's own
 * draw reaches, so the two never issue the same NIK.
 */
const FARMER_FIRST_SERIAL = 5_001;

/**
 * Yields `count` workers of one occupation living in the given districts (by index), as a
 * cohort's list adds them to a registry that holds too few: the same kind of people as
 * `generateWorkers` draws, on a stream and NIK serials of their own.
 */
export function* generateFarmers(
  regions: DemoRegions,
  options: { seed: number; count: number; occupation: string; districtIndexes: readonly number[] },
): Generator<DemoWorker> {
  const occupation = OCCUPATIONS.find((entry) => entry.name === options.occupation);
  if (!occupation) throw new RangeError(`not a demo occupation: ${options.occupation}`);
  const indexes = options.districtIndexes;
  const byVillages = new Weighted(indexes.map((index) => regions.districts[index]!.villages.length));
  yield* drawWorkers(regions, {
    seed: options.seed,
    count: options.count,
    stream: `farmers:${occupation.name}`,
    firstSerial: FARMER_FIRST_SERIAL,
    occupation: () => occupation,
    district: (random) => indexes[byVillages.draw(random)]!,
    movers: false,
  });
}

interface WorkerDraw {
  seed: number;
  count: number;
  stream: string;
  firstSerial: number;
  occupation: (random: Random) => (typeof OCCUPATIONS)[number];
  /** The index of the district that issued the NIK. */
  district: (random: Random) => number;
  /** Whether some live elsewhere in the Pemda than the district that issued their NIK. */
  movers: boolean;
}

function* drawWorkers(regions: DemoRegions, draw: WorkerDraw): Generator<DemoWorker> {
  const random = new Random(draw.seed, draw.stream);
  const districts = regions.districts;
  const allVillages = districts.flatMap((district) => district.villages);
  const deciles = new Weighted(DECILE_WEIGHTS);
  const serials = new Uint16Array(districts.length * WORKER_DAYS * 2);

  for (let i = 0; i < draw.count; i++) {
    const occupation = draw.occupation(random);
    const sex: Sex = random.chance(occupation.female) ? 'female' : 'male';
    const districtIndex = draw.district(random);
    const district = districts[districtIndex]!;
    const age = WORKER_AGES[WORKER_AGE_WEIGHTS.draw(random)]!;
    // Born in the year of life that makes them `age` on the reference day (1 January).
    const latest = epochDay(REFERENCE_YEAR - age, 1, 1);
    const birthDay = latest - random.int(latest - epochDay(REFERENCE_YEAR - age - 1, 1, 1));
    const slot =
      ((districtIndex * WORKER_DAYS + (birthDay - WORKER_FIRST_DAY)) << 1) | (sex === 'female' ? 1 : 0);
    // A NIK's serial counts everyone registered that day in the district; ours are a few of them.
    const serial = draw.firstSerial + (mix32(draw.seed ^ Math.imul(slot, 0x9e3779b1)) % 300) + serials[slot]!;
    serials[slot]! += 1;
    if (serial > 9999) throw new RangeError('more workers born on one day in one district than NIK serials');
    const nikBirthDate = isoOfEpochDay(birthDay);
    const disagrees = random.chance(BIRTH_DATE_DISAGREEMENT_RATE);
    const birthDate = disagrees ? isoOfEpochDay(correctedBirthDay(random, birthDay)) : nikBirthDate;
    const birthYear = Number(birthDate.slice(0, 4));
    const haji = birthYear < 1970 && random.chance(0.02) ? (sex === 'female' ? 'Hj. ' : 'H. ') : '';
    const name = haji + personName(random, sex, birthYear);
    // Most still live in the district that issued their NIK; some have moved within the Pemda.
    const stayed = random.chance(0.92) || !draw.movers;
    yield {
      nik: formatNik({ districtCode: district.code, birthDate: nikBirthDate, sex, serial }),
      name,
      birthDate,
      sex,
      occupation: occupation.name,
      sector: occupation.sector,
      villageCode: random.pick(stayed ? district.villages : allVillages),
      phone: random.chance(0.86) ? phoneNumber(random) : null,
      welfareDecile: random.chance(0.9) ? deciles.draw(random) + 1 : null,
      birthDateDisagrees: disagrees,
    };
  }
}

/**
 * The birth date a registry holds after a correction: day and month swapped, a year off, or a
 * few weeks off; always a different day, and still a worker of 17–64.
 */
function correctedBirthDay(random: Random, nikDay: number): number {
  const date = new Date(nikDay * DAY_MS);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const kind = random.int(3);
  let corrected: number;
  if (kind === 0 && day <= 12 && day !== month) corrected = epochDay(year, day, month);
  else if (kind <= 1) {
    const years = random.between(1, 3) * (random.chance(0.5) ? 1 : -1);
    corrected = epochDay(year + years, month, Math.min(day, month === 2 ? 28 : day));
  } else corrected = nikDay + random.between(1, 90) * (random.chance(0.5) ? 1 : -1);
  if (corrected < WORKER_FIRST_DAY || corrected > WORKER_LAST_DAY || corrected === nikDay) {
    corrected = nikDay + (nikDay - WORKER_FIRST_DAY < WORKER_DAYS / 2 ? 30 : -30);
  }
  return corrected;
}

function phoneNumber(random: Random): string {
  const length = random.chance(0.6) ? 8 : random.chance(0.6) ? 7 : 9;
  return random.pick(PHONE_PREFIXES) + String(random.int(10 ** length)).padStart(length, '0');
}

/** Draws a birth day: a year by weight, then any day of it. */
class YearSampler {
  private readonly years: number[] = [];
  private readonly weights: Weighted;

  constructor(bands: readonly [number, number, number][]) {
    const weights: number[] = [];
    for (const [from, to, weight] of bands) {
      for (let year = from; year <= to; year++) {
        this.years.push(year);
        weights.push(weight);
      }
    }
    this.weights = new Weighted(weights);
  }

  drawDay(random: Random): number {
    const year = this.years[this.weights.draw(random)]!;
    const first = epochDay(year, 1, 1);
    return first + random.int(epochDay(year + 1, 1, 1) - first);
  }
}
