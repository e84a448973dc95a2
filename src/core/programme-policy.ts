/**
 * A sponsorship programme's policy as data: what a Pemda's circular letter (Surat Edaran) says about
 * who must sponsor, how many workers, from when, and at what contribution (issue 4, domain-rules §8).
 * A new letter is a new version of the policy, never a change to this code: every ASN's obligation on
 * a day follows from the version in force that day.
 */
import { type IsoDate, parseIsoDate } from './calendar.ts';
import { ContributionError, priceMonth } from './contributions/engine.ts';
import type { Programme } from './contributions/schedules.ts';
import { type Message, type Problem, problem } from './message.ts';
import type { Rupiah } from './money.ts';
import type { Period } from './period.ts';
import { parseRegionCode } from './regions.ts';
import type { Echelon, EmploymentType } from './registry/asn-row.ts';

/** Keyed by every employment type, so a new type cannot be left without a name in messages. */
export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, Message> = {
  PNS: { id: 'PNS', en: 'PNS' },
  PPPK: { id: 'PPPK', en: 'PPPK' },
  NON_ASN: { id: 'Non ASN', en: 'non-ASN staff' },
};
export const EMPLOYMENT_TYPES = Object.keys(EMPLOYMENT_TYPE_LABELS) as EmploymentType[];

export const ECHELONS: readonly Echelon[] = ['I', 'II', 'III', 'IV'];

export interface CircularLetter {
  /** Null until the letter is issued, or while its number is not known to Asuh. */
  number: string | null;
  date: IsoDate | null;
  title: string;
}

/** Who a phase obliges; an ASN must match every list that is present. */
export interface SponsorSelector {
  employmentTypes: readonly EmploymentType[];
  /** Absent: with or without an echelon. `null` in the list stands for staff without one. */
  echelons?: readonly (Echelon | null)[];
  /** Absent: every OPD of the Pemda. */
  opdIds?: readonly number[];
}

/** From `from` until the next phase starts, the ASN its selector names are the ones obliged. */
export interface PolicyPhase {
  from: IsoDate;
  label: Message;
  sponsors: SponsorSelector;
  verify?: string;
}

export interface PolicyContribution {
  /** Sponsored workers are non-wage participants: a sponsor declares no wage for them. */
  scheme: 'bpu';
  /** JKK and JKM, and JHT where the programme pays old-age savings too. */
  programmes: readonly Programme[];
  /** One of the regulated BPU income brackets. */
  declaredIncome: Rupiah;
}

export const POLICY_STANDINGS = ['proposal', 'decided'] as const;
/**
 * Where the policy stands. Informational only: a proposal's obligations are computed like a
 * decision's, so a Pemda can see what a draft letter would demand before signing it.
 */
export type PolicyStanding = (typeof POLICY_STANDINGS)[number];

export interface ProgrammePolicy {
  /** Stable across the versions of one programme. */
  programmeKey: string;
  pemdaCode: string;
  name: string;
  standing: PolicyStanding;
  circularLetter: CircularLetter;
  /** From this day the version replaces any earlier one of the same programme. */
  effectiveFrom: IsoDate;
  /** A voluntary programme invites but obliges no one: nobody in it is ever short. */
  mandatory: boolean;
  /** In date order; the first may start after `effectiveFrom`, never before. */
  phases: readonly PolicyPhase[];
  /** Workers each obliged ASN must (`min`) and may (`max`; null: no limit) sponsor. */
  perSponsor: { min: number; max: number | null };
  contribution: PolicyContribution;
  /** Workers must live inside this region (the Pemda's or a part of it); null: anywhere. */
  areaCode: string | null;
  legalBasis: string;
  sources: readonly string[];
  /** What is uncertain in the data and why, as in the contribution schedules. */
  verify?: string;
  note?: string;
}

const KENDAL_VERIFY =
  'The letter\'s number and date are not in the seed article. "Semua ASN, baik itu PNS maupun non PNS" is ' +
  'read as PNS, PPPK and non-ASN staff alike, the reading that covers most workers. "Dimulai pada Januari ' +
  '2023" is read as from 1 January 2023.';

/** Kabupaten Kendal, in force from January 2023 (domain-rules §8). */
export const KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN: ProgrammePolicy = {
  programmeKey: 'kendal-satu-asn-satu-pekerja-rentan',
  pemdaCode: '33.24',
  name: 'Satu ASN Satu Pekerja Rentan',
  standing: 'decided',
  circularLetter: {
    number: null,
    date: null,
    title: 'Surat Edaran Bupati Kendal tentang Gerakan Satu ASN Satu Pekerja Rentan',
  },
  effectiveFrom: '2023-01-01',
  mandatory: true,
  phases: [
    {
      from: '2023-01-01',
      label: { id: 'Seluruh ASN', en: 'Every ASN' },
      sponsors: { employmentTypes: ['PNS', 'PPPK', 'NON_ASN'] },
    },
  ],
  perSponsor: { min: 1, max: null },
  contribution: { scheme: 'bpu', programmes: ['jkk', 'jkm'], declaredIncome: 1_000_000 },
  areaCode: null,
  legalBasis:
    'Inpres 2/2021 tentang Optimalisasi Pelaksanaan Program Jaminan Sosial Ketenagakerjaan; Perbup Kendal ' +
    '29/2021 tentang Pelaksanaan Program Jaminan Sosial melalui BPJS Ketenagakerjaan di Kabupaten Kendal',
  sources: [
    'swarakendal.com, "Pemkab Kendal Canangkan Gerakan Satu ASN Satu Pekerja Rentan" (socialisation to every ' +
      'OPD and kecamatan on 7 December 2022): every ASN obliged ("diwajibkan") to pay the premium of at least ' +
      'one vulnerable worker, Rp 16,800 a month, from January 2023',
  ],
  verify: KENDAL_VERIFY,
  note:
    'Workers are close family, neighbours or household help. OPD heads check that every one of their staff ' +
    'complies; companies join through CSR.',
};

const PONOROGO_VERIFY =
  'A proposal (BPJS Ketenagakerjaan Cabang Ponorogo and the Sekda, December 2023), to be reported to the Regent; ' +
  'no circular letter was issued as of the sources. Decided by nobody yet: whether it obliges or invites ' +
  '(modelled as mandatory), whether it starts with echelon II ("Apa berawal dari eselon 2 atau langsung, bisa ' +
  'dilihat nanti"), and every date here (2024-01-01 and 2024-04-01 are assumptions for the demo). ' +
  'Sponsors are PNS and PPPK: the sources count "hampir 14 ribu" ASN as sponsors and name honorary staff ' +
  '(honorer) among the people to be covered.';

/** Kabupaten Ponorogo's proposal of December 2023 (domain-rules §8), with assumed dates. */
export const PONOROGO_ASN_ORANG_TUA_ASUH: ProgrammePolicy = {
  programmeKey: 'ponorogo-asn-orang-tua-asuh',
  pemdaCode: '35.02',
  name: 'ASN Orang Tua Asuh',
  standing: 'proposal',
  circularLetter: {
    number: null,
    date: null,
    title: 'Surat Edaran Bupati Ponorogo tentang ASN Orang Tua Asuh Jaminan Sosial Ketenagakerjaan (usulan)',
  },
  effectiveFrom: '2024-01-01',
  mandatory: true,
  phases: [
    {
      from: '2024-01-01',
      label: { id: 'Pejabat eselon II', en: 'Echelon II officials' },
      sponsors: { employmentTypes: ['PNS', 'PPPK'], echelons: ['II'] },
      verify: 'Phasing by echelon was floated, not decided; the date is assumed.',
    },
    {
      from: '2024-04-01',
      label: { id: 'Seluruh ASN', en: 'Every ASN' },
      sponsors: { employmentTypes: ['PNS', 'PPPK'] },
      verify: 'The date is assumed.',
    },
  ],
  perSponsor: { min: 2, max: 3 },
  contribution: { scheme: 'bpu', programmes: ['jkk', 'jkm'], declaredIncome: 1_000_000 },
  areaCode: null,
  legalBasis: 'Inpres 2/2021; proposal of 6 December 2023, no regulation issued',
  sources: [
    'Realita, 6 December 2023: the BPJS Ketenagakerjaan Ponorogo branch head proposes that the nearly 14,000 ' +
      'ASN each sponsor 2 to 3 active workers near them (e.g. household help), JKK + JKM Rp 16,800 a month, ' +
      'Rp 201,600 a year; the Sekda will ask the Regent for a circular letter',
    'jatimnow.com, 20 December 2023: the Sekda "bisa mengasuh 2-3 orang"; a circular letter may follow if the ' +
      'Regent agrees; starting with echelon II or with everyone is still open',
  ],
  verify: PONOROGO_VERIFY,
  note: 'The Pemda already pays for 5,014 tobacco farmers from the APBD: a cohort, not this policy.',
};

export const EXAMPLE_POLICIES: readonly ProgrammePolicy[] = [
  KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN,
  PONOROGO_ASN_ORANG_TUA_ASUH,
];

/**
 * The version of one programme's policy in force on `date`: the latest whose `effectiveFrom` has
 * come, or null before the first. Versions are expected to have distinct dates
 * (validatePolicyVersions); should two share one, the later in the list wins.
 */
export function policyInForce<P extends ProgrammePolicy>(policies: readonly P[], date: IsoDate): P | null {
  requireDate(date);
  let inForce: P | null = null;
  for (const policy of policies) {
    if (policy.effectiveFrom <= date && (inForce === null || policy.effectiveFrom >= inForce.effectiveFrom)) {
      inForce = policy;
    }
  }
  return inForce;
}

/** The phase in force on `date`, or null before the first one starts. */
export function phaseOn(policy: ProgrammePolicy, date: IsoDate): PolicyPhase | null {
  requireDate(date);
  return policy.phases.filter((phase) => phase.from <= date).at(-1) ?? null;
}

export interface AsnForObligation {
  employmentType: EmploymentType;
  echelon: Echelon | null;
  opdId: number;
  /** False once the ASN has left service (retired, dismissed, died). */
  active: boolean;
}

export type ObligationStatus = 'met' | 'short' | 'not_obliged' | 'over_limit';

/** Keyed by every status, so compliance lists and reports name each one in both languages. */
export const OBLIGATION_STATUS_LABELS: Record<ObligationStatus, Message> = {
  met: { id: 'Terpenuhi', en: 'Met' },
  short: { id: 'Kurang', en: 'Short' },
  not_obliged: { id: 'Tidak wajib', en: 'Not obliged' },
  over_limit: { id: 'Melebihi batas', en: 'Over the limit' },
};
export const OBLIGATION_STATUSES = Object.keys(OBLIGATION_STATUS_LABELS) as ObligationStatus[];

export interface Obligation {
  status: ObligationStatus;
  /** Workers the ASN must sponsor; 0 when not obliged. */
  required: number;
  /** Workers the ASN may sponsor under the programme; null: no limit. */
  allowed: number | null;
  /** `max(0, required - sponsored)`. */
  short: number;
  phase: PolicyPhase | null;
  reason: Message;
}

/**
 * One ASN's obligation under `policy` on `date`, given how many workers they sponsor under it.
 * The maximum binds everyone the programme counts, obliged or not, so `over_limit` wins over every
 * other status; a voluntary programme names the minimum only as an invitation.
 */
export function obligationOn(
  asn: AsnForObligation,
  policy: ProgrammePolicy,
  date: IsoDate,
  sponsoredCount: number,
): Obligation {
  if (!Number.isInteger(sponsoredCount) || sponsoredCount < 0) {
    throw new RangeError(`not a count of sponsored workers: ${sponsoredCount}`);
  }
  const phase = phaseOn(policy, date);
  const exemption = exemptionOf(asn, policy, phase);
  const { min, max } = policy.perSponsor;
  const required = exemption ? 0 : min;
  const short = Math.max(0, required - sponsoredCount);
  const common = { required, allowed: max, short, phase };

  if (max !== null && sponsoredCount > max) {
    return {
      status: 'over_limit',
      ...common,
      reason: {
        id: `Melebihi batas: menanggung ${sponsoredCount} pekerja, ${policy.name} membolehkan paling banyak ${max}.`,
        en: `Over the limit: sponsors ${workers(sponsoredCount)}; ${policy.name} allows at most ${max}.`,
      },
    };
  }
  if (exemption) return { status: 'not_obliged', ...common, reason: exemption };
  const range = countRange(min, max);
  if (short > 0) {
    return {
      status: 'short',
      ...common,
      reason: {
        id: `Kurang ${short}: menanggung ${sponsoredCount} pekerja; ${policy.name} mewajibkan ${range.id}.`,
        en: `Short by ${short}: sponsors ${workers(sponsoredCount)}; ${policy.name} requires ${range.en}.`,
      },
    };
  }
  return {
    status: 'met',
    ...common,
    reason: {
      id: `Terpenuhi: menanggung ${sponsoredCount} pekerja; ${policy.name} mewajibkan ${range.id}.`,
      en: `Met: sponsors ${workers(sponsoredCount)}; ${policy.name} requires ${range.en}.`,
    },
  };
}

/** Why the ASN owes nothing on the day, or null when they are obliged. */
function exemptionOf(
  asn: AsnForObligation,
  policy: ProgrammePolicy,
  phase: PolicyPhase | null,
): Message | null {
  if (!asn.active) {
    return {
      id: 'Tidak wajib: ASN ini tidak lagi aktif.',
      en: 'Not obliged: this ASN is no longer in service.',
    };
  }
  if (phase === null) {
    const first = policy.phases[0]?.from ?? policy.effectiveFrom;
    return {
      id: `Tidak wajib: ${policy.name} baru berlaku mulai ${first}.`,
      en: `Not obliged: ${policy.name} starts on ${first}.`,
    };
  }
  const { employmentTypes, echelons, opdIds } = phase.sponsors;
  const stage = {
    id: `tahap "${phase.label.id}" (mulai ${phase.from})`,
    en: `the phase "${phase.label.en}" (from ${phase.from})`,
  };
  if (!employmentTypes.includes(asn.employmentType)) {
    const named = listOf(employmentTypes.map((type) => EMPLOYMENT_TYPE_LABELS[type]));
    const own = EMPLOYMENT_TYPE_LABELS[asn.employmentType];
    return {
      id: `Tidak wajib: ${stage.id} berlaku untuk ${named.id}, bukan ${own.id}.`,
      en: `Not obliged: ${stage.en} applies to ${named.en}, not ${own.en}.`,
    };
  }
  if (echelons !== undefined && !echelons.includes(asn.echelon)) {
    const named = listOf(echelons.map(echelonLabel));
    const own = echelonLabel(asn.echelon);
    return {
      id: `Tidak wajib: ${stage.id} berlaku untuk ${named.id}; ASN ini ${own.id}.`,
      en: `Not obliged: ${stage.en} applies to ${named.en}; this ASN has ${own.en}.`,
    };
  }
  if (opdIds !== undefined && !opdIds.includes(asn.opdId)) {
    return {
      id: `Tidak wajib: ${stage.id} tidak mencakup OPD ASN ini.`,
      en: `Not obliged: ${stage.en} does not cover this ASN's OPD.`,
    };
  }
  if (!policy.mandatory) {
    const range = countRange(policy.perSponsor.min, policy.perSponsor.max);
    return {
      id: `Tidak wajib: ${policy.name} bersifat sukarela; ASN diajak menanggung ${range.id}.`,
      en: `Not obliged: ${policy.name} is voluntary; ASN are invited to sponsor ${range.en}.`,
    };
  }
  return null;
}

function countRange(min: number, max: number | null): Message {
  if (max === min) return { id: `tepat ${min} pekerja`, en: `exactly ${workers(min)}` };
  if (max === null) return { id: `minimal ${min} pekerja`, en: `at least ${workers(min)}` };
  return { id: `${min} sampai ${max} pekerja`, en: `${min} to ${max} workers` };
}

const workers = (count: number) => `${count} worker${count === 1 ? '' : 's'}`;

function echelonLabel(echelon: Echelon | null): Message {
  return echelon === null
    ? { id: 'tanpa eselon', en: 'no echelon' }
    : { id: `eselon ${echelon}`, en: `echelon ${echelon}` };
}

function listOf(parts: readonly Message[]): Message {
  const join = (items: string[], and: string) =>
    items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
  return {
    id: join(
      parts.map((part) => part.id),
      'dan',
    ),
    en: join(
      parts.map((part) => part.en),
      'and',
    ),
  };
}

function requireDate(date: IsoDate): void {
  if (!parseIsoDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
}

/**
 * Everything wrong with a policy as an admin or an import would submit it, so every field is
 * checked at run time, not only by its type. The contribution is priced by the engine for the first
 * month in force, so the programmes and the bracket are judged by the schedules, not by this file.
 */
export function validatePolicy(policy: ProgrammePolicy): Problem[] {
  const problems: Problem[] = [];
  const add = (code: string, id: string, en: string) => problems.push(problem(code, id, en));

  if (
    policy.programmeKey.trim() === '' ||
    policy.name.trim() === '' ||
    policy.circularLetter.title.trim() === ''
  ) {
    add(
      'POLICY_TEXT_MISSING',
      'Kunci program, nama program dan judul surat edaran wajib diisi.',
      "The programme's key, its name and the circular letter's title are required.",
    );
  }
  if (!(POLICY_STANDINGS as readonly string[]).includes(policy.standing)) {
    add(
      'POLICY_STANDING_INVALID',
      'Status kebijakan harus "proposal" (usulan) atau "decided" (ditetapkan).',
      'The standing must be "proposal" or "decided".',
    );
  }
  problems.push(...regionProblems(policy));

  const dates: [Message, string | null][] = [
    [{ id: 'Tanggal berlaku', en: 'The effective date' }, policy.effectiveFrom],
    [{ id: 'Tanggal surat edaran', en: "The circular letter's date" }, policy.circularLetter.date],
  ];
  for (const [label, value] of dates) {
    if (value !== null && !parseIsoDate(value)) {
      add(
        'POLICY_DATE_INVALID',
        `${label.id} "${value}" tidak sah: gunakan TTTT-BB-HH.`,
        `${label.en} "${value}" is not valid: use YYYY-MM-DD.`,
      );
    }
  }

  problems.push(...phaseProblems(policy));
  problems.push(...countProblems(policy.perSponsor));
  problems.push(...contributionProblems(policy));
  return problems;
}

function regionProblems(policy: ProgrammePolicy): Problem[] {
  const pemda = parseRegionCode(policy.pemdaCode);
  if (!pemda.ok || (pemda.region.level !== 'province' && pemda.region.level !== 'regency')) {
    return [
      problem(
        'POLICY_PEMDA_INVALID',
        `Kode Pemda "${policy.pemdaCode}" tidak sah: gunakan kode provinsi (35) atau kabupaten/kota (35.02).`,
        `Pemda code "${policy.pemdaCode}" is not valid: use a province (35) or regency/city (35.02) code.`,
      ),
    ];
  }
  const area = policy.areaCode;
  if (area === null) return [];
  if (!parseRegionCode(area).ok) {
    return [
      problem(
        'POLICY_AREA_INVALID',
        `Wilayah program "${area}" bukan kode wilayah Kemendagri.`,
        `The programme's area "${area}" is not a Home Affairs region code.`,
      ),
    ];
  }
  if (area !== policy.pemdaCode && !area.startsWith(`${policy.pemdaCode}.`)) {
    return [
      problem(
        'POLICY_AREA_OUTSIDE_PEMDA',
        `Wilayah program "${area}" harus berada di dalam wilayah Pemda ${policy.pemdaCode}.`,
        `The programme's area "${area}" must lie inside the Pemda's region ${policy.pemdaCode}.`,
      ),
    ];
  }
  return [];
}

function phaseProblems(policy: ProgrammePolicy): Problem[] {
  if (policy.phases.length === 0) {
    return [
      problem(
        'POLICY_NO_PHASES',
        'Kebijakan harus punya minimal satu tahap: sejak kapan dan siapa yang wajib.',
        'A policy needs at least one phase: from when, and who is obliged.',
      ),
    ];
  }
  const problems: Problem[] = [];
  let previous: IsoDate | null = null;
  for (const [index, phase] of policy.phases.entries()) {
    const name = { id: `Tahap ${index + 1}`, en: `Phase ${index + 1}` };
    if (!parseIsoDate(phase.from)) {
      problems.push(
        problem(
          'POLICY_DATE_INVALID',
          `${name.id}: tanggal mulai "${phase.from}" tidak sah: gunakan TTTT-BB-HH.`,
          `${name.en}: the start date "${phase.from}" is not valid: use YYYY-MM-DD.`,
        ),
      );
    } else if (index === 0 && phase.from < policy.effectiveFrom) {
      problems.push(
        problem(
          'POLICY_PHASE_BEFORE_EFFECT',
          `${name.id} mulai ${phase.from}, sebelum kebijakan berlaku (${policy.effectiveFrom}).`,
          `${name.en} starts on ${phase.from}, before the policy takes effect (${policy.effectiveFrom}).`,
        ),
      );
    } else if (previous !== null && phase.from <= previous) {
      problems.push(
        problem(
          'POLICY_PHASES_OUT_OF_ORDER',
          `${name.id} mulai ${phase.from}, tidak sesudah tahap sebelumnya (${previous}): urutkan tahap menurut tanggal.`,
          `${name.en} starts on ${phase.from}, not after the phase before it (${previous}): order phases by date.`,
        ),
      );
    }
    if (parseIsoDate(phase.from)) previous = phase.from;
    problems.push(...selectorProblems(phase.sponsors, name));
  }
  return problems;
}

function selectorProblems(sponsors: SponsorSelector, name: Message): Problem[] {
  const problems: Problem[] = [];
  const unknownTypes = sponsors.employmentTypes.filter((type) => !EMPLOYMENT_TYPES.includes(type));
  if (sponsors.employmentTypes.length === 0 || unknownTypes.length > 0) {
    problems.push(
      problem(
        'POLICY_EMPLOYMENT_TYPE_INVALID',
        `${name.id}: jenis pegawai harus satu atau lebih dari PNS, PPPK, NON_ASN${unknownTypes.length ? `; tidak dikenal: ${unknownTypes.join(', ')}` : ''}.`,
        `${name.en}: employment types must be one or more of PNS, PPPK, NON_ASN${unknownTypes.length ? `; unknown: ${unknownTypes.join(', ')}` : ''}.`,
      ),
    );
  }
  const unknownEchelons = (sponsors.echelons ?? []).filter(
    (echelon) => echelon !== null && !ECHELONS.includes(echelon),
  );
  if (sponsors.echelons?.length === 0 || unknownEchelons.length > 0) {
    problems.push(
      problem(
        'POLICY_ECHELON_INVALID',
        `${name.id}: eselon harus satu atau lebih dari I, II, III, IV atau tanpa eselon (null)${unknownEchelons.length ? `; tidak dikenal: ${unknownEchelons.join(', ')}` : ''}; kosongkan daftarnya untuk semua.`,
        `${name.en}: echelons must be one or more of I, II, III, IV or none (null)${unknownEchelons.length ? `; unknown: ${unknownEchelons.join(', ')}` : ''}; leave the list out for everyone.`,
      ),
    );
  }
  if (
    sponsors.opdIds !== undefined &&
    (sponsors.opdIds.length === 0 || sponsors.opdIds.some((id) => !Number.isInteger(id) || id < 1))
  ) {
    problems.push(
      problem(
        'POLICY_OPD_INVALID',
        `${name.id}: daftar OPD harus berisi satu atau lebih id OPD; kosongkan daftarnya untuk semua OPD.`,
        `${name.en}: the OPD list must hold one or more OPD ids; leave the list out for every OPD.`,
      ),
    );
  }
  return problems;
}

function countProblems({ min, max }: ProgrammePolicy['perSponsor']): Problem[] {
  if (!Number.isInteger(min) || min < 1) {
    return [
      problem(
        'POLICY_MIN_INVALID',
        `Jumlah minimal pekerja per ASN harus bilangan bulat 1 atau lebih; ${min} tidak sah.`,
        `The minimum number of workers per ASN must be a whole number of at least 1; ${min} is not valid.`,
      ),
    ];
  }
  if (max !== null && (!Number.isInteger(max) || max < min)) {
    return [
      problem(
        'POLICY_MAX_BELOW_MIN',
        `Jumlah maksimal pekerja per ASN (${max}) harus bilangan bulat, tidak kurang dari minimalnya (${min}).`,
        `The maximum number of workers per ASN (${max}) must be a whole number, not below the minimum (${min}).`,
      ),
    ];
  }
  return [];
}

function contributionProblems(policy: ProgrammePolicy): Problem[] {
  const { scheme, programmes, declaredIncome } = policy.contribution;
  if (scheme !== 'bpu') {
    return [
      problem(
        'POLICY_SCHEME_UNSUPPORTED',
        'Pekerja yang ditanggung didaftarkan sebagai peserta Bukan Penerima Upah (BPU).',
        'Sponsored workers are enrolled as non-wage (BPU) participants.',
      ),
    ];
  }
  if (!parseIsoDate(policy.effectiveFrom)) return [];
  try {
    priceMonth({
      scheme,
      income: declaredIncome,
      programmes,
      period: policy.effectiveFrom.slice(0, 7) as Period,
    });
    return [];
  } catch (error) {
    if (error instanceof ContributionError) return [error.problem];
    throw error;
  }
}

/** The versions of one programme: each valid, all of the same programme, no two from the same day. */
export function validatePolicyVersions(policies: readonly ProgrammePolicy[]): Problem[] {
  const problems = policies.flatMap(validatePolicy);
  const keys = new Set(policies.map((policy) => policy.programmeKey));
  if (keys.size > 1) {
    problems.push(
      problem(
        'POLICY_VERSIONS_MIXED',
        `Versi kebijakan harus dari satu program; ditemukan: ${[...keys].join(', ')}.`,
        `Policy versions must belong to one programme; found: ${[...keys].join(', ')}.`,
      ),
    );
  }
  const seen = new Set<string>();
  for (const { effectiveFrom } of policies) {
    if (seen.has(effectiveFrom)) {
      problems.push(
        problem(
          'POLICY_VERSIONS_SAME_DAY',
          `Dua versi kebijakan berlaku mulai hari yang sama (${effectiveFrom}): tidak jelas mana yang berlaku.`,
          `Two policy versions take effect on the same day (${effectiveFrom}): which one applies is unclear.`,
        ),
      );
    }
    seen.add(effectiveFrom);
  }
  return problems;
}
