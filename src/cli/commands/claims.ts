import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { CLAIM_DOCUMENTS, EDUCATION_LEVELS } from '../../core/benefits.ts';
import { type Language, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { invalid } from '../../errors.ts';
import { CLAIM_STATUS_LABELS, type ClaimView, type RegisterClaimInput } from '../../features/claims/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface RegisterOptions {
  nik: string;
  type: string;
  benefit?: string;
  incident: string;
  filed?: string;
  documents?: string;
  child?: string[];
  amount?: string;
  membershipSince?: string;
  note?: string;
  pemda?: string;
  json?: boolean;
}

function claimId(value: string): number {
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  throw invalid(problem('INVALID_ID', `"${value}" bukan nomor klaim.`, `"${value}" is not a claim number.`));
}

/** Collects a repeated option: `--child primary:Ani --child higher`. */
function repeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function printClaim(stdout: Writable, claim: ClaimView, language: Language) {
  const status = CLAIM_STATUS_LABELS[claim.status][language];
  writeLine(
    stdout,
    `#${claim.id} ${claim.benefitLabel} — ${claim.workerName} (${claim.nik}), ${claim.incidentDate}: ${status}`,
  );
  if (claim.decision) writeLine(stdout, claim.decision.reason);
  for (const component of claim.breakdown) {
    writeLine(stdout, `  ${component.label}: ${formatRupiah(component.amount)}`);
  }
  if (claim.benefitAmount !== null) {
    writeLine(stdout, `  ${language === 'en' ? 'Total' : 'Jumlah'}: ${formatRupiah(claim.benefitAmount)}`);
  }
  if (claim.paidOn) {
    writeLine(stdout, language === 'en' ? `  Paid on ${claim.paidOn}` : `  Dibayar pada ${claim.paidOn}`);
  }
}

export function registerClaimCommands(program: Command, { context, action }: Registrar): void {
  const claims = program.command('claims').description('Klaim JKK dan JKM / JKK and JKM claims');
  const service = async () => (await context.services()).claims;
  const output = (claim: ClaimView, json: boolean | undefined) => {
    if (json) writeJson(context.stdout, claim);
    else printClaim(context.stdout, claim, cliLanguage(context.env));
    return EXIT.ok;
  };

  claims
    .command('register')
    .description('Daftarkan klaim / register a claim')
    .requiredOption('--nik <nik>', 'NIK pekerja / the worker')
    .requiredOption('--type <jkm|jkk>', 'jenis klaim / the claim type')
    .option(
      '--benefit <kind>',
      'death|permanent_disability|temporary_incapacity|medical (JKM: death)',
      'death',
    )
    .requiredOption('--incident <YYYY-MM-DD>', 'tanggal meninggal atau kecelakaan / the incident date')
    .option('--filed <YYYY-MM-DD>', 'tanggal pengajuan; bawaan hari ini / the filing day; today by default')
    .option('--documents <codes>', `dokumen diterima, dipisah koma: ${CLAIM_DOCUMENTS.join(',')}`)
    .option(
      '--child <level[:name]>',
      `anak untuk beasiswa (${EDUCATION_LEVELS.join('|')}), boleh berulang`,
      repeated,
    )
    .option('--amount <rupiah>', 'JKK: jumlah hasil penilaian / the JKK amount assessed')
    .option('--membership-since <YYYY-MM-DD>', 'awal kepesertaan yang diketahui / a known membership start')
    .option('--note <text>', 'catatan / a note')
    .option('--pemda <code>', 'kode Pemda / the Pemda')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: RegisterOptions) => {
        const input: RegisterClaimInput = {
          nik: options.nik,
          type: options.type as RegisterClaimInput['type'],
          benefit: (options.benefit ?? 'death') as RegisterClaimInput['benefit'],
          incidentDate: options.incident,
          documents: (options.documents ?? '')
            .split(',')
            .map((code) => code.trim())
            .filter((code) => code !== '') as RegisterClaimInput['documents'],
          children: (options.child ?? []).map((value) => {
            const [level, ...name] = value.split(':');
            return { level: level as never, ...(name.length > 0 ? { name: name.join(':') } : {}) };
          }),
          ...(options.filed ? { filedOn: options.filed } : {}),
          ...(options.amount ? { amount: Number(options.amount.replace(/\./g, '')) } : {}),
          ...(options.membershipSince ? { membershipSince: options.membershipSince } : {}),
          ...(options.note ? { note: options.note } : {}),
          ...(options.pemda ? { pemda: options.pemda } : {}),
        };
        const claim = await (await service()).register(input, { actor: null }, cliLanguage(context.env));
        return output(claim, options.json);
      }),
    );

  for (const [name, description] of [
    [
      'decide',
      'Putuskan kelayakan dari perlindungan pada tanggal kejadian / decide eligibility from coverage',
    ],
    ['approve', 'Setujui klaim yang layak / approve an eligible claim'],
  ] as const) {
    claims
      .command(name)
      .description(description)
      .argument('<id>', 'nomor klaim / the claim number')
      .option('--json', 'cetak JSON / print JSON')
      .action(
        action(async (id: string, options: { json?: boolean }) => {
          const claimService = await service();
          const language = cliLanguage(context.env);
          const claim =
            name === 'decide'
              ? await claimService.decide(claimId(id), { actor: null }, language)
              : await claimService.approve(claimId(id), { actor: null }, language);
          return output(claim, options.json);
        }),
      );
  }

  claims
    .command('pay')
    .description('Catat klaim yang disetujui sebagai dibayar / record an approved claim as paid')
    .argument('<id>', 'nomor klaim / the claim number')
    .option('--on <YYYY-MM-DD>', 'tanggal bayar; bawaan hari ini / the payment day; today by default')
    .option('--reference <text>', 'referensi pembayaran / the payment reference')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (id: string, options: { on?: string; reference?: string; json?: boolean }) => {
        const claim = await (await service()).pay(
          claimId(id),
          {
            ...(options.on ? { paidOn: options.on } : {}),
            ...(options.reference ? { reference: options.reference } : {}),
          },
          { actor: null },
          cliLanguage(context.env),
        );
        return output(claim, options.json);
      }),
    );

  claims
    .command('list')
    .description('Daftar klaim / list claims')
    .option('--pemda <code>', 'kode Pemda / the Pemda')
    .option('--status <status>', 'registered|eligible|refused|approved|paid')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { pemda?: string; status?: string; json?: boolean }) => {
        const language = cliLanguage(context.env);
        const page = await (await service()).list(
          {
            page: 1,
            pageSize: 200,
            ...(options.pemda ? { pemda: options.pemda } : {}),
            ...(options.status ? { status: options.status as ClaimView['status'] } : {}),
          },
          { actor: null },
          language,
        );
        if (options.json) writeJson(context.stdout, page);
        else for (const claim of page.items) printClaim(context.stdout, claim, language);
        return EXIT.ok;
      }),
    );

  claims
    .command('roi')
    .description('Iuran dibayar dibanding manfaat dibayar / contributions paid against benefits paid')
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda')
    .option('--from <YYYY-MM>', 'bulan pertama / first month')
    .option('--to <YYYY-MM>', 'bulan terakhir / last month')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { pemda: string; from?: string; to?: string; json?: boolean }) => {
        const roi = await (await service()).roi(
          options.pemda,
          { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) },
          { actor: null },
          cliLanguage(context.env),
        );
        if (options.json) writeJson(context.stdout, roi);
        else writeLine(context.stdout, roi.summary);
        return EXIT.ok;
      }),
    );
}
