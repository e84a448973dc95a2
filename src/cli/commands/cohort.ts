import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { z } from 'zod';
import { type Language, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { invalid } from '../../errors.ts';
import {
  type BuildResult,
  type CohortCost,
  type CohortService,
  cohortFileFieldsSchema,
  cohortQueryBodySchema,
  csrBodySchema,
  donorBodySchema,
  summaryIn,
} from '../../features/cohorts/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface BuildOptions {
  pemda: string;
  json?: boolean;
  errorFile?: string;
}

/** Numbers as people type them: `2600000000` or `2.600.000.000`; anything else stays text for the schema to refuse. */
function number(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const digits = value.trim().replaceAll('.', '');
  return /^\d+$/.test(digits) ? Number(digits) : value;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** The same checks the API makes, so an option reads as wrong in a terminal as in a browser. */
function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const names = [...new Set(parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? '')}`))].join(
    ', ',
  );
  throw invalid(
    problem(
      'COHORT_OPTIONS',
      `Pilihan tidak sah: ${names}. Lihat: asuh <perintah> --help.`,
      `Options not valid: ${names}. See: asuh <command> --help.`,
    ),
  );
}

export function registerCohortCommands(program: Command, { context, action }: Registrar): void {
  const service = async (): Promise<CohortService> => (await context.services()).cohorts;

  /** Prints a build, writes its error file when asked (or beside an imported file) and anything was turned away. */
  async function report(
    cohorts: CohortService,
    result: BuildResult,
    options: BuildOptions,
    errorFile?: string,
  ) {
    const language = cliLanguage(context.env);
    const path = errorFile ?? (options.errorFile ? resolve(options.errorFile) : undefined);
    const written = path && result.errorFileUrls ? path : null;
    if (written) await cohorts.writeErrorFile(result.buildId, written);
    if (options.json) {
      writeJson(context.stdout, { ...summaryIn(result, language), errorFile: written });
    } else {
      writeBuild(context.stdout, result, language, written);
    }
    return EXIT.ok;
  }

  const cohort = program
    .command('cohort')
    .description('Kohort APBD: pekerja yang iurannya dibayar anggaran daerah / APBD-funded cohorts');

  cohort
    .command('create')
    .description('Bentuk kohort APBD dari pool pekerja / build an APBD cohort from the pool')
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .requiredOption('--name <name>', 'nama kohort / the cohort name')
    .option('--key <key>', 'kunci program; bawaan: dari nama / programme key; default: from the name')
    .option('--occupation <list>', 'pekerjaan, dipisah koma / occupations, comma-separated')
    .option('--area <list>', 'kecamatan atau desa, dipisah koma / districts or villages, comma-separated')
    .option('--max-decile <n>', 'desil kesejahteraan paling tinggi (1–10) / highest welfare decile')
    .option('--limit <n>', 'jumlah anggota paling banyak / at most this many members')
    .requiredOption('--budget <rupiah>', 'anggaran / budget')
    .requiredOption('--year <year>', 'tahun anggaran / budget year')
    .requiredOption('--from <YYYY-MM>', 'bulan pertama / first month')
    .option('--months <n>', 'jumlah bulan; bawaan: sampai Desember / months; default: to December')
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .option(
      '--error-file <path>',
      'tempat berkas kesalahan (.csv atau .xlsx) / where to write the error file',
    )
    .action(
      action(
        async (
          options: BuildOptions & {
            name: string;
            key?: string;
            occupation?: string;
            area?: string;
            maxDecile?: string;
            limit?: string;
            budget: string;
            year: string;
            from: string;
            months?: string;
          },
        ) => {
          const body = checked(cohortQueryBodySchema, {
            name: options.name,
            key: options.key,
            occupations: list(options.occupation),
            areas: list(options.area),
            maxDecile: number(options.maxDecile),
            limit: number(options.limit),
            budget: number(options.budget),
            budgetYear: number(options.year),
            from: options.from,
            months: number(options.months),
          });
          const cohorts = await service();
          return report(cohorts, await cohorts.buildFromQuery(options.pemda, body, { actor: null }), options);
        },
      ),
    );

  cohort
    .command('import')
    .description(
      'Bentuk kohort APBD dari berkas NIK (CSV/XLSX: nik,nama,kode_desa) / build a cohort from a file',
    )
    .argument('<file>', 'berkas CSV atau XLSX / a CSV or XLSX file')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .requiredOption('--name <name>', 'nama kohort / the cohort name')
    .option('--key <key>', 'kunci program / programme key')
    .option('--area <code>', 'wilayah tempat tinggal pekerja; bawaan: Pemda / where workers must live')
    .requiredOption('--budget <rupiah>', 'anggaran / budget')
    .requiredOption('--year <year>', 'tahun anggaran / budget year')
    .requiredOption('--from <YYYY-MM>', 'bulan pertama / first month')
    .option('--months <n>', 'jumlah bulan / months')
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .option(
      '--error-file <path>',
      'tempat berkas kesalahan; bawaan: <berkas>.errors.csv / where to write the error file',
    )
    .action(
      action(
        async (
          file: string,
          options: BuildOptions & {
            name: string;
            key?: string;
            area?: string;
            budget: string;
            year: string;
            from: string;
            months?: string;
          },
        ) => {
          const terms = checked(cohortFileFieldsSchema, {
            name: options.name,
            key: options.key ?? '',
            area: options.area ?? '',
            budget: options.budget,
            year: options.year,
            from: options.from,
            months: options.months ?? '',
          });
          const path = resolve(file);
          const cohorts = await service();
          const result = await cohorts.buildFromFile(options.pemda, path, terms, { actor: null });
          const beside = join(dirname(path), `${basename(path, extname(path))}.errors.csv`);
          return report(cohorts, result, options, resolve(options.errorFile ?? beside));
        },
      ),
    );

  cohort
    .command('cost')
    .description(
      'Biaya kohort bulan demi bulan dibanding anggaran / a cohort’s cost month by month against its budget',
    )
    .argument('<key>', 'kunci program / the programme key')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (key: string, options: { pemda: string; json?: boolean }) => {
        const detail = await (await service()).getByKey(options.pemda, key, { actor: null });
        if (options.json) {
          writeJson(context.stdout, {
            programme: { id: detail.id, key: detail.key, name: detail.name },
            ...detail.cost,
          });
        } else {
          const language = cliLanguage(context.env);
          writeLine(context.stdout, `${detail.name} (${detail.key}), Pemda ${detail.pemdaCode}`);
          writeCost(context.stdout, detail.cost, language);
        }
        return EXIT.ok;
      }),
    );

  program
    .command('csr')
    .description('Sponsor perusahaan (CSR) / company sponsors')
    .command('create')
    .description(
      'Perusahaan menanggung N pekerja paling membutuhkan di kecamatan pilihan / a company sponsors the N neediest pool workers of chosen districts',
    )
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .requiredOption('--organisation <name>', 'nama perusahaan / the company')
    .requiredOption('--workers <n>', 'jumlah pekerja / how many workers')
    .requiredOption('--districts <list>', 'kecamatan, dipisah koma / districts, comma-separated')
    .requiredOption('--months <n>', '3, 6 atau 12')
    .requiredOption('--from <YYYY-MM>', 'bulan pertama / first month')
    .option('--key <key>', 'kunci program / programme key')
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .option('--error-file <path>', 'tempat berkas kesalahan / where to write the error file')
    .action(
      action(
        async (
          options: BuildOptions & {
            organisation: string;
            workers: string;
            districts: string;
            months: string;
            from: string;
            key?: string;
          },
        ) => {
          const body = checked(csrBodySchema, {
            organisation: options.organisation,
            key: options.key,
            workers: number(options.workers),
            districts: list(options.districts),
            months: number(options.months),
            from: options.from,
          });
          const cohorts = await service();
          return report(cohorts, await cohorts.createCsr(options.pemda, body, { actor: null }), options);
        },
      ),
    );

  program
    .command('donor')
    .description('Donatur perorangan / individual donors')
    .command('create')
    .description(
      'Donatur menanggung sejumlah pekerja atau NIK tertentu / a donor sponsors a number of workers or named NIKs',
    )
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .requiredOption('--name <name>', 'nama donatur / the donor’s name')
    .option('--phone <phone>', 'nomor HP / phone')
    .option('--email <email>', 'surel / email')
    .option('--workers <n>', 'jumlah pekerja / how many workers')
    .option('--nik <list>', 'NIK yang ditanggung, dipisah koma / NIKs, comma-separated')
    .option('--districts <list>', 'kecamatan, dipisah koma / districts, comma-separated')
    .requiredOption('--months <n>', '3, 6 atau 12')
    .requiredOption('--from <YYYY-MM>', 'bulan pertama / first month')
    .option('--key <key>', 'kunci program / programme key')
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .option('--error-file <path>', 'tempat berkas kesalahan / where to write the error file')
    .action(
      action(
        async (
          options: BuildOptions & {
            name: string;
            phone?: string;
            email?: string;
            workers?: string;
            nik?: string;
            districts?: string;
            months: string;
            from: string;
            key?: string;
          },
        ) => {
          const body = checked(donorBodySchema, {
            name: options.name,
            phone: options.phone,
            email: options.email,
            key: options.key,
            workers: number(options.workers),
            niks: list(options.nik),
            districts: list(options.districts),
            months: number(options.months),
            from: options.from,
          });
          const cohorts = await service();
          return report(cohorts, await cohorts.createDonor(options.pemda, body, { actor: null }), options);
        },
      ),
    );
}

const WORDS = {
  id: {
    read: 'dibaca',
    added: 'ditambahkan',
    alreadyMember: 'sudah anggota',
    alreadyCovered: 'sudah ditanggung sponsorship lain',
    rejected: 'ditolak',
    newWorkers: 'pekerja baru di registri',
    members: 'Anggota',
    month: 'bulan',
    workers: 'pekerja',
    perWorker: 'per pekerja',
    amount: 'jumlah',
    cost: 'Biaya',
    budget: 'anggaran',
    remaining: 'sisa',
    overrun: 'melebihi anggaran',
    errorFile: 'Berkas kesalahan',
  },
  en: {
    read: 'read',
    added: 'added',
    alreadyMember: 'already members',
    alreadyCovered: 'covered by another sponsorship',
    rejected: 'rejected',
    newWorkers: 'new in the registry',
    members: 'Members',
    month: 'month',
    workers: 'workers',
    perWorker: 'per worker',
    amount: 'amount',
    cost: 'Cost',
    budget: 'budget',
    remaining: 'remaining',
    overrun: 'over budget',
    errorFile: 'Error file',
  },
} as const satisfies Record<Language, Record<string, string>>;

function writeBuild(out: Writable, result: BuildResult, language: Language, errorFile: string | null): void {
  const words = WORDS[language];
  const count = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US');
  writeLine(out, `${result.programme.name} (${result.programme.key}), Pemda ${result.programme.pemdaCode}`);
  const counts: [string, number][] = [
    [words.read, result.read],
    [words.added, result.added],
    [words.alreadyMember, result.alreadyMember],
    [words.alreadyCovered, result.alreadyCovered],
    [words.rejected, result.rejected],
  ];
  if (result.newWorkers > 0) counts.push([words.newWorkers, result.newWorkers]);
  writeLine(out, `  ${counts.map(([label, value]) => `${label} ${count.format(value)}`).join(' · ')}`);
  writeLine(out, `  ${words.members}: ${count.format(result.members)}`);
  writeCostLine(out, result.cost, language);
  if (errorFile) writeLine(out, `  ${words.errorFile}: ${errorFile}`);
}

function writeCostLine(out: Writable, cost: CohortCost, language: Language): void {
  const words = WORDS[language];
  const parts = [`${words.cost} ${cost.from}–${cost.to}: ${formatRupiah(cost.total)}`];
  if (cost.budget !== null && cost.remaining !== null) {
    parts.push(`${words.budget} ${formatRupiah(cost.budget)}`);
    parts.push(
      cost.overrun
        ? `${words.overrun} ${formatRupiah(-cost.remaining)}`
        : `${words.remaining} ${formatRupiah(cost.remaining)}`,
    );
  }
  writeLine(out, `  ${parts.join(' · ')}`);
}

function writeCost(out: Writable, cost: CohortCost, language: Language): void {
  const words = WORDS[language];
  const count = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US');
  const rows = cost.months.map((month) => [
    month.period,
    count.format(month.workers),
    month.lines.map((line) => formatRupiah(line.perWorker)).join(' / ') || '—',
    formatRupiah(month.amount),
  ]);
  const header = [words.month, words.workers, words.perWorker, words.amount];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  writeLine(out, `  ${line(header)}`);
  for (const row of rows) writeLine(out, `  ${line(row)}`);
  writeCostLine(out, cost, language);
}
