import { formatRupiah } from '../../src/core/money.ts';
import { addMonths, isPeriod } from '../../src/core/period.ts';
import { currentPeriod, TIME_ZONES, type TimeZoneName } from '../../src/core/regions.ts';
import { type Language, LOCALES } from './i18n.ts';

// One implementation of "Rp 16.800" for the server, the CLI and the browser.
export { formatRupiah };

/** `2026-04` → "April 2026" / "April 2026", `Januari`/`January` by language. */
export function formatPeriod(period: string, language: Language): string {
  if (!isPeriod(period)) return period;
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(LOCALES[language], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
}

export function lastPeriod(from: string, months: number): string {
  return isPeriod(from) && months > 0 ? addMonths(from, months - 1) : from;
}

/** This month as the server reckons a quote's default: in WIB, where most participants live. */
export function thisMonth(now = new Date()): string {
  return currentPeriod(now, 'WIB');
}

/**
 * What people type for a wage: "3.282.000", "3282000", "Rp 3.282.000". Dots group thousands in
 * Indonesian, so a comma would start decimals, which a rupiah amount does not have.
 */
export function parseRupiahInput(text: string): number | null {
  const cleaned = text.replace(/^\s*rp\.?\s*/i, '').replace(/\s+/g, '');
  if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(cleaned)) return null;
  const value = Number(cleaned.replaceAll('.', ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** "3282000" → "3.282.000", for showing back what was understood. */
export function groupDigits(value: number): string {
  return formatRupiah(value).replace(/^-?Rp /, value < 0 ? '-' : '');
}

export function formatPercent(basisPoints: number, language: Language): string {
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(basisPoints / 100)}%`;
}

/** `1975-08-09` → "9 Agustus 1975" / "9 August 1975": a calendar date, shifted by no time zone. */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

/**
 * A moment as the clock of the Pemda's zone shows it, with the zone named: "9 Agu 2026 14.05 WIB";
 * or only the day there ("9 Agustus 2026"), which in another zone may be the day before or after.
 */
export function formatMoment(
  timestamp: string,
  zone: TimeZoneName,
  language: Language,
  { time = true } = {},
): string {
  const moment = new Date(timestamp);
  if (Number.isNaN(moment.getTime())) return timestamp;
  const timeZone = TIME_ZONES[zone].iana;
  if (!time) {
    return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone }).format(moment);
  }
  const text = new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(moment);
  return `${text} ${zone}`;
}

export function formatCount(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}
