import type { Command } from 'commander';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import type { Pemda } from '../../features/pemda/index.ts';
import { EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

function wholeNumber(value: string, what: { id: string; en: string }): number {
  const digits = value.replace(/\./g, '');
  if (!/^\d+$/.test(digits)) {
    throw invalid(
      problem(
        'INVALID_NUMBER',
        `${what.id} "${value}" bukan bilangan bulat.`,
        `${what.en} "${value}" is not a whole number.`,
      ),
    );
  }
  return Number(digits);
}

const TARGET = { id: 'Target pekerja', en: 'Worker target' };
const YEAR = { id: 'Tahun', en: 'Year' };

export function registerPemdaCommands(program: Command, { context, action }: Registrar): void {
  const pemda = program.command('pemda').description('Pemda pengguna Asuh / regional governments using Asuh');
  const service = async () => (await context.services()).pemda;
  const print = (value: Pemda, json: boolean | undefined) => {
    if (json) return writeJson(context.stdout, value);
    writeLine(context.stdout, `${value.code}  ${value.name}  (${value.level}, ${value.timeZone})`);
    writeLine(
      context.stdout,
      `OPD: ${value.opdCount}   ASN aktif / active: ${value.activeAsnCount}   pekerja / workers: ${value.workerCount}`,
    );
    for (const target of value.targets) {
      writeLine(
        context.stdout,
        `target ${target.year}: ${target.workersToCover.toLocaleString('id-ID')} pekerja / workers`,
      );
    }
  };

  pemda
    .command('create')
    .description('Daftarkan Pemda provinsi atau kabupaten/kota / onboard a province or regency/city')
    .argument('<code>', 'kode wilayah, mis. 35.02')
    .option('--target <workers>', 'target pekerja yang dilindungi / workers to cover')
    .option('--year <year>', 'tahun target / target year', String(context.now().getUTCFullYear()))
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (code: string, options: { target?: string; year: string; json?: boolean }) => {
        const pemdaService = await service();
        const target =
          options.target === undefined
            ? undefined
            : { year: wholeNumber(options.year, YEAR), workersToCover: wholeNumber(options.target, TARGET) };
        const { pemda: created, created: isNew } = await pemdaService.create(code, { actor: null });
        const result = target ? await pemdaService.setTarget(code, target, { actor: null }) : created;
        if (!options.json) {
          writeLine(
            context.stdout,
            isNew
              ? `Pemda ${code} didaftarkan / onboarded.`
              : `Pemda ${code} sudah terdaftar / already onboarded.`,
          );
        }
        print(result, options.json);
        return EXIT.ok;
      }),
    );

  pemda
    .command('target')
    .description("Tetapkan target cakupan setahun / set a year's coverage target")
    .argument('<code>', 'kode Pemda')
    .requiredOption('--year <year>', 'tahun / year')
    .requiredOption('--workers <workers>', 'pekerja yang dilindungi / workers to cover')
    .action(
      action(async (code: string, options: { year: string; workers: string }) => {
        const target = {
          year: wholeNumber(options.year, YEAR),
          workersToCover: wholeNumber(options.workers, TARGET),
        };
        print(await (await service()).setTarget(code, target, { actor: null }), false);
        return EXIT.ok;
      }),
    );

  pemda
    .command('show')
    .description('Tampilkan satu Pemda / show one Pemda')
    .argument('<code>', 'kode Pemda')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (code: string, options: { json?: boolean }) => {
        print(await (await service()).get(code, null), options.json);
        return EXIT.ok;
      }),
    );

  pemda
    .command('list')
    .description('Daftar Pemda / list Pemda')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { json?: boolean }) => {
        const items = await (await service()).list(null);
        if (options.json) writeJson(context.stdout, items);
        else for (const item of items) writeLine(context.stdout, `${item.code}  ${item.name}`);
        return EXIT.ok;
      }),
    );

  const opd = pemda.command('opd').description('OPD (perangkat daerah) / departments');
  opd
    .command('add')
    .description('Tambah OPD / add a department')
    .argument('<code>', 'kode Pemda')
    .argument('<name>', 'nama OPD')
    .action(
      action(async (code: string, name: string) => {
        const result = await (await service()).addOpd(code, name, { actor: null });
        writeLine(
          context.stdout,
          result.created
            ? `OPD #${result.id} ditambahkan / added.`
            : `OPD #${result.id} sudah ada / already exists.`,
        );
        return EXIT.ok;
      }),
    );
  opd
    .command('list')
    .description('Daftar OPD / list departments')
    .argument('<code>', 'kode Pemda')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (code: string, options: { json?: boolean }) => {
        const items = await (await service()).listOpds(code, null);
        if (options.json) writeJson(context.stdout, items);
        else
          for (const item of items)
            writeLine(context.stdout, `${String(item.id).padStart(4)}  ${item.name}  (${item.asnCount} ASN)`);
        return EXIT.ok;
      }),
    );
}
