import type { IsoDate } from '../core/calendar.ts';
import type { Sex } from '../core/identifiers/common.ts';
import { formatNip } from '../core/identifiers/nip.ts';
import type { EmploymentType } from '../core/registry/asn-row.ts';
import {
  appointmentMonth,
  asnName,
  buildProfiles,
  type Echelon,
  EDUCATIONS,
  type Education,
  FEMALE_SHARE,
  STRUCTURAL_FEMALE_SHARE,
} from './demo-asn-profiles.ts';
import {
  EMPLOYMENT_MIX,
  HOSPITAL_NAMES,
  KECAMATAN_OPD,
  NON_ASN_PAY,
  type OpdKind,
  type OpdTemplate,
  PNS_SALARY,
  PPPK_SALARY,
  REGENCY_OPDS,
} from './demo-data.ts';
import { epochDay, isoOfEpochDay, monthOfEpochDay, REFERENCE_MONTH } from './demo-people.ts';
import { mix32, Random } from './demo-random.ts';

/**
 * A deterministic synthetic Pemda: its roster of ASN here, its registry of vulnerable workers in
 * ./demo-workers.ts, drawn from a seed so that the same seed gives the same people, row for row,
 * on any machine. Rows are yielded one at a time: a million of them never sit in memory together.
 */

/** The Pemda's region tree: where its people live and where their NIKs were issued. */
export interface DemoRegions {
  code: string;
  name: string;
  provinceName: string;
  districts: { code: string; name: string; villages: string[] }[];
}

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

/** A step of a pay scale read on a straight line between its first and its 32nd year. */
function salaryAt(scale: { min: number; max: number }, years: number): number {
  const share = Math.min(Math.max(years, 0), 32) / 32;
  return Math.floor((scale.min + (scale.max - scale.min) * share) / 100) * 100;
}
