import { addYears, calendarDay, formatIsoDate, type IsoDate, isRealDate, parseIsoDate } from '../calendar.ts';
import { problem } from '../message.ts';
import { checkShape, type IdentifierResult, identifierResult, isDigits, type Sex } from './common.ts';

/**
 * NIP, the 18-digit civil-servant number (Perka BKN 22/2007; domain-rules §5): birth date
 * `YYYYMMDD`, CPNS appointment month `YYYYMM`, sex digit `1` male / `2` female, serial `NNN`.
 *
 * PPPK (contract civil servants) numbers have the same length but positions 13–14 are said to
 * differ; domain-rules marks that *(verify)*. Until the rule is confirmed they are checked as a
 * NIP, which may wrongly refuse some PPPK numbers.
 */
export const NIP_LENGTH = 18;

/** The youngest age at which a CPNS appointment is believed, the working age in labour law. */
export const NIP_MINIMUM_APPOINTMENT_AGE = 15;

export interface NipFields {
  birthDate: IsoDate;
  /** `YYYY-MM` */
  appointmentMonth: string;
  sex: Sex;
  /** Three digits as written, `001`. */
  serial: string;
}

export type NipResult = IdentifierResult<NipFields>;

export interface NipOptions {
  /** Defaults to the current day in WIB; a Date is read in WIB too. */
  today?: Date | IsoDate;
}

const SEX_BY_DIGIT: Record<string, Sex> = { '1': 'male', '2': 'female' };
const DIGIT_BY_SEX: Record<Sex, string> = { male: '1', female: '2' };

export function parseNip(input: string, options: NipOptions = {}): NipResult {
  const value = input.trim();
  const today = calendarDay(options.today ?? new Date());
  const errors = checkShape('NIP', value, NIP_LENGTH);
  const fields: Partial<NipFields> = {};
  const characters = [...value];
  // With a digit missing or extra there is no telling which segment shifted, so nothing is decoded.
  if (characters.length === NIP_LENGTH) {
    const birthDigits = characters.slice(0, 8).join('');
    const appointmentDigits = characters.slice(8, 14).join('');
    const sexDigit = characters[14]!;
    const serialDigits = characters.slice(15, 18).join('');

    if (isDigits(birthDigits)) {
      const [year, month, day] = [birthDigits.slice(0, 4), birthDigits.slice(4, 6), birthDigits.slice(6, 8)];
      const birthDate = `${year}-${month}-${day}`;
      if (!isRealDate(Number(year), Number(month), Number(day))) {
        errors.push(
          problem(
            'NIP_BIRTH_DATE_INVALID',
            `Digit 1–8 NIP ("${birthDigits}") bukan tanggal lahir yang mungkin: ${birthDate} tidak ada di kalender.`,
            `NIP digits 1–8 ("${birthDigits}") are not a possible birth date: ${birthDate} is not a day of the calendar.`,
          ),
        );
      } else {
        fields.birthDate = birthDate;
        if (birthDate > today) {
          errors.push(
            problem(
              'NIP_BIRTH_DATE_FUTURE',
              `Tanggal lahir pada digit 1–8 NIP ("${birthDigits}") jatuh di masa depan: ${birthDate} setelah ${today}.`,
              `The birth date in NIP digits 1–8 ("${birthDigits}") is in the future: ${birthDate} is after ${today}.`,
            ),
          );
        }
      }
    }

    if (isDigits(appointmentDigits)) {
      const [year, month] = [appointmentDigits.slice(0, 4), appointmentDigits.slice(4, 6)];
      const appointmentMonth = `${year}-${month}`;
      if (!isRealDate(Number(year), Number(month), 1)) {
        errors.push(
          problem(
            'NIP_APPOINTMENT_INVALID',
            `Digit 9–14 NIP ("${appointmentDigits}") bukan bulan pengangkatan CPNS yang mungkin: ${appointmentMonth} tidak ada.`,
            `NIP digits 9–14 ("${appointmentDigits}") are not a possible CPNS appointment month: there is no ${appointmentMonth}.`,
          ),
        );
      } else {
        fields.appointmentMonth = appointmentMonth;
        if (appointmentMonth > today.slice(0, 7)) {
          errors.push(
            problem(
              'NIP_APPOINTMENT_FUTURE',
              `Bulan pengangkatan CPNS pada digit 9–14 NIP (${appointmentMonth}) jatuh di masa depan, setelah ${today.slice(0, 7)}.`,
              `The CPNS appointment month in NIP digits 9–14 (${appointmentMonth}) is in the future, after ${today.slice(0, 7)}.`,
            ),
          );
        }
        if (fields.birthDate) {
          // Compared by month: the NIP records the appointment month, not its day.
          const earliest = addYears(fields.birthDate, NIP_MINIMUM_APPOINTMENT_AGE).slice(0, 7);
          if (appointmentMonth < earliest) {
            errors.push(
              problem(
                'NIP_APPOINTMENT_TOO_EARLY',
                `Bulan pengangkatan CPNS pada NIP (${appointmentMonth}) lebih awal dari bulan ulang tahun ke-${NIP_MINIMUM_APPOINTMENT_AGE} (${earliest}) menurut tanggal lahir ${fields.birthDate}.`,
                `The CPNS appointment month in the NIP (${appointmentMonth}) is before the month of the ${NIP_MINIMUM_APPOINTMENT_AGE}th birthday (${earliest}) for the birth date ${fields.birthDate}.`,
              ),
            );
          }
        }
      }
    }

    const sex = SEX_BY_DIGIT[sexDigit];
    if (sex) fields.sex = sex;
    // A non-digit here is already reported as such; only a wrong digit needs its own word.
    else if (isDigits(sexDigit)) {
      errors.push(
        problem(
          'NIP_SEX_INVALID',
          `Digit 15 NIP ("${sexDigit}") harus 1 (laki-laki) atau 2 (perempuan).`,
          `NIP digit 15 ("${sexDigit}") must be 1 (male) or 2 (female).`,
        ),
      );
    }

    if (isDigits(serialDigits)) {
      fields.serial = serialDigits;
      if (serialDigits === '000') {
        errors.push(
          problem(
            'NIP_SERIAL_ZERO',
            'Nomor urut NIP (digit 16–18) "000" tidak sah: nomor urut dimulai dari 001.',
            'NIP serial "000" (digits 16–18) is not valid: serials start at 001.',
          ),
        );
      }
    }
  }
  return identifierResult(value, errors, [], fields);
}

export interface NipParts {
  birthDate: IsoDate;
  /** `YYYY-MM` */
  appointmentMonth: string;
  sex: Sex;
  /** 0–999; 0 is allowed so tests and synthetic data can build the serial-zero error. */
  serial: number;
}

/** Writes the NIP these parts make; throws on parts no NIP can carry. */
export function formatNip(parts: NipParts): string {
  const birth = parseIsoDate(parts.birthDate);
  if (!birth) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${parts.birthDate}`);
  if (!parseIsoDate(`${parts.appointmentMonth}-01`)) {
    throw new RangeError(`not a month (YYYY-MM): ${parts.appointmentMonth}`);
  }
  if (!Number.isInteger(parts.serial) || parts.serial < 0 || parts.serial > 999) {
    throw new RangeError(`NIP serial must be 0–999: ${parts.serial}`);
  }
  return [
    formatIsoDate(birth.year, birth.month, birth.day).replaceAll('-', ''),
    parts.appointmentMonth.replace('-', ''),
    DIGIT_BY_SEX[parts.sex],
    String(parts.serial).padStart(3, '0'),
  ].join('');
}
