import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { maskNik } from '../../core/identifiers/nik.ts';
import { formatRupiah } from '../../core/money.ts';
import { PAYMENT_KINDS } from '../../core/payment-files.ts';
import type { ResolveRequest } from '../../features/payments/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface ImportOptions {
  kind: string;
  pemda: string;
  json?: boolean;
  errorFile?: string;
}

interface ResolveOptions {
  reference?: string;
  contribution?: string;
  notOurs?: boolean;
  reason: string;
  json?: boolean;
}

/** `data/bank.csv` → `data/bank.errors.csv`, beside the file imported. */
function defaultErrorFile(path: string): string {
  return join(dirname(path), `${basename(path, extname(path))}.errors.csv`);
}

export function registerPaymentCommands(program: Command, { context, action }: Registrar): void {
  const payments = program
    .command('payments')
    .description(
      'Impor pembayaran dan antrean baris yang belum cocok / payment imports and the unmatched queue',
    );
  const service = async () => (await context.services()).payments;

  payments
    .command('import')
    .description(
      'Impor berkas pembayaran (CSV/XLSX; docs/formats/) dan cocokkan dengan tagihan / import a payment file and match it to bills',
    )
    .argument('<file>', 'berkas CSV atau XLSX / a CSV or XLSX file')
    .requiredOption(
      '--kind <kind>',
      `${PAYMENT_KINDS.join('|')}: konfirmasi potongan gaji, rekening koran VA, konfirmasi BPJSTK / payroll confirmation, bank VA statement, BPJSTK confirmation`,
    )
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .option(
      '--error-file <path>',
      'tempat berkas kesalahan (.csv atau .xlsx); bawaan: <berkas>.errors.csv / where to write the error file',
    )
    .action(
      action(async (file: string, options: ImportOptions) => {
        const language = cliLanguage(context.env);
        const path = resolve(file);
        const payments = await service();
        const outcome = await payments.importFile(path, {
          kind: options.kind,
          pemdaCode: options.pemda,
          actor: null,
          errorFile: resolve(options.errorFile ?? defaultErrorFile(path)),
          maxBytes: context.config().importMaxBytes,
          now: context.now(),
        });
        const result = await payments.result(outcome, language);
        if (options.json) {
          writeJson(context.stdout, {
            importId: result.import.id,
            alreadyImported: result.alreadyImported,
            kind: result.import.kind,
            pemda: result.import.pemdaCode,
            ...result.import.summary,
            stillUnmatched: result.import.stillUnmatched,
            errorFile: outcome.errorFile,
          });
        } else {
          writeLine(context.stdout, result.message);
          if (outcome.errorFile) {
            writeLine(
              context.stdout,
              `  ${language === 'id' ? 'Berkas kesalahan' : 'Error file'}: ${outcome.errorFile}`,
            );
          }
        }
        return EXIT.ok;
      }),
    );

  payments
    .command('unmatched')
    .description('Baris pembayaran yang belum cocok / payment lines waiting for an officer')
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .option('--page <n>', 'halaman / page', '1')
    .option('--json', 'cetak sebagai JSON / print as JSON')
    .action(
      action(async (options: { pemda: string; page: string; json?: boolean }) => {
        const language = cliLanguage(context.env);
        const page = await (await service()).listUnmatched(
          { pemda: options.pemda, page: Math.max(1, Number(options.page) || 1), pageSize: 100 },
          { actor: null },
          language,
        );
        if (options.json) {
          writeJson(context.stdout, page);
          return EXIT.ok;
        }
        writeLine(
          context.stdout,
          language === 'id'
            ? `${page.total} baris belum cocok di Pemda ${options.pemda}`
            : `${page.total} unmatched lines in Pemda ${options.pemda}`,
        );
        for (const line of page.items) {
          const who =
            line.reference ?? line.vaNumber ?? line.nip ?? (line.nik ? maskNik(line.nik) : line.kpj);
          writeLine(
            context.stdout,
            `  #${line.id}  ${line.kind}  ${line.paidAt.slice(0, 10)}  ${formatRupiah(line.amount)}  ${who ?? ''}  ${line.reason}`,
          );
        }
        return EXIT.ok;
      }),
    );

  payments
    .command('resolve')
    .description(
      'Tangani baris yang belum cocok: ke tagihan, ke iuran, atau bukan milik program / resolve an unmatched line',
    )
    .argument('<line>', 'nomor baris (#) dari `payments unmatched` / the line id')
    .option('--reference <reference>', 'tagihan tujuan, mis. ASUH-3502-202401-000001 / the bill to pay')
    .option('--contribution <id>', 'iuran tujuan / the contribution to pay')
    .option('--not-ours', 'bukan pembayaran program ini / not a payment of this programme')
    .requiredOption('--reason <text>', 'alasan, untuk jejak audit / why, for the audit trail')
    .option('--json', 'cetak sebagai JSON / print as JSON')
    .action(
      action(async (line: string, options: ResolveOptions) => {
        const language = cliLanguage(context.env);
        const request: ResolveRequest = options.notOurs
          ? { action: 'not_ours', reason: options.reason }
          : {
              action: 'assign',
              reason: options.reason,
              ...(options.reference ? { reference: options.reference } : {}),
              ...(options.contribution ? { contributionId: Number(options.contribution) } : {}),
            };
        const resolved = await (await service()).resolve(Number(line), request, { actor: null });
        if (options.json) writeJson(context.stdout, resolved);
        else {
          writeLine(
            context.stdout,
            language === 'id'
              ? `Baris #${resolved.id}: ${resolved.status}; dialokasikan ${formatRupiah(resolved.allocated)}, kredit ${formatRupiah(resolved.credit)}${resolved.billReference ? ` (${resolved.billReference})` : ''}`
              : `Line #${resolved.id}: ${resolved.status}; allocated ${formatRupiah(resolved.allocated)}, credit ${formatRupiah(resolved.credit)}${resolved.billReference ? ` (${resolved.billReference})` : ''}`,
          );
        }
        return EXIT.ok;
      }),
    );
}
