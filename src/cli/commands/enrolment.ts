import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { GROUP_ACCOUNT_LABELS } from '../../core/group-accounts.ts';
import { type Language, problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { type BatchFileFormat, createFileExchange } from '../../features/enrolment/index.ts';
import { errorFileFormatOf } from '../../platform/files/issue-file.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

const WORDS = {
  id: {
    batch: 'Batch pendaftaran',
    lines: 'baris',
    file: 'Berkas',
    response: 'Tanggapan',
    duplicate: 'berkas ini sudah pernah diimpor; tidak ada yang berubah',
    read: 'dibaca',
    enrolled: 'terdaftar',
    active: 'aktif',
    rejected: 'ditolak',
    activeElsewhere: 'sudah aktif di tempat lain',
    unchanged: 'tidak berubah',
    errors: 'salah',
    warnings: 'dengan peringatan',
    errorFile: 'Berkas kesalahan',
  },
  en: {
    batch: 'Enrolment batch',
    lines: 'lines',
    file: 'File',
    response: 'Response',
    duplicate: 'this file was already imported; nothing changed',
    read: 'read',
    enrolled: 'enrolled',
    active: 'active',
    rejected: 'rejected',
    activeElsewhere: 'already active elsewhere',
    unchanged: 'unchanged',
    errors: 'refused',
    warnings: 'with warnings',
    errorFile: 'Error file',
  },
} as const satisfies Record<Language, Record<string, string>>;

function batchFormat(value: string): BatchFileFormat {
  if (value === 'csv' || value === 'xlsx') return value;
  throw invalid(
    problem(
      'ENROLMENT_FORMAT',
      `Format "${value}" tidak dikenal: pilih csv atau xlsx.`,
      `Format "${value}" is unknown: choose csv or xlsx.`,
    ),
  );
}

export function registerEnrolmentCommands(program: Command, { context, action }: Registrar): void {
  const enrolment = program
    .command('enrolment')
    .description('Pertukaran pendaftaran dengan BPJS Ketenagakerjaan / the enrolment exchange with BPJSTK');
  const service = async () => (await context.services()).enrolment;

  enrolment
    .command('export')
    .description(
      'Buat batch dari sponsor terverifikasi dan tulis berkasnya / make a batch of verified sponsorships and write its file',
    )
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .requiredOption('--out <dir>', 'folder tujuan / the folder to write into')
    .option('--format <format>', 'csv atau xlsx / csv or xlsx', 'csv')
    .option('--batch <reference>', 'tulis ulang batch yang sudah ada / write an existing batch again')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(
        async (options: { pemda: string; out: string; format: string; batch?: string; json?: boolean }) => {
          const format = batchFormat(options.format);
          const enrolmentService = await service();
          const caller = { actor: null };
          const reference =
            options.batch ?? (await enrolmentService.createBatch(options.pemda, caller)).reference;
          const { batch, delivery } = await enrolmentService.sendBatch(
            { reference },
            caller,
            createFileExchange({ send: { format, directory: resolve(options.out) } }),
          );
          const receipt = await delivery;
          if (options.json) {
            writeJson(context.stdout, { ...batch, file: receipt.location, lines: receipt.lines });
            return EXIT.ok;
          }
          const language = cliLanguage(context.env);
          const words = WORDS[language];
          writeLine(context.stdout, `${words.batch} ${batch.reference}: ${receipt.lines} ${words.lines}`);
          for (const group of batch.groups) {
            const label = GROUP_ACCOUNT_LABELS[group.groupAccountType ?? 'individual'][language];
            writeLine(
              context.stdout,
              `  ${group.groupAccountType ?? '—'}  ${label}  ${group.holder}: ${group.members}`,
            );
          }
          writeLine(context.stdout, `${words.file}: ${receipt.location}`);
          return EXIT.ok;
        },
      ),
    );

  enrolment
    .command('import-response')
    .description("Impor berkas tanggapan kantor cabang / import the branch's response file")
    .argument('<file>', 'berkas CSV atau XLSX / a CSV or XLSX file')
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .option(
      '--error-file <path>',
      'tempat berkas kesalahan (.csv atau .xlsx); bawaan: <berkas>.errors.csv / where to write the error file',
    )
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .action(
      action(async (file: string, options: { pemda: string; errorFile?: string; json?: boolean }) => {
        const path = resolve(file);
        const enrolmentService = await service();
        const [summary] = await enrolmentService.importResponses(
          options.pemda,
          { actor: null },
          createFileExchange({
            receive: { path, fileName: basename(path), maxBytes: context.config().importMaxBytes },
          }),
        );
        const response = summary!;
        const counts = response.counts;
        let errorFile: string | null = null;
        if (!response.duplicate && counts.errors + counts.warnings > 0) {
          errorFile = resolve(
            options.errorFile ?? join(dirname(path), `${basename(path, extname(path))}.errors.csv`),
          );
          await enrolmentService.writeErrorFile(response.id, errorFile, errorFileFormatOf(errorFile));
        }
        if (options.json) {
          writeJson(context.stdout, { ...response, errorFile });
          return EXIT.ok;
        }
        const language = cliLanguage(context.env);
        const words = WORDS[language];
        const number = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US');
        writeLine(
          context.stdout,
          `${words.response} #${response.id} ${options.pemda}${response.duplicate ? `: ${words.duplicate}` : ''}`,
        );
        const shown: [string, number][] = [
          [words.read, counts.read],
          [words.enrolled, counts.enrolled],
          [words.active, counts.active],
          [words.rejected, counts.rejected],
          [words.activeElsewhere, counts.activeElsewhere],
          [words.unchanged, counts.unchanged],
          [words.errors, counts.errors],
          [words.warnings, counts.warnings],
        ];
        writeLine(
          context.stdout,
          `  ${shown.map(([label, value]) => `${label} ${number.format(value)}`).join(' · ')}`,
        );
        if (errorFile) writeLine(context.stdout, `  ${words.errorFile}: ${errorFile}`);
        return EXIT.ok;
      }),
    );
}
