import { type Problem, problem } from './message.ts';
import type { Period } from './period.ts';

/**
 * Ministry of Home Affairs region codes: `35` province, `35.02` regency or city, `35.02.01`
 * district, `35.02.01.2001` village.
 */
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

const LEVEL_BY_PARTS: Record<number, RegionLevel> = {
  1: 'province',
  2: 'regency',
  3: 'district',
  4: 'village',
};
const REGION_CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

export interface RegionCode {
  code: string;
  level: RegionLevel;
  provinceCode: string;
  parentCode: string | null;
}

export function parseRegionCode(
  value: string,
): { ok: true; region: RegionCode } | { ok: false; problem: Problem } {
  if (!REGION_CODE_PATTERN.test(value)) {
    return {
      ok: false,
      problem: problem(
        'INVALID_REGION_CODE',
        `Kode wilayah "${value}" tidak sah: gunakan kode Kemendagri seperti 35, 35.02, 35.02.01 atau 35.02.01.2001.`,
        `Region code "${value}" is not valid: use a Home Affairs code such as 35, 35.02, 35.02.01 or 35.02.01.2001.`,
      ),
    };
  }
  const parts = value.split('.');
  return {
    ok: true,
    region: {
      code: value,
      level: LEVEL_BY_PARTS[parts.length]!,
      provinceCode: parts[0]!,
      parentCode: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
    },
  };
}

export type TimeZoneName = 'WIB' | 'WITA' | 'WIT';

export interface TimeZone {
  name: TimeZoneName;
  utcOffsetHours: number;
  iana: string;
}

export const TIME_ZONES: Record<TimeZoneName, TimeZone> = {
  WIB: { name: 'WIB', utcOffsetHours: 7, iana: 'Asia/Jakarta' },
  WITA: { name: 'WITA', utcOffsetHours: 8, iana: 'Asia/Makassar' },
  WIT: { name: 'WIT', utcOffsetHours: 9, iana: 'Asia/Jayapura' },
};

/**
 * Which zone each province keeps (Keppres 41/1987 on Indonesia's time zones; domain-rules §6).
 * Provinces created later sit in the zone of the province they were split from.
 */
export const PROVINCE_TIME_ZONES = {
  legalBasis:
    'Keputusan Presiden 41/1987 tentang Pembagian Wilayah Republik Indonesia menjadi 3 Wilayah Waktu',
  zones: {
    WIB: [
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
      '19',
      '21',
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '61',
      '62',
    ],
    WITA: ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'],
    WIT: ['81', '82', '91', '92', '93', '94', '95', '96'],
  } satisfies Record<TimeZoneName, string[]>,
} as const;

const ZONE_BY_PROVINCE = new Map<string, TimeZoneName>(
  (Object.entries(PROVINCE_TIME_ZONES.zones) as [TimeZoneName, readonly string[]][]).flatMap(
    ([zone, codes]) => codes.map((code) => [code, zone] as const),
  ),
);

/** The province codes that exist today; a NIK's first two digits must be one of them. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(ZONE_BY_PROVINCE.keys());

export function timeZoneOfProvince(provinceCode: string): TimeZoneName | undefined {
  return ZONE_BY_PROVINCE.get(provinceCode);
}

/**
 * The time zone a Pemda keeps its deadlines in: its province's (a regency code starts with it).
 * WIB for a code of no known province, as Jakarta's clock is the default everywhere else.
 */
export function zoneOfPemda(pemdaCode: string): TimeZoneName {
  return timeZoneOfProvince(pemdaCode.slice(0, 2)) ?? 'WIB';
}

/** The contribution month it is now in a zone: a payment at 23:30 WIT on the 31st is already next month. */
export function currentPeriod(now: Date, zone: TimeZoneName): Period {
  const local = new Date(now.getTime() + TIME_ZONES[zone].utcOffsetHours * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}` as Period;
}
