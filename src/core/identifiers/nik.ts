import { calendarDay, formatIsoDate, type IsoDate, isRealDate, parseIsoDate } from '../calendar.ts';
import { type Message, message, type Problem, problem } from '../message.ts';
import { PROVINCE_CODES } from '../regions.ts';
import { checkShape, type IdentifierResult, identifierResult, isDigits, type Sex } from './common.ts';

/**
 * NIK, the 16-digit national identity number (domain-rules §5): `PPKKDD` the district of first
 * issue, `DDMMYY` the birth date with 40 added to the day for women, `SSSS` a serial from 0001.
 */
export const NIK_LENGTH = 16;

export interface NikFields {
  provinceCode: string;
  /** `PP.KK` */
  regencyCode: string;
  /** `PP.KK.DD`: where the NIK was first issued, which need not be where the person lives now. */
  districtCode: string;
  birthDate: IsoDate;
  sex: Sex;
  /** Four digits as written, `0001`. */
  serial: string;
}

export type NikResult = IdentifierResult<NikFields>;

export interface NikOptions {
  /** Defaults to the current day in WIB; a Date is read in WIB too. */
  today?: Date | IsoDate;
  /** Whether a regency or district code is in today's region list; without it, no region warning. */
  regionExists?: (code: string) => boolean;
}

const FEMALE_DAY_OFFSET = 40;

export function parseNik(input: string, options: NikOptions = {}): NikResult {
  const value = input.trim();
  const today = calendarDay(options.today ?? new Date());
  const errors = checkShape('NIK', value, NIK_LENGTH);
  const warnings: Problem[] = [];
  const fields: Partial<NikFields> = {};
  const characters = [...value];
  // With a digit missing or extra there is no telling which segment shifted, so nothing is decoded.
  if (characters.length === NIK_LENGTH) {
    const regionDigits = characters.slice(0, 6).join('');
    const dateDigits = characters.slice(6, 12).join('');
    const serialDigits = characters.slice(12, 16).join('');

    if (isDigits(regionDigits)) {
      fields.provinceCode = regionDigits.slice(0, 2);
      fields.regencyCode = `${fields.provinceCode}.${regionDigits.slice(2, 4)}`;
      fields.districtCode = `${fields.regencyCode}.${regionDigits.slice(4, 6)}`;
      if (!PROVINCE_CODES.has(fields.provinceCode)) {
        errors.push(
          problem(
            'NIK_UNKNOWN_PROVINCE',
            `Kode provinsi "${fields.provinceCode}" (digit 1–2 NIK) tidak ada.`,
            `Province code "${fields.provinceCode}" (NIK digits 1–2) does not exist.`,
          ),
        );
      } else if (options.regionExists) {
        const stale = regionNotCurrent(fields.regencyCode, fields.districtCode, options.regionExists);
        if (stale) warnings.push(stale);
      }
    }

    if (isDigits(dateDigits)) {
      const decoded = decodeBirthDate(dateDigits, today);
      if (decoded.birthDate) fields.birthDate = decoded.birthDate;
      if (decoded.sex) fields.sex = decoded.sex;
      if (decoded.error) errors.push(decoded.error);
    }

    if (isDigits(serialDigits)) {
      fields.serial = serialDigits;
      if (serialDigits === '0000') {
        errors.push(
          problem(
            'NIK_SERIAL_ZERO',
            'Nomor urut NIK (digit 13–16) "0000" tidak sah: nomor urut dimulai dari 0001.',
            'NIK serial "0000" (digits 13–16) is not valid: serials start at 0001.',
          ),
        );
      }
    }
  }
  return identifierResult(value, errors, warnings, fields);
}

function decodeBirthDate(
  digits: string,
  today: IsoDate,
): { birthDate?: IsoDate; sex?: Sex; error?: Problem } {
  const writtenDay = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const twoDigitYear = Number(digits.slice(4, 6));
  const sex: Sex | undefined =
    writtenDay >= 1 && writtenDay <= 31
      ? 'male'
      : writtenDay >= 1 + FEMALE_DAY_OFFSET && writtenDay <= 31 + FEMALE_DAY_OFFSET
        ? 'female'
        : undefined;
  const invalid = (reason: Message): Problem =>
    problem(
      'NIK_BIRTH_DATE_INVALID',
      `Digit 7–12 NIK ("${digits}") bukan tanggal lahir yang mungkin: ${reason.id}.`,
      `NIK digits 7–12 ("${digits}") are not a possible birth date: ${reason.en}.`,
    );
  if (!sex) {
    return {
      error: invalid(
        message(
          `tanggal ${digits.slice(0, 2)} harus 01–31 (laki-laki) atau 41–71 (perempuan)`,
          `day ${digits.slice(0, 2)} must be 01–31 (male) or 41–71 (female)`,
        ),
      ),
    };
  }
  if (month < 1 || month > 12) {
    return {
      sex,
      error: invalid(
        message(`bulan ${digits.slice(2, 4)} tidak ada`, `there is no month ${digits.slice(2, 4)}`),
      ),
    };
  }
  const day = sex === 'female' ? writtenDay - FEMALE_DAY_OFFSET : writtenDay;
  // Two year digits leave the century to guess: 20YY unless that day is still to come, else
  // 19YY, which makes everyone 0–100 years old. Fixing the centuries at 19/20 rather than
  // following today's means this reading stops working in 2100.
  const recent = formatIsoDate(2000 + twoDigitYear, month, day);
  const year = recent <= today ? 2000 + twoDigitYear : 1900 + twoDigitYear;
  const birthDate = formatIsoDate(year, month, day);
  if (!isRealDate(year, month, day)) {
    return {
      sex,
      error: invalid(
        message(`tanggal ${birthDate} tidak ada di kalender`, `${birthDate} is not a day of the calendar`),
      ),
    };
  }
  if (birthDate > today) {
    return {
      birthDate,
      sex,
      error: problem(
        'NIK_BIRTH_DATE_FUTURE',
        `Tanggal lahir pada digit 7–12 NIK ("${digits}") jatuh di masa depan: ${birthDate} setelah ${today}.`,
        `The birth date in NIK digits 7–12 ("${digits}") is in the future: ${birthDate} is after ${today}.`,
      ),
    };
  }
  return { birthDate, sex };
}

function regionNotCurrent(
  regencyCode: string,
  districtCode: string,
  regionExists: (code: string) => boolean,
): Problem | undefined {
  const missing = !regionExists(regencyCode)
    ? { code: regencyCode, digits: '1–4', id: 'kabupaten/kota', en: 'regency or city' }
    : !regionExists(districtCode)
      ? { code: districtCode, digits: '1–6', id: 'kecamatan', en: 'district' }
      : undefined;
  if (!missing) return undefined;
  return problem(
    'NIK_REGION_NOT_CURRENT',
    `Kode ${missing.id} ${missing.code} (digit ${missing.digits} NIK) tidak ada dalam daftar wilayah ` +
      'Kemendagri saat ini, mungkin karena pemekaran (Kota Sorong dulu 92.71, kini 96.71). ' +
      'NIK tetap sah karena tidak pernah diterbitkan ulang.',
    `The ${missing.en} code ${missing.code} (NIK digits ${missing.digits}) is not in the current Home ` +
      'Affairs region list, perhaps because the region was split (Kota Sorong was 92.71, now 96.71). ' +
      'The NIK stays valid: NIKs are never reissued.',
  );
}

/**
 * Compares a NIK with the birth date and sex recorded for its holder. Disagreement is only a
 * warning: a NIK is never reissued, so a later-corrected birth date leaves the old digits behind.
 */
export function checkNikAgainst(
  fields: Partial<Pick<NikFields, 'birthDate' | 'sex'>>,
  recorded: { birthDate?: IsoDate; sex?: Sex },
): Problem[] {
  const warnings: Problem[] = [];
  if (fields.birthDate && recorded.birthDate && !sameWrittenDate(fields.birthDate, recorded.birthDate)) {
    warnings.push(
      problem(
        'NIK_BIRTH_DATE_MISMATCH',
        `Tanggal lahir dalam NIK (${fields.birthDate}) berbeda dari yang tercatat (${recorded.birthDate}).`,
        `The birth date in the NIK (${fields.birthDate}) differs from the recorded one (${recorded.birthDate}).`,
      ),
    );
  }
  if (fields.sex && recorded.sex && fields.sex !== recorded.sex) {
    warnings.push(
      problem(
        'NIK_SEX_MISMATCH',
        `Jenis kelamin dalam NIK (${SEX_ID[fields.sex]}) berbeda dari yang tercatat (${SEX_ID[recorded.sex]}).`,
        `The sex in the NIK (${fields.sex}) differs from the recorded one (${recorded.sex}).`,
      ),
    );
  }
  return warnings;
}

const SEX_ID: Record<Sex, string> = { male: 'laki-laki', female: 'perempuan' };

/**
 * The NIK holds only two year digits and its century is inferred, so a recorded 1925 against a
 * decoded 2025 is our guess being wrong, not the NIK disagreeing.
 */
function sameWrittenDate(decoded: IsoDate, recorded: IsoDate): boolean {
  return decoded.slice(2) === recorded.slice(2);
}

/** `3502********0001`: enough to tell records apart on screen without exposing the person. */
export function maskNik(value: string): string {
  const characters = [...value.trim()];
  if (characters.length <= 8) return '*'.repeat(characters.length);
  return [...characters.slice(0, 4), ...'*'.repeat(characters.length - 8), ...characters.slice(-4)].join('');
}

/**
 * A structure with every NIK-shaped string (16 digits) masked, at any depth: what a free-form
 * record such as an audit entry's details shows to those who see masked NIKs.
 */
export function maskNiksIn(value: unknown): unknown {
  if (typeof value === 'string') return /^\d{16}$/.test(value) ? maskNik(value) : value;
  if (Array.isArray(value)) return value.map(maskNiksIn);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskNiksIn(inner)]));
  }
  return value;
}

export interface NikParts {
  /** `PP.KK.DD` */
  districtCode: string;
  birthDate: IsoDate;
  sex: Sex;
  /** 0–9999; 0 is allowed so tests and synthetic data can build the serial-zero error. */
  serial: number;
}

/** Writes the NIK these parts make; throws on parts no NIK can carry. */
export function formatNik(parts: NikParts): string {
  if (!/^\d{2}\.\d{2}\.\d{2}$/.test(parts.districtCode)) {
    throw new RangeError(`not a district code (PP.KK.DD): ${parts.districtCode}`);
  }
  const date = parseIsoDate(parts.birthDate);
  if (!date) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${parts.birthDate}`);
  if (!Number.isInteger(parts.serial) || parts.serial < 0 || parts.serial > 9999) {
    throw new RangeError(`NIK serial must be 0–9999: ${parts.serial}`);
  }
  const day = date.day + (parts.sex === 'female' ? FEMALE_DAY_OFFSET : 0);
  return [
    parts.districtCode.replaceAll('.', ''),
    String(day).padStart(2, '0'),
    String(date.month).padStart(2, '0'),
    String(date.year % 100).padStart(2, '0'),
    String(parts.serial).padStart(4, '0'),
  ].join('');
}
