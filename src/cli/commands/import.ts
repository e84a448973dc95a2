import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Language } from '../../core/message.ts';
import {
  IMPORT_COLUMNS,
  type ImportKind,
  type ImportProgress,
  type ImportSummary,
  importFile,
} from '../../features/imports/index.ts';
import { checkImportFile, formatBytes } from '../../platform/files/import-file.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface ImportCommandOptions {
  pemda: string;
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
  errorFile?: string;
}

const KINDS: Record<ImportKind, { description: string; full: boolean }> = {
  asn: {
    description:
      'Impor roster ASN (CSV/XLSX: nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa) / import the ASN roster',
    full: true,
  },
  workers: {
    description:
      'Impor registri pekerja (CSV/XLSX: nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil) / import the worker registry',
    full: false,
  },
};

export function registerImportCommands(program: Command, { context, action }: Registrar): void {
  const imports = program
    .command('import')
    .description('Impor roster ASN dan registri pekerja / import the ASN roster and the worker registry');

  for (const [kind, { description, full }] of Object.entries(KINDS) as [
    ImportKind,
    (typeof KINDS)[ImportKind],
  ][]) {
    const command = imports
      .command(kind)
      .description(description)
      .argument('<file>', 'berkas CSV atau XLSX / a CSV or XLSX file')
      .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code');
    if (full) {
      command.option(
        '--full',
        'berkas memuat seluruh roster: ASN yang tidak tercantum dinonaktifkan / the file is the whole roster: ASN missing from it become inactive',
      );
    }
    command
      .option('--dry-run', 'periksa dan hitung tanpa menulis ke registri / validate and count, write nothing')
      .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
      .option(
        '--error-file <path>',
        'tempat berkas kesalahan (.csv atau .xlsx); bawaan: <berkas>.errors.csv / where to write the error file',
      )
      .action(
        action(async (file: string, options: ImportCommandOptions) => {
          const language = cliLanguage(context.env);
          const path = resolve(file);
          const errorFile = resolve(options.errorFile ?? defaultErrorFile(path));
          const bar = isTerminal(context.stderr) ? progressBar(context.stderr, language) : undefined;
          const maxBytes = context.config().importMaxBytes;
          // A file refused as a whole is refused before the database is even opened.
          const checked = await checkImportFile(path, IMPORT_COLUMNS[kind], { maxBytes });
          let summary: ImportSummary;
          try {
            summary = await importFile(await context.database(), path, {
              kind,
              pemdaCode: options.pemda,
              actor: null,
              dryRun: options.dryRun === true,
              full: options.full === true,
              errorFile,
              maxBytes,
              checked,
              ...(bar ? { onProgress: bar.update } : {}),
            });
          } finally {
            bar?.end();
          }
          if (options.json) {
            writeJson(context.stdout, {
              read: summary.read,
              inserted: summary.inserted,
              updated: summary.updated,
              unchanged: summary.unchanged,
              rejected: summary.rejected,
              warned: summary.warned,
              errorFile: summary.errorFile ?? null,
              linked: summary.linked,
              deactivated: summary.deactivated,
              importId: summary.importId,
              dryRun: options.dryRun === true,
            });
          } else {
            writeSummary(context.stdout, kind, options, summary, language);
          }
          return EXIT.ok;
        }),
      );
  }
}

/** `data/roster.csv` → `data/roster.errors.csv`, beside the file imported. */
function defaultErrorFile(path: string): string {
  return join(dirname(path), `${basename(path, extname(path))}.errors.csv`);
}

function isTerminal(stream: Writable): boolean {
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

const WORDS = {
  id: {
    asn: 'roster ASN',
    workers: 'registri pekerja',
    done: 'selesai',
    dryRun: 'uji coba (--dry-run): tidak ada yang ditulis ke registri',
    read: 'dibaca',
    inserted: 'baru',
    updated: 'diperbarui',
    unchanged: 'tidak berubah',
    rejected: 'ditolak',
    warned: 'dengan peringatan',
    linked: 'ditautkan',
    deactivated: 'dinonaktifkan',
    errorFile: 'Berkas kesalahan',
    rows: 'baris',
    perSecond: 'baris/dtk',
  },
  en: {
    asn: 'ASN roster',
    workers: 'worker registry',
    done: 'done',
    dryRun: 'dry run (--dry-run): nothing was written to the registry',
    read: 'read',
    inserted: 'new',
    updated: 'updated',
    unchanged: 'unchanged',
    rejected: 'rejected',
    warned: 'with warnings',
    linked: 'linked',
    deactivated: 'deactivated',
    errorFile: 'Error file',
    rows: 'rows',
    perSecond: 'rows/s',
  },
} as const satisfies Record<Language, Record<string, string>>;

function writeSummary(
  out: Writable,
  kind: ImportKind,
  options: ImportCommandOptions,
  summary: ImportSummary,
  language: Language,
): void {
  const words = WORDS[language];
  const number = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US');
  const counts: [string, number][] = [
    [words.read, summary.read],
    [words.inserted, summary.inserted],
    [words.updated, summary.updated],
    [words.unchanged, summary.unchanged],
    [words.rejected, summary.rejected],
    [words.warned, summary.warned],
  ];
  if (kind === 'workers') counts.push([words.linked, summary.linked]);
  if (options.full) counts.push([words.deactivated, summary.deactivated]);
  writeLine(out, `${words[kind]} ${options.pemda}: ${options.dryRun ? words.dryRun : words.done}`);
  writeLine(out, `  ${counts.map(([label, value]) => `${label} ${number.format(value)}`).join(' · ')}`);
  if (summary.errorFile) writeLine(out, `  ${words.errorFile}: ${summary.errorFile}`);
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

/** One line redrawn in place on a terminal: the share of the file read, rows, rows per second. */
function progressBar(
  stream: Writable,
  language: Language,
): { update(progress: ImportProgress): void; end(): void } {
  const words = WORDS[language];
  const number = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US');
  const started = Date.now();
  let drawn = 0;
  let shown = false;
  return {
    update({ rowsRead, bytesRead, totalBytes }) {
      const now = Date.now();
      if (now - drawn < REDRAW_MS) return;
      drawn = now;
      shown = true;
      const share = totalBytes && bytesRead !== undefined ? Math.min(1, bytesRead / totalBytes) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      const rate = Math.round(rowsRead / Math.max((now - started) / 1000, 0.001));
      const size = totalBytes ? ` / ${formatBytes(totalBytes)}` : '';
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%${size}  ${number.format(rowsRead)} ${words.rows}  ${number.format(rate)} ${words.perSecond}\u001b[K`,
      );
    },
    end() {
      if (shown) stream.write('\n');
    },
  };
}
