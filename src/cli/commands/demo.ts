import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ROLE_LABELS } from '../../core/access.ts';
import { type Language, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { writeDemoFiles } from '../../demo/demo-files.ts';
import { readDemoRegions } from '../../demo/demo-regions.ts';
import {
  DEMO_DEFAULTS,
  DEMO_PASSWORD,
  type DemoLoad,
  type DemoStage,
  loadDemo,
} from '../../demo/demo-service.ts';
import { invalid } from '../../errors.ts';
import type { ImportSummary } from '../../features/imports/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface GenerateOptions {
  pemda: string;
  asn: string;
  workers: string;
  seed: string;
  ledgerMonths: string;
  out?: string;
  json?: boolean;
}

/** Beyond any regency's roster or registry; it keeps a typo from filling the disk. */
const MAX_ROWS = 10_000_000;
const MAX_SEED = 2 ** 32 - 1;
/** Five years: beyond it the arrears and lapses the demo shows are long settled. */
const MAX_LEDGER_MONTHS = 60;

export function registerDemoCommands(program: Command, { context, action }: Registrar): void {
  const demo = program.command('demo').description('Data demo sintetis / synthetic demo data');
  demo
    .command('generate')
    .description(
      'Buat Pemda demo (ASN, pekerja, akun per peran) ke basis data, atau berkas impor dengan --out / ' +
        'make a demo Pemda (ASN, workers, an account per role) in the database, or import files with --out',
    )
    .option('--pemda <code>', 'kabupaten/kota / regency or city', DEMO_DEFAULTS.pemdaCode)
    .option('--asn <n>', 'jumlah ASN / number of ASN', String(DEMO_DEFAULTS.asn))
    .option('--workers <n>', 'jumlah pekerja rentan / number of workers', String(DEMO_DEFAULTS.workers))
    .option(
      '--seed <n>',
      'benih acak: benih sama, data sama / seed: same seed, same data',
      String(DEMO_DEFAULTS.seed),
    )
    .option(
      '--ledger-months <n>',
      'bulan tagihan, pembayaran dan klaim s.d. bulan ini; 0: tanpa / months of billing, payments and claims up to this month; 0: none',
      String(DEMO_DEFAULTS.ledgerMonths),
    )
    .option('--out <dir>', 'tulis asn.csv dan workers.csv ke folder ini / write asn.csv and workers.csv here')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: GenerateOptions) => {
        const settings = {
          pemdaCode: options.pemda.trim(),
          asn: wholeNumber(options.asn, '--asn', MAX_ROWS),
          workers: wholeNumber(options.workers, '--workers', MAX_ROWS),
          seed: wholeNumber(options.seed, '--seed', MAX_SEED),
          ledgerMonths: wholeNumber(options.ledgerMonths, '--ledger-months', MAX_LEDGER_MONTHS),
        };
        const language = cliLanguage(context.env);
        const progress = progressLine(context.stderr);
        if (options.out !== undefined) {
          const regions = await readDemoRegions(settings.pemdaCode);
          const files = await writeDemoFiles(options.out, regions, settings, (file, written, total) =>
            progress(`${file}.csv ${formatCount(written)} / ${formatCount(total)}`),
          );
          progress(null);
          if (options.json) {
            writeJson(context.stdout, { pemda: regions.code, seed: settings.seed, ...files });
            return EXIT.ok;
          }
          const out = context.stdout;
          writeLine(out, `${regions.code} ${regions.name}, seed ${settings.seed}:`);
          writeLine(out, `  ${files.asn.path}  ${formatCount(files.asn.rows)} ASN`);
          writeLine(out, `  ${files.workers.path}  ${formatCount(files.workers.rows)} pekerja / workers`);
          writeLine(out, `asuh import asn ${files.asn.path} --pemda ${regions.code}`);
          writeLine(out, `asuh import workers ${files.workers.path} --pemda ${regions.code}`);
          return EXIT.ok;
        }
        const load = await loadDemo(await context.database(), settings, {
          onStage: (stage) => progress(STAGE_TEXT[stage][language]),
          onProgress: (stage, read, total) =>
            progress(`${STAGE_TEXT[stage][language]} ${formatCount(read)} / ${formatCount(total)}`),
        });
        progress(null);
        if (options.json) writeJson(context.stdout, load);
        else writeDemoLoad(context.stdout, load, language);
        return EXIT.ok;
      }),
    );
}

const STAGE_TEXT = {
  asn: { id: 'Memuat ASN…', en: 'Loading the ASN roster…' },
  workers: { id: 'Memuat pekerja…', en: 'Loading the workers…' },
  farmers: { id: 'Memuat petani tembakau kohort APBD…', en: 'Loading the APBD cohort’s tobacco farmers…' },
  programmes: { id: 'Memuat program dan tanggungan…', en: 'Loading the programmes and sponsorships…' },
  users: { id: 'Membuat akun demo…', en: 'Creating the demo accounts…' },
  ledger: {
    id: 'Menagih, membayar dan mengajukan klaim per bulan…',
    en: 'Billing, paying and claiming month by month…',
  },
} as const satisfies Record<DemoStage, Record<Language, string>>;

/** What a demo load did, and the accounts to sign in with; `asuh serve` prints the same. */
export function writeDemoLoad(out: Writable, load: DemoLoad, language: Language): void {
  const summary = (label: string, counts: ImportSummary) =>
    `${label}: ${formatCount(counts.read)} ${language === 'id' ? 'dibaca' : 'read'}, ` +
    `${formatCount(counts.inserted)} ${language === 'id' ? 'baru' : 'inserted'}, ` +
    `${formatCount(counts.updated)} ${language === 'id' ? 'diperbarui' : 'updated'}, ` +
    `${formatCount(counts.unchanged)} ${language === 'id' ? 'tetap' : 'unchanged'}, ` +
    `${formatCount(counts.rejected)} ${language === 'id' ? 'ditolak' : 'rejected'}, ` +
    `${formatCount(counts.warned)} ${language === 'id' ? 'dengan peringatan' : 'with warnings'}`;
  writeLine(out, `Demo ${load.pemda.code} ${load.pemda.name}`);
  writeLine(out, `  ${summary('ASN', load.asn)}`);
  writeLine(out, `  ${summary(language === 'id' ? 'Pekerja' : 'Workers', load.workers)}`);
  if (load.farmers) {
    writeLine(out, `  ${summary(language === 'id' ? 'Petani tembakau' : 'Tobacco farmers', load.farmers)}`);
  }
  const { policy, cohort, csr, added } = load.programmes;
  writeLine(
    out,
    language === 'id'
      ? `  Program ${policy.key}: ${formatCount(policy.sponsors)} ASN penanggung, ${formatCount(policy.held)} pekerja ditanggung saat ini`
      : `  Programme ${policy.key}: ${formatCount(policy.sponsors)} ASN sponsors, ${formatCount(policy.held)} workers held today`,
  );
  writeLine(
    out,
    language === 'id'
      ? `  Program ${cohort.key}: ${formatCount(cohort.sponsorships)} dari ${formatCount(cohort.target)} petani`
      : `  Programme ${cohort.key}: ${formatCount(cohort.sponsorships)} of ${formatCount(cohort.target)} farmers`,
  );
  writeLine(
    out,
    language === 'id'
      ? `  Program ${csr.key}: ${formatCount(csr.sponsorships)} dari target ${formatCount(csr.target)} pekerja`
      : `  Programme ${csr.key}: ${formatCount(csr.sponsorships)} of a target of ${formatCount(csr.target)} workers`,
  );
  writeLine(
    out,
    language === 'id'
      ? `  Tanggungan baru: ${formatCount(added)}`
      : `  Sponsorships added: ${formatCount(added)}`,
  );
  if (load.ledger) {
    const { from, through, bills, contributions, billed, paid, paymentImports, unmatchedLines, claims } =
      load.ledger;
    writeLine(
      out,
      language === 'id'
        ? `  Riwayat iuran ${from} s.d. ${through}: ${formatCount(bills)} tagihan, ${formatCount(contributions)} iuran, ditagih ${formatRupiah(billed)}, dibayar ${formatRupiah(paid)}; ${formatCount(paymentImports)} berkas pembayaran, ${formatCount(unmatchedLines)} baris belum cocok; ${formatCount(claims)} klaim`
        : `  Ledger ${from} to ${through}: ${formatCount(bills)} bills, ${formatCount(contributions)} contributions, ${formatRupiah(billed)} billed, ${formatRupiah(paid)} paid; ${formatCount(paymentImports)} payment files, ${formatCount(unmatchedLines)} lines unmatched; ${formatCount(claims)} claims`,
    );
  }
  writeLine(
    out,
    language === 'id'
      ? `Akun demo (HANYA UNTUK DEMO), kata sandi semuanya: ${DEMO_PASSWORD}`
      : `Demo accounts (DEMO ONLY), all with the password: ${DEMO_PASSWORD}`,
  );
  const width = Math.max(...load.logins.map((login) => ROLE_LABELS[login.role][language].length));
  for (const login of load.logins) {
    writeLine(
      out,
      `  ${ROLE_LABELS[login.role][language].padEnd(width)}  ${login.username}  (${login.displayName})`,
    );
  }
}

function wholeNumber(value: string, option: string, max: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (Number.isSafeInteger(number) && number <= max) return number;
  throw invalid(
    problem(
      'INVALID_NUMBER',
      `${option} "${value}" harus bilangan bulat 0–${formatCount(max)}.`,
      `${option} "${value}" must be a whole number 0–${formatCount(max)}.`,
    ),
  );
}

const formatCount = (value: number) => value.toLocaleString('id-ID');

/** A line redrawn in place on a terminal; nothing when the output is a file or a pipe. */
function progressLine(stream: Writable): (text: string | null) => void {
  if (!(stream as Partial<NodeJS.WriteStream>).isTTY) return () => {};
  let shown = false;
  return (text) => {
    if (text === null) {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
      return;
    }
    stream.write(`\r\x1b[K${text}`);
    shown = true;
  };
}
