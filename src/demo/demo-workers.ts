import type { Sex } from '../core/identifiers/common.ts';
import { formatNik } from '../core/identifiers/nik.ts';
import { DECILE_WEIGHTS, OCCUPATIONS, PHONE_PREFIXES } from './demo-data.ts';
import type { DemoRegions, DemoWorker } from './demo-generator.ts';
import { DAY_MS, epochDay, isoOfEpochDay, personName, REFERENCE_YEAR } from './demo-people.ts';
import { mix32, Random, Weighted } from './demo-random.ts';

/**
 * The registry of vulnerable workers living in the Pemda, and the farmers a cohort's list adds to
 * it, drawn from a seed like the roster: the same seed gives the same people, row for row.
 */

/** The share of a regency's workers with a birth date that disagrees with their NIK. */
const BIRTH_DATE_DISAGREEMENT_RATE = 0.005;

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
