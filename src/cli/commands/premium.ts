import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { MAX_MONTHS, type PremiumQuote, type RawPremiumQuery } from '../../core/contributions/engine.ts';
import {
  FUNDING_SOURCES,
  PROGRAMMES,
  RISK_CLASSES,
  SCHEMES,
  SECTORS,
} from '../../core/contributions/schedules.ts';
import type { Language } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { quotePremium } from '../../features/premium/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface PremiumOptions extends RawPremiumQuery {
  json?: boolean;
}

const HEADINGS = {
  id: {
    month: 'Bulan',
    months: 'bulan',
    amount: 'Jumlah',
    basis: 'Dasar',
    total: 'Total',
    employer: 'pemberi kerja',
    worker: 'pekerja/peserta',
  },
  en: {
    month: 'Month',
    months: 'months',
    amount: 'Amount',
    basis: 'Basis',
    total: 'Total',
    employer: 'employer',
    worker: 'worker/participant',
  },
} satisfies Record<Language, Record<string, string>>;

export function registerPremiumCommand(program: Command, { context, action }: Registrar): void {
  program
    .command('premium')
    .description('Iuran BPJS Ketenagakerjaan per bulan / contributions month by month')
    .option('--scheme <scheme>', `${SCHEMES.join(' | ')} (bawaan / default: bpu)`)
    .option(
      '--income <rupiah>',
      'BPU: penghasilan yang dilaporkan / declared income, mis. 1000000 atau 1.000.000',
    )
    .option('--from <YYYY-MM>', 'bulan pertama / first month (bawaan / default: bulan ini, WIB)')
    .option('--months <n>', `jumlah bulan / number of months, 1–${MAX_MONTHS} (bawaan / default: 1)`)
    .option('--jht', 'BPU: ikut JHT / add JHT')
    .option('--funding <source>', `${FUNDING_SOURCES.join(' | ')} (bawaan / default: individual)`)
    .option('--sector <sector>', `${SECTORS.join(' | ')}; kosongkan untuk sektor lain / leave out otherwise`)
    .option('--wage <rupiah>', 'PU: upah sebulan / monthly wage')
    .option('--risk <class>', `PU: ${RISK_CLASSES.join(' | ')}`)
    .option('--programmes <list>', `${PROGRAMMES.join(',')} (PU bawaan / default: semua / all)`)
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async ({ json, ...raw }: PremiumOptions) => {
        const quote = quotePremium(raw, context.now());
        if (json) writeJson(context.stdout, quote);
        else printQuote(context.stdout, quote, cliLanguage(context.env));
        return EXIT.ok;
      }),
    );
}

function printQuote(out: Writable, quote: PremiumQuote, language: Language): void {
  const words = HEADINGS[language];
  const priced = PROGRAMMES.filter((programme) =>
    quote.perMonth.some((month) => month.components[programme] !== undefined),
  );
  const rows = [
    [words.month, ...priced.map((programme) => programme.toUpperCase()), words.amount, words.basis],
    ...quote.perMonth.map((month) => [
      month.period,
      ...priced.map((programme) => formatRupiah(month.components[programme] ?? 0)),
      formatRupiah(month.amount),
      month.schedule,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const last = widths.length - 1;
  for (const row of rows) {
    const cells = row.map((cell, column) => {
      if (column === last) return cell;
      return column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!);
    });
    writeLine(out, cells.join('  '));
  }
  const employer = quote.perMonth.reduce((sum, month) => sum + month.shares.employer, 0);
  const worker = quote.perMonth.reduce((sum, month) => sum + month.shares.worker, 0);
  writeLine(out);
  writeLine(
    out,
    `${words.total} ${quote.scheme.toUpperCase()}, ${quote.months} ${words.months}: ${formatRupiah(quote.total)}  ` +
      `(${words.employer} ${formatRupiah(employer)}, ${words.worker} ${formatRupiah(worker)})`,
  );
}
