import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { z } from 'zod';
import { type Language, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { EMPLOYMENT_TYPE_LABELS, OBLIGATION_STATUS_LABELS } from '../../core/programme-policy.ts';
import { invalid } from '../../errors.ts';
import {
  type ComplianceReport,
  complianceQuerySchema,
  newProgrammeSchema,
  type ProgrammeDetail,
  type ProgrammeSummary,
} from '../../features/programmes/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

const WORDS = {
  id: {
    kind: { asn_policy: 'kebijakan ASN', apbd_cohort: 'kohort APBD', csr: 'CSR', donor: 'donatur' },
    noPolicy: 'belum ada kebijakan yang berlaku',
    inForceSince: 'berlaku sejak',
    versions: 'versi',
    letter: 'Surat edaran',
    noNumber: '(nomor belum diketahui)',
    mandatory: 'wajib',
    voluntary: 'sukarela',
    perSponsor: (min: number, max: number | null) =>
      max === null ? `minimal ${min} pekerja per ASN` : `${min}–${max} pekerja per ASN`,
    phase: 'Tahap',
    everyone: 'semua',
    contribution: 'Iuran',
    area: 'Wilayah',
    anywhere: 'di mana saja',
    on: 'Kepatuhan pada',
    totals: 'ASN',
    workersShort: 'pekerja yang masih kurang',
    workersHeld: 'pekerja ditanggung',
    created: 'Program dibuat.',
    added: (date: string) => `Versi kebijakan yang berlaku mulai ${date} disimpan.`,
    proposal: 'usulan',
    decided: 'ditetapkan',
  },
  en: {
    kind: { asn_policy: 'ASN policy', apbd_cohort: 'APBD cohort', csr: 'CSR', donor: 'donor' },
    noPolicy: 'no policy in force',
    inForceSince: 'in force since',
    versions: 'versions',
    letter: 'Circular letter',
    noNumber: '(number not known)',
    mandatory: 'mandatory',
    voluntary: 'voluntary',
    perSponsor: (min: number, max: number | null) =>
      max === null
        ? `at least ${min} worker${min === 1 ? '' : 's'} per ASN`
        : `${min}–${max} workers per ASN`,
    phase: 'Phase',
    everyone: 'all',
    contribution: 'Contribution',
    area: 'Area',
    anywhere: 'anywhere',
    on: 'Compliance on',
    totals: 'ASN',
    workersShort: 'workers still missing',
    workersHeld: 'workers sponsored',
    created: 'Programme created.',
    added: (date: string) => `Policy version in force from ${date} saved.`,
    proposal: 'proposal',
    decided: 'decided',
  },
} satisfies Record<Language, unknown>;

type Words = (typeof WORDS)['id'];

function summaryLine(item: ProgrammeSummary, words: Words): string {
  const policy = item.inForce
    ? `${words.inForceSince} ${item.inForce.effectiveFrom}, ${words.perSponsor(item.inForce.perSponsor.min, item.inForce.perSponsor.max)}`
    : item.kind === 'asn_policy'
      ? words.noPolicy
      : '';
  return [`${String(item.id).padStart(4)}  ${item.key}`, item.name, `(${words.kind[item.kind]})`, policy]
    .filter(Boolean)
    .join('  ');
}

function printDetail(out: Writable, item: ProgrammeDetail, words: Words, language: Language): void {
  writeLine(out, summaryLine(item, words));
  if (item.contribution) {
    writeLine(
      out,
      `${words.contribution}: ${item.contribution.programmes.map((p) => p.toUpperCase()).join(' + ')}, ${formatRupiah(item.contribution.declaredIncome)}`,
    );
  }
  writeLine(out, `${words.area}: ${item.areaCode ?? words.anywhere}`);
  writeLine(out, `${words.versions}: ${item.versions.length}`);
  for (const version of item.versions) {
    const { policy } = version;
    const letter = policy.circularLetter;
    writeLine(out);
    writeLine(
      out,
      `${version.inForce ? '*' : ' '} ${version.effectiveFrom}  ${words[policy.standing]}, ${policy.mandatory ? words.mandatory : words.voluntary}, ${words.perSponsor(policy.perSponsor.min, policy.perSponsor.max)}`,
    );
    writeLine(
      out,
      `  ${words.letter}: ${letter.number ?? words.noNumber}${letter.date ? ` (${letter.date})` : ''} ${letter.title}`,
    );
    for (const [index, phase] of policy.phases.entries()) {
      const { employmentTypes, echelons, opdIds } = phase.sponsors;
      const who = [
        employmentTypes.map((type) => EMPLOYMENT_TYPE_LABELS[type][language]).join(', '),
        echelons ? `eselon/echelon ${echelons.map((e) => e ?? '-').join(', ')}` : null,
        opdIds ? `OPD ${opdIds.join(', ')}` : null,
      ];
      writeLine(
        out,
        `  ${words.phase} ${index + 1} ${phase.from}: ${phase.label[language]} (${who.filter(Boolean).join('; ')})`,
      );
    }
  }
}

function printCompliance(out: Writable, report: ComplianceReport, words: Words, language: Language): void {
  for (const item of report.items) {
    writeLine(
      out,
      [
        item.nip,
        item.name,
        item.opdName,
        OBLIGATION_STATUS_LABELS[item.status][language],
        `${item.held}/${item.required}`,
        item.reason[language],
      ].join('  '),
    );
  }
  const { totals } = report;
  const count = (status: keyof typeof OBLIGATION_STATUS_LABELS, value: number) =>
    `${OBLIGATION_STATUS_LABELS[status][language]} ${value.toLocaleString('id-ID')}`;
  writeLine(out);
  writeLine(
    out,
    `${words.on} ${report.on}: ${report.programme.name}${report.opd ? ` · ${report.opd.name}` : ''}`,
  );
  writeLine(
    out,
    `${words.totals} ${totals.asn.toLocaleString('id-ID')}: ${[
      count('met', totals.met),
      count('short', totals.short),
      count('not_obliged', totals.notObliged),
      count('over_limit', totals.overLimit),
    ].join(', ')}`,
  );
  writeLine(
    out,
    `${words.workersShort}: ${totals.workersShort.toLocaleString('id-ID')}; ${words.workersHeld}: ${totals.workersHeld.toLocaleString('id-ID')}`,
  );
}

/** Options checked by the API's own schema, each problem named by its option. */
function optionsOf<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw invalid(problem('OPTIONS_INVALID', `Pilihan tidak sah: ${fields}`, `Invalid options: ${fields}`));
}

export function registerProgrammeCommands(program: Command, { context, action }: Registrar): void {
  const programmes = program
    .command('programme')
    .description('Program orang tua asuh dan kebijakannya / sponsorship programmes and their policies');
  const service = async () => (await context.services()).programmes;
  const words = () => WORDS[cliLanguage(context.env)];
  const system = { actor: null };

  programmes
    .command('list')
    .description('Daftar program sebuah Pemda / list a Pemda’s programmes')
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { pemda: string; json?: boolean }) => {
        const items = await (await service()).list(options.pemda, system);
        if (options.json) writeJson(context.stdout, items);
        else for (const item of items) writeLine(context.stdout, summaryLine(item, words()));
        return EXIT.ok;
      }),
    );

  programmes
    .command('show')
    .description('Satu program dengan semua versi kebijakannya / one programme with every policy version')
    .argument('<key>', 'kunci program / programme key')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (key: string, options: { pemda: string; json?: boolean }) => {
        const item = await (await service()).getByKey(options.pemda, key, system);
        if (options.json) writeJson(context.stdout, item);
        else printDetail(context.stdout, item, words(), cliLanguage(context.env));
        return EXIT.ok;
      }),
    );

  programmes
    .command('create')
    .description('Buat program / create a programme (asn_policy, apbd_cohort, csr, donor)')
    .argument('<key>', 'kunci program, mis. ponorogo-asn-orang-tua-asuh / programme key')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .requiredOption('--name <name>', 'nama program / programme name')
    .option('--kind <kind>', 'asn_policy | apbd_cohort | csr | donor', 'asn_policy')
    .option('--income <rupiah>', 'bukan asn_policy: penghasilan BPU yang dilaporkan / declared BPU income')
    .option('--jht', 'bukan asn_policy: ikut JHT / add JHT')
    .option('--area <code>', 'bukan asn_policy: wilayah pekerja / area of the workers')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(
        async (
          key: string,
          options: {
            pemda: string;
            name: string;
            kind: string;
            income?: string;
            jht?: boolean;
            area?: string;
            json?: boolean;
          },
        ) => {
          const income = options.income?.replace(/\./g, '');
          const input = optionsOf(newProgrammeSchema, {
            key,
            name: options.name,
            kind: options.kind,
            ...(income === undefined ? {} : { declaredIncome: Number(income) }),
            ...(options.kind === 'asn_policy'
              ? {}
              : { programmes: options.jht ? ['jkk', 'jkm', 'jht'] : ['jkk', 'jkm'] }),
            ...(options.area ? { areaCode: options.area } : {}),
          });
          const item = await (await service()).create(options.pemda, input, system);
          if (options.json) writeJson(context.stdout, item);
          else {
            writeLine(context.stdout, words().created);
            printDetail(context.stdout, item, words(), cliLanguage(context.env));
          }
          return EXIT.ok;
        },
      ),
    );

  programmes
    .command('compliance')
    .description('Kepatuhan setiap ASN pada suatu tanggal / each ASN’s compliance on a day')
    .argument('<key>', 'kunci program / programme key')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .option('--on <date>', 'tanggal TTTT-BB-HH (bawaan: hari ini) / date YYYY-MM-DD (default: today)')
    .option('--opd <id>', 'hanya satu OPD / one OPD only')
    .option('--status <status>', 'met | short | not_obliged | over_limit')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(
        async (
          key: string,
          options: { pemda: string; on?: string; opd?: string; status?: string; json?: boolean },
        ) => {
          const programmeService = await service();
          const found = await programmeService.getByKey(options.pemda, key, system);
          const query = optionsOf(complianceQuerySchema, {
            on: options.on,
            opd: options.opd,
            status: options.status,
          });
          // Every row at once: the command line has no pages.
          const report = await programmeService.compliance(
            found.id,
            { ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER },
            system,
          );
          if (options.json) writeJson(context.stdout, report);
          else printCompliance(context.stdout, report, words(), cliLanguage(context.env));
          return EXIT.ok;
        },
      ),
    );

  const policy = programmes
    .command('policy')
    .description('Versi kebijakan (surat edaran) / policy versions (circular letters)');
  policy
    .command('add')
    .description(
      'Tambah surat edaran sebagai versi baru, dari berkas JSON (lihat docs/programmes.md); program kebijakan ASN dibuat bila belum ada / add a circular letter as a new version from a JSON file; the ASN-policy programme is created when missing',
    )
    .argument('<key>', 'kunci program / programme key')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda code')
    .requiredOption('--file <path>', 'berkas JSON kebijakan / the policy JSON file')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (key: string, options: { pemda: string; file: string; json?: boolean }) => {
        const path = resolve(options.file);
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch {
          throw invalid(
            problem(
              'POLICY_FILE_UNREADABLE',
              `Berkas ${path} tidak dapat dibaca.`,
              `The file ${path} cannot be read.`,
            ),
          );
        }
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          const reason = (error as Error).message;
          throw invalid(
            problem(
              'POLICY_FILE_NOT_JSON',
              `Berkas ${path} bukan JSON yang sah: ${reason}`,
              `The file ${path} is not valid JSON: ${reason}`,
            ),
          );
        }
        const { programme, created } = await (await service()).adoptPolicy(options.pemda, key, value, system);
        if (options.json) writeJson(context.stdout, programme);
        else {
          if (created) writeLine(context.stdout, words().created);
          writeLine(context.stdout, words().added(programme.versions.at(-1)?.effectiveFrom ?? ''));
          printDetail(context.stdout, programme, words(), cliLanguage(context.env));
        }
        return EXIT.ok;
      }),
    );
}
