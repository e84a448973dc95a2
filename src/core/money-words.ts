/**
 * An amount of rupiah in Indonesian words ("terbilang"), as printed bills, payment orders and
 * receipts carry it beside the figures: Rp 201.600 is "dua ratus satu ribu enam ratus rupiah".
 * Indonesian says "se-" for one hundred and one thousand (seratus, seribu) but "satu" before
 * juta and larger (satu juta, satu miliar), and 11–19 are "sebelas", "dua belas"…
 */
import type { Rupiah } from './money.ts';

const UNITS = [
  'nol',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
] as const;

/** Groups of three digits, smallest first: ribu is 10^3, juta 10^6… */
const SCALES = ['', 'ribu', 'juta', 'miliar', 'triliun', 'kuadriliun'] as const;

/** 1–999 in words. */
function hundreds(value: number): string[] {
  const words: string[] = [];
  const hundred = Math.floor(value / 100);
  const rest = value % 100;
  if (hundred === 1) words.push('seratus');
  else if (hundred > 1) words.push(UNITS[hundred]!, 'ratus');
  if (rest === 10) words.push('sepuluh');
  else if (rest === 11) words.push('sebelas');
  else if (rest > 11 && rest < 20) words.push(UNITS[rest - 10]!, 'belas');
  else if (rest >= 20) {
    words.push(UNITS[Math.floor(rest / 10)]!, 'puluh');
    if (rest % 10 > 0) words.push(UNITS[rest % 10]!);
  } else if (rest > 0) {
    words.push(UNITS[rest]!);
  }
  return words;
}

/** The number alone in words: 0 → "nol", 1000 → "seribu", -5 → "minus lima". */
export function numberInWords(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number: ${value}`);
  if (value === 0) return UNITS[0];
  const words: string[] = value < 0 ? ['minus'] : [];
  let rest = Math.abs(value);
  const groups: number[] = [];
  while (rest > 0) {
    groups.push(rest % 1000);
    rest = Math.floor(rest / 1000);
  }
  for (let scale = groups.length - 1; scale >= 0; scale -= 1) {
    const group = groups[scale]!;
    if (group === 0) continue;
    const name = SCALES[scale] ?? '';
    if (scale === 1 && group === 1) words.push('seribu');
    else words.push(...hundreds(group), ...(name ? [name] : []));
  }
  return words.join(' ');
}

/** "dua ratus satu ribu enam ratus rupiah". */
export function rupiahInWords(amount: Rupiah): string {
  return `${numberInWords(amount)} rupiah`;
}

/** Sentence case, as a printed "Terbilang:" line starts. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const UNIT_VALUES = new Map<string, number>(UNITS.map((word, index) => [word, index]));
const SCALE_VALUES = new Map<string, number>(
  SCALES.slice(1).map((word, index) => [word, 1000 ** (index + 1)]),
);

/**
 * Reads words back into a number: what a clerk types in a "terbilang" field, and the way the
 * tests prove that every amount printed reads back as itself. Undefined when it is not one.
 */
export function parseNumberWords(text: string): number | undefined {
  const tokens = text
    .trim()
    .toLowerCase()
    .replace(/\s+rupiah$/, '')
    .split(/\s+/);
  let sign = 1;
  if (tokens[0] === 'minus') {
    sign = -1;
    tokens.shift();
  }
  if (tokens.length === 1 && tokens[0] === 'nol') return 0;
  let total = 0;
  let group = 0;
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const unit = UNIT_VALUES.get(token);
    if (token === 'seratus') group += 100;
    else if (token === 'sepuluh') group += 10;
    else if (token === 'sebelas') group += 11;
    else if (token === 'seribu') {
      if (group !== 0 || last <= 1000) return undefined;
      total += 1000;
      last = 1000;
    } else if (unit !== undefined && unit > 0) {
      if (next === 'ratus') group += unit * 100;
      else if (next === 'puluh') group += unit * 10;
      else if (next === 'belas') group += unit + 10;
      else group += unit;
      if (next === 'ratus' || next === 'puluh' || next === 'belas') i += 1;
    } else {
      const scale = SCALE_VALUES.get(token);
      if (scale === undefined || group === 0 || scale >= last) return undefined;
      total += group * scale;
      group = 0;
      last = scale;
    }
  }
  const value = sign * (total + group);
  // Only the canonical spelling reads back: "dua ribu seribu" adds up but is not a number.
  const canonical = `${sign < 0 ? 'minus ' : ''}${tokens.join(' ')}`;
  return Number.isSafeInteger(value) && numberInWords(value) === canonical ? value : undefined;
}
