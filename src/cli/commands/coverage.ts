import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatRupiah } from '../../core/money.ts';
import { presentCoverage } from '../../features/coverage/index.ts';
import { errorFileFormatOf } from '../../platform/files/issue-file.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface ArrearsOptions {
  pemda?: string;
  opd?: string;
  programme?: string;
  workers?: boolean;
  out?: string;
  json?: boolean;
}

const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export function registerCoverageCommands(program: Command, { context, action }: Registrar): void {
  program
    .command('coverage')
    .description(
      'Perlindungan seorang pekerja bulan demi bulan, dan apakah tertanggung pada suatu tanggal / a worker’s coverage month by month',
    )
    .argument('<nik>', 'NIK pekerja / the worker’s NIK')
    .option(
      '--on <YYYY-MM-DD>',
      'apakah tertanggung pada tanggal ini, dan mengapa / covered on this day, and why',
    )
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (nik: string, options: { on?: string; json?: boolean }) => {
        const language = cliLanguage(context.env);
        const service = (await context.services()).coverage;
        const view = presentCoverage(await service.coverage(nik, options.on, { actor: null }), language);
        if (options.json) {
          writeJson(context.stdout, view);
          return EXIT.ok;
        }
        writeLine(context.stdout, `${view.name} (${view.nik}), ${view.timeZone}`);
        for (const month of view.months) {
          const paid = month.paidOn ? ` ${language === 'en' ? 'paid' : 'dibayar'} ${month.paidOn}` : '';
          const from = month.coveredFrom
            ? ` ${language === 'en' ? 'covered from' : 'terlindungi sejak'} ${month.coveredFrom}`
            : '';
          const amount = month.billed ? ` ${formatRupiah(month.amount)}` : '';
          writeLine(context.stdout, `${month.period}  ${month.stateLabel}${amount}${paid}${from}`);
        }
        const answer = view.answer ?? view.current;
        writeLine(context.stdout, `${answer.date}: ${answer.reason}`);
        return answer.covered ? EXIT.ok : EXIT.negative;
      }),
    );

  program
    .command('arrears')
    .description(
      'Tunggakan iuran per penanggung atau pekerja, per OPD dan program / arrears by sponsor or worker',
    )
    .option('--pemda <code>', 'kode Pemda / the Pemda')
    .option('--opd <id>', 'nomor OPD / the OPD id')
    .option('--programme <id>', 'nomor program / the programme id')
    .option('--workers', 'per pekerja, bukan per penanggung / by worker instead of by sponsor')
    .option(
      '--out <file>',
      'tulis seluruh daftar ke .csv atau .xlsx / write the whole list to a .csv or .xlsx',
    )
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: ArrearsOptions) => {
        const language = cliLanguage(context.env);
        const service = (await context.services()).arrears;
        const query = {
          ...(options.pemda === undefined ? {} : { pemda: options.pemda }),
          ...(options.opd === undefined ? {} : { opd: optionalNumber(options.opd)! }),
          ...(options.programme === undefined ? {} : { programme: optionalNumber(options.programme)! }),
        };
        const view = options.workers ? 'workers' : 'sponsors';
        if (options.out) {
          const path = resolve(options.out);
          const write = await service.download(view, query, { actor: null });
          await write(errorFileFormatOf(path), createWriteStream(path));
          writeLine(context.stdout, language === 'en' ? `Written to ${path}` : `Ditulis ke ${path}`);
          return EXIT.ok;
        }
        const page = { ...query, page: 1, pageSize: 200 };
        const result =
          view === 'workers'
            ? await service.workers(page, { actor: null })
            : await service.sponsors(page, { actor: null });
        if (options.json) {
          writeJson(context.stdout, result);
          return EXIT.ok;
        }
        const { totals } = result;
        writeLine(
          context.stdout,
          language === 'en'
            ? `${formatRupiah(totals.amount)} in arrears: ${totals.sponsors} sponsors, ${totals.workers} workers, ${totals.workerMonths} worker-months`
            : `Tunggakan ${formatRupiah(totals.amount)}: ${totals.sponsors} penanggung, ${totals.workers} pekerja, ${totals.workerMonths} bulan-pekerja`,
        );
        for (const item of result.items) {
          const who = 'workers' in item ? item.sponsor.name : `${item.name} (${item.nik})`;
          writeLine(context.stdout, `${who}  ${item.months.join(' ')}  ${formatRupiah(item.amount)}`);
        }
        return EXIT.ok;
      }),
    );
}
