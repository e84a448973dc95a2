/**
 * What a JKK or JKM claim pays (domain-rules §4), as effective-dated data with its legal basis:
 * the schedule in force on the incident date applies. Every amount is whole rupiah and every
 * benefit comes with its breakdown, so an officer can read a claim's figure back to the rule.
 * Pure: no I/O.
 */
import { addYears, type IsoDate } from './calendar.ts';
import type { Message, Problem } from './message.ts';
import { problem } from './message.ts';
import { formatRupiah, type Rupiah } from './money.ts';

export const CLAIM_TYPES = ['jkm', 'jkk'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

/** JKM pays for a death; JKK for a work accident: medical care, time off work, disability or death. */
export const CLAIM_BENEFITS = ['death', 'permanent_disability', 'temporary_incapacity', 'medical'] as const;
export type ClaimBenefit = (typeof CLAIM_BENEFITS)[number];

export const CLAIM_BENEFIT_LABELS: Record<ClaimType, Partial<Record<ClaimBenefit, Message>>> = {
  jkm: {
    death: { id: 'JKM: meninggal dunia bukan karena kecelakaan kerja', en: 'JKM: death not caused by work' },
  },
  jkk: {
    death: { id: 'JKK: meninggal dunia karena kecelakaan kerja', en: 'JKK: death from a work accident' },
    permanent_disability: { id: 'JKK: cacat total tetap', en: 'JKK: total permanent disability' },
    temporary_incapacity: {
      id: 'JKK: sementara tidak mampu bekerja',
      en: 'JKK: temporary incapacity to work',
    },
    medical: { id: 'JKK: perawatan dan pengobatan', en: 'JKK: medical care' },
  },
};

export const CLAIM_DOCUMENTS = [
  'kpj_card',
  'ktp',
  'family_card',
  'death_certificate',
  'heir_statement',
  'accident_report',
  'medical_report',
  'bank_account',
] as const;
export type ClaimDocument = (typeof CLAIM_DOCUMENTS)[number];

export const CLAIM_DOCUMENT_LABELS: Record<ClaimDocument, Message> = {
  kpj_card: { id: 'Kartu peserta (KPJ)', en: 'Participant card (KPJ)' },
  ktp: { id: 'KTP', en: 'Identity card (KTP)' },
  family_card: { id: 'Kartu keluarga', en: 'Family card (KK)' },
  death_certificate: { id: 'Akta/surat keterangan kematian', en: 'Death certificate' },
  heir_statement: { id: 'Surat keterangan ahli waris', en: 'Statement of heirs' },
  accident_report: { id: 'Laporan kecelakaan kerja', en: 'Work accident report' },
  medical_report: { id: 'Surat keterangan dokter', en: "Doctor's statement" },
  bank_account: { id: 'Buku rekening penerima', en: "Recipient's bank account" },
};

/**
 * The documents a branch asks for with each benefit (Permenaker 5/2021, the claim requirements
 * BPJS Ketenagakerjaan publishes). A missing one is shown on the claim, not a refusal.
 */
export const REQUIRED_DOCUMENTS: {
  legalBasis: string;
  verify: string;
  byBenefit: Record<`${ClaimType}:${ClaimBenefit}`, readonly ClaimDocument[]>;
} = {
  legalBasis: 'Permenaker 5/2021 (tata cara pengajuan manfaat JKK dan JKM)',
  verify: 'Taken from the branch checklists as published; to be checked against the regulation.',
  byBenefit: {
    'jkm:death': ['kpj_card', 'death_certificate', 'family_card', 'heir_statement', 'ktp', 'bank_account'],
    'jkm:permanent_disability': [],
    'jkm:temporary_incapacity': [],
    'jkm:medical': [],
    'jkk:death': [
      'kpj_card',
      'death_certificate',
      'family_card',
      'heir_statement',
      'ktp',
      'accident_report',
      'bank_account',
    ],
    'jkk:permanent_disability': ['kpj_card', 'ktp', 'accident_report', 'medical_report', 'bank_account'],
    'jkk:temporary_incapacity': ['kpj_card', 'ktp', 'accident_report', 'medical_report', 'bank_account'],
    'jkk:medical': ['kpj_card', 'ktp', 'accident_report', 'medical_report'],
  },
};

/** The documents a benefit asks for that were not received. */
export function missingDocuments(
  type: ClaimType,
  benefit: ClaimBenefit,
  received: readonly string[],
): ClaimDocument[] {
  return REQUIRED_DOCUMENTS.byBenefit[`${type}:${benefit}`].filter((code) => !received.includes(code));
}

export const EDUCATION_LEVELS = [
  'kindergarten',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'higher',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const EDUCATION_LEVEL_LABELS: Record<EducationLevel, Message> = {
  kindergarten: { id: 'TK', en: 'kindergarten' },
  primary: { id: 'SD', en: 'primary school' },
  junior_secondary: { id: 'SMP', en: 'junior secondary school' },
  senior_secondary: { id: 'SMA', en: 'senior secondary school' },
  higher: { id: 'perguruan tinggi/pelatihan', en: 'higher education or training' },
};

export interface BenefitSchedule {
  id: string;
  /** The first incident date the schedule applies to. */
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate;
  legalBasis: string;
  verify?: string;
  jkm: { lumpSum: Rupiah; periodicMonths: number; periodicMonthly: Rupiah; funeral: Rupiah };
  jkk: {
    /** Death from a work accident: this many times the declared income. */
    deathIncomeMultiple: number;
    /** Total permanent disability: at most this many times the declared income. */
    permanentDisabilityMaxIncomeMultiple: number;
    /** A claim may be filed up to this many years after the accident. */
    claimWithinYears: number;
  };
  scholarship: {
    maxChildren: number;
    /** JKM pays scholarships only after this many years of membership; JKK has no minimum. */
    jkmMinimumMembershipYears: number;
    perYear: Record<EducationLevel, { rupiah: Rupiah; years: number }>;
    /** The benefits that carry a scholarship. */
    benefits: readonly `${ClaimType}:${ClaimBenefit}`[];
  };
}

export const BENEFIT_SCHEDULES: readonly BenefitSchedule[] = [
  {
    id: 'pp-82-2019',
    effectiveFrom: '2019-12-02',
    legalBasis: 'PP 82/2019 tentang Perubahan atas PP 44/2015 (JKK dan JKM)',
    verify:
      'domain-rules §4: no change found for 2024–2025. The date from which PP 82/2019 applies to incidents, and whether the JKK death benefit for BPU adds funeral costs, are to be checked against its text.',
    jkm: { lumpSum: 20_000_000, periodicMonths: 24, periodicMonthly: 500_000, funeral: 10_000_000 },
    jkk: { deathIncomeMultiple: 48, permanentDisabilityMaxIncomeMultiple: 56, claimWithinYears: 5 },
    scholarship: {
      maxChildren: 2,
      jkmMinimumMembershipYears: 3,
      perYear: {
        kindergarten: { rupiah: 1_500_000, years: 2 },
        primary: { rupiah: 1_500_000, years: 6 },
        junior_secondary: { rupiah: 2_000_000, years: 3 },
        senior_secondary: { rupiah: 3_000_000, years: 3 },
        higher: { rupiah: 12_000_000, years: 5 },
      },
      benefits: ['jkm:death', 'jkk:death', 'jkk:permanent_disability'],
    },
  },
];

export function benefitSchedule(
  incidentDate: IsoDate,
  schedules: readonly BenefitSchedule[] = BENEFIT_SCHEDULES,
): BenefitSchedule | undefined {
  return schedules.find(
    (entry) =>
      entry.effectiveFrom <= incidentDate &&
      (entry.effectiveTo === undefined || incidentDate <= entry.effectiveTo),
  );
}

export interface BenefitRequest {
  type: ClaimType;
  benefit: ClaimBenefit;
  incidentDate: IsoDate;
  /** The BPU declared income of the month of the incident. */
  declaredIncome: Rupiah;
  /** The start of the membership active on the incident date (or an earlier one the officer knows). */
  membershipStart: IsoDate | null;
  /** The children named for a scholarship, with the level each is at now. */
  children: readonly { name?: string; level: EducationLevel }[];
  /** JKK medical care, temporary incapacity pay or disability, as assessed by the branch. */
  enteredAmount?: Rupiah | null;
}

export interface BenefitComponent {
  code: string;
  label: Message;
  amount: Rupiah;
}

export interface Benefit {
  schedule: { id: string; legalBasis: string };
  components: BenefitComponent[];
  /** What the claim pays now: the sum of the components. */
  total: Rupiah;
  scholarship: {
    eligible: boolean;
    reason: Message;
    /** The most the named children can receive over their remaining schooling. */
    maximum: Rupiah;
  };
}

const LEVEL_ORDER = new Map(EDUCATION_LEVELS.map((level, index) => [level, index]));

function invalidBenefit(code: string, id: string, en: string): { ok: false; problem: Problem } {
  return { ok: false, problem: problem(code, id, en) };
}

/** The benefit of a claim with its breakdown, or why the request cannot be priced. */
export function computeBenefit(
  request: BenefitRequest,
  schedules: readonly BenefitSchedule[] = BENEFIT_SCHEDULES,
): { ok: true; value: Benefit } | { ok: false; problem: Problem } {
  const schedule = benefitSchedule(request.incidentDate, schedules);
  if (!schedule) {
    return invalidBenefit(
      'BENEFIT_NO_SCHEDULE',
      `Tidak ada aturan manfaat untuk kejadian tanggal ${request.incidentDate}; Asuh memuat aturan sejak ${schedules[0]?.effectiveFrom ?? '-'}.`,
      `No benefit rule holds for an incident on ${request.incidentDate}; Asuh holds rules from ${schedules[0]?.effectiveFrom ?? '-'}.`,
    );
  }
  if (!CLAIM_BENEFIT_LABELS[request.type][request.benefit]) {
    return invalidBenefit(
      'BENEFIT_NOT_OF_TYPE',
      'JKM hanya membayar manfaat kematian; pilih JKK untuk kecelakaan kerja.',
      'JKM pays only a death benefit; choose JKK for a work accident.',
    );
  }
  const components: BenefitComponent[] = [];
  const income = request.declaredIncome;
  if (request.type === 'jkm') {
    const { lumpSum, periodicMonths, periodicMonthly, funeral } = schedule.jkm;
    components.push(
      {
        code: 'jkm_lump_sum',
        label: { id: 'Santunan sekaligus', en: 'Lump sum' },
        amount: lumpSum,
      },
      {
        code: 'jkm_periodic',
        label: {
          id: `Santunan berkala ${periodicMonths} × ${formatRupiah(periodicMonthly)}, dibayar sekaligus`,
          en: `Periodic benefit ${periodicMonths} × ${formatRupiah(periodicMonthly)}, paid at once`,
        },
        amount: periodicMonths * periodicMonthly,
      },
      { code: 'jkm_funeral', label: { id: 'Biaya pemakaman', en: 'Funeral costs' }, amount: funeral },
    );
  } else if (request.benefit === 'death') {
    const multiple = schedule.jkk.deathIncomeMultiple;
    components.push({
      code: 'jkk_death',
      label: {
        id: `Santunan kematian ${multiple} × penghasilan ${formatRupiah(income)}`,
        en: `Death benefit ${multiple} × declared income ${formatRupiah(income)}`,
      },
      amount: multiple * income,
    });
  } else {
    const entered = request.enteredAmount ?? 0;
    if (!Number.isSafeInteger(entered) || entered <= 0) {
      return invalidBenefit(
        'BENEFIT_AMOUNT_REQUIRED',
        'Masukkan jumlah manfaat JKK hasil penilaian kantor cabang (rupiah bulat, lebih dari 0).',
        'Enter the JKK benefit as assessed by the branch (whole rupiah, more than 0).',
      );
    }
    const cap = schedule.jkk.permanentDisabilityMaxIncomeMultiple * income;
    if (request.benefit === 'permanent_disability' && entered > cap) {
      return invalidBenefit(
        'BENEFIT_ABOVE_CAP',
        `Santunan cacat total tetap paling banyak ${schedule.jkk.permanentDisabilityMaxIncomeMultiple} × penghasilan = ${formatRupiah(cap)}.`,
        `Total permanent disability pays at most ${schedule.jkk.permanentDisabilityMaxIncomeMultiple} × declared income = ${formatRupiah(cap)}.`,
      );
    }
    components.push({
      code: `jkk_${request.benefit}`,
      label: CLAIM_BENEFIT_LABELS.jkk[request.benefit]!,
      amount: entered,
    });
  }

  const scholarship = scholarshipFor(request, schedule);
  components.push(...scholarship.components);
  return {
    ok: true,
    value: {
      schedule: { id: schedule.id, legalBasis: schedule.legalBasis },
      components,
      total: components.reduce((sum, component) => sum + component.amount, 0),
      scholarship: {
        eligible: scholarship.eligible,
        reason: scholarship.reason,
        maximum: scholarship.maximum,
      },
    },
  };
}

/**
 * Scholarships for at most two children: the first year at each child's level is paid with the
 * claim; `maximum` is what the rest of their schooling can bring, year by year, at most.
 */
function scholarshipFor(
  request: BenefitRequest,
  schedule: BenefitSchedule,
): { eligible: boolean; reason: Message; maximum: Rupiah; components: BenefitComponent[] } {
  const rules = schedule.scholarship;
  const none = (reason: Message) => ({ eligible: false, reason, maximum: 0, components: [] });
  if (!rules.benefits.includes(`${request.type}:${request.benefit}`)) {
    return none({ id: 'Manfaat ini tidak disertai beasiswa.', en: 'This benefit carries no scholarship.' });
  }
  if (request.type === 'jkm') {
    const years = rules.jkmMinimumMembershipYears;
    const qualifiesOn = request.membershipStart === null ? null : addYears(request.membershipStart, years);
    if (qualifiesOn === null || qualifiesOn > request.incidentDate) {
      return none({
        id: `Beasiswa JKM memerlukan kepesertaan paling singkat ${years} tahun; kepesertaan sejak ${request.membershipStart ?? '-'} baru mencapainya pada ${qualifiesOn ?? '-'}.`,
        en: `A JKM scholarship needs at least ${years} years of membership; membership since ${request.membershipStart ?? '-'} reaches it only on ${qualifiesOn ?? '-'}.`,
      });
    }
  }
  if (request.children.length === 0) {
    return {
      eligible: true,
      reason: {
        id: 'Berhak beasiswa, tetapi tidak ada anak yang didaftarkan.',
        en: 'Entitled to a scholarship, but no child was named.',
      },
      maximum: 0,
      components: [],
    };
  }
  const children = request.children.slice(0, rules.maxChildren);
  const components = children.map((child, index): BenefitComponent => {
    const level = EDUCATION_LEVEL_LABELS[child.level];
    const name = child.name ? ` (${child.name})` : '';
    return {
      code: `scholarship_child_${index + 1}`,
      label: {
        id: `Beasiswa anak ${index + 1}${name}, ${level.id}, tahun pertama`,
        en: `Scholarship child ${index + 1}${name}, ${level.en}, first year`,
      },
      amount: rules.perYear[child.level].rupiah,
    };
  });
  const maximum = children.reduce(
    (sum, child) =>
      sum +
      EDUCATION_LEVELS.filter((level) => LEVEL_ORDER.get(level)! >= LEVEL_ORDER.get(child.level)!).reduce(
        (levelSum, level) => levelSum + rules.perYear[level].rupiah * rules.perYear[level].years,
        0,
      ),
    0,
  );
  const dropped = request.children.length - children.length;
  return {
    eligible: true,
    reason:
      dropped > 0
        ? {
            id: `Beasiswa untuk paling banyak ${rules.maxChildren} anak; ${dropped} anak lainnya tidak dihitung.`,
            en: `Scholarships for at most ${rules.maxChildren} children; ${dropped} more not counted.`,
          }
        : {
            id: `Beasiswa untuk ${children.length} anak.`,
            en: `Scholarship for ${children.length} children.`,
          },
    maximum,
    components,
  };
}

/** The last day a JKK claim may be filed for an accident, or null for JKM (no limit held). */
export function claimDeadline(
  type: ClaimType,
  incidentDate: IsoDate,
  schedules = BENEFIT_SCHEDULES,
): IsoDate | null {
  if (type !== 'jkk') return null;
  const schedule = benefitSchedule(incidentDate, schedules);
  return schedule ? addYears(incidentDate, schedule.jkk.claimWithinYears) : null;
}
