import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { invalid } from '../../errors.ts';
import { documentFileNames, renderBillPdf, writeDeductionList } from '../../features/billing/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

function wholeRupiah(value: string): number {
  const text = value.trim().replace(/\./g, '');
  if (!/^[+-]?\d+$/.test(text)) {
    throw invalid(
      problem(
        'INVALID_AMOUNT',
        `Jumlah "${value}" bukan bilangan bulat rupiah (boleh diawali + atau -).`,
        `Amount "${value}" is not a whole number of rupiah (a leading + or - is allowed).`,
      ),
    );
  }
  return Number(text);
}

function positiveId(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw invalid(
      problem('INVALID_ID', `"${value}" bukan nomor iuran.`, `"${value}" is not a contribution number.`),
    );
  }
  return Number(value.trim());
}

export function registerBillingCommands(program: Command, { context, action }: Registrar): void {
  const billing = program
    .command('billing')
    .description('Penagihan iuran bulanan / monthly billing of contributions');
  const service = async () => (await context.services()).billing;

  billing
    .command('run')
    .description(
      'Tagih satu bulan: satu iuran per sponsorship-bulan, satu tagihan per pembayar / bill one month',
    )
    .requiredOption('--period <YYYY-MM>', 'bulan iuran, mis. 2024-01 / the contribution month')
    .option('--pemda <code>', 'kode Pemda; tanpa ini: semua Pemda / the Pemda; without it: every Pemda')
    .option('--json', 'cetak {"period","contributionsAdded","billsAdded","totalBilled"} / print JSON')
    .action(
      action(async (options: { period: string; pemda?: string; json?: boolean }) => {
        const outcome = await (await service()).run(
          { period: options.period, pemdaCode: options.pemda ?? null },
          { actor: null },
        );
        if (options.json) {
          writeJson(context.stdout, {
            period: outcome.period,
            contributionsAdded: outcome.contributionsAdded,
            billsAdded: outcome.billsAdded,
            totalBilled: outcome.totalBilled,
          });
        } else {
          writeLine(context.stdout, outcome.message[cliLanguage(context.env)]);
        }
        return EXIT.ok;
      }),
    );

  billing
    .command('export')
    .description(
      'Tulis dokumen tagihan sebulan: daftar potongan gaji (CSV, XLSX) dan PDF / write a month of bill documents',
    )
    .requiredOption('--period <YYYY-MM>', 'bulan iuran / the contribution month')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda')
    .requiredOption('--out <dir>', 'folder tujuan / the folder to write to')
    .action(
      action(async (options: { period: string; pemda: string; out: string }) => {
        const billingService = await service();
        const folder = resolve(options.out);
        await mkdir(folder, { recursive: true });
        const bills = await billingService.billsOfPeriod(options.pemda, options.period, { actor: null });
        let files = 0;
        for (const bill of bills) {
          const print = await billingService.billPrint(bill.id, { actor: null });
          const names = documentFileNames(bill);
          await writeFile(join(folder, names.pdf), await renderBillPdf(print));
          files += 1;
          if (names.csv && names.xlsx) {
            await writeDeductionList(print, createWriteStream(join(folder, names.csv)), 'csv');
            await writeDeductionList(print, createWriteStream(join(folder, names.xlsx)), 'xlsx');
            files += 2;
          }
        }
        writeLine(
          context.stdout,
          cliLanguage(context.env) === 'en'
            ? `${bills.length} bills of ${options.period}: ${files} files written to ${folder}`
            : `${bills.length} tagihan ${options.period}: ${files} berkas ditulis ke ${folder}`,
        );
        return EXIT.ok;
      }),
    );

  billing
    .command('adjust')
    .description(
      'Koreksi iuran yang sudah ditagih; ditagihkan pada tagihan berikutnya / correct a billed contribution on the next bill',
    )
    .requiredOption('--contribution <id>', 'nomor iuran yang dikoreksi / the contribution corrected')
    .requiredOption(
      '--amount <rupiah>',
      'koreksi, mis. 16800 atau -8400 / the correction, e.g. 16800 or -8400',
    )
    .requiredOption('--reason <text>', 'alasan / the reason')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { contribution: string; amount: string; reason: string; json?: boolean }) => {
        const adjustment = await (await service()).adjust(
          {
            contributionId: positiveId(options.contribution),
            amount: wholeRupiah(options.amount),
            reason: options.reason,
          },
          { actor: null },
        );
        if (options.json) {
          writeJson(context.stdout, adjustment);
        } else {
          const amount = formatRupiah(adjustment.amount);
          writeLine(
            context.stdout,
            cliLanguage(context.env) === 'en'
              ? `Correction #${adjustment.id} of contribution #${adjustment.contributionId}: ${amount}, billed on the payer's next bill.`
              : `Koreksi #${adjustment.id} atas iuran #${adjustment.contributionId}: ${amount}, ditagihkan pada tagihan berikutnya.`,
          );
        }
        return EXIT.ok;
      }),
    );
}
