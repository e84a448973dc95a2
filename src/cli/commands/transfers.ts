import type { Command } from 'commander';
import type { TransferRecord } from '../../features/transfers/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

const STATUS = {
  pending: { id: 'menunggu', en: 'pending' },
  accepted: { id: 'disetujui', en: 'accepted' },
  rejected: { id: 'ditolak', en: 'rejected' },
} as const;

export function registerTransferCommands(program: Command, { context, action }: Registrar): void {
  const transfers = program
    .command('transfers')
    .description(
      'Permintaan pindah pekerja antar-Pemda, diputuskan Pemda yang memegangnya / worker transfers between Pemda, decided by the holding Pemda',
    );

  const line = (item: TransferRecord, language: 'id' | 'en') =>
    `${item.id}  ${item.nik}  ${item.name}  ${item.toPemdaCode}  ${STATUS[item.status][language]}${item.reason ? `  ${item.reason}` : ''}`;

  transfers
    .command('list')
    .description(
      'Permintaan untuk pekerja Pemda ini, atau (--outgoing) permintaan Pemda ini / requests for this Pemda’s workers, or (--outgoing) its own',
    )
    .requiredOption('--pemda <code>', 'kode Pemda / the Pemda')
    .option('--outgoing', 'permintaan Pemda ini sendiri / this Pemda’s own requests')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { pemda: string; outgoing?: boolean; json?: boolean }) => {
        const service = (await context.services()).transfers;
        const page = await service.list(
          { direction: options.outgoing ? 'outgoing' : 'incoming', page: 1, pageSize: 200 },
          { actor: null },
          options.pemda,
        );
        if (options.json) writeJson(context.stdout, page);
        else for (const item of page.items) writeLine(context.stdout, line(item, cliLanguage(context.env)));
        return EXIT.ok;
      }),
    );

  for (const decision of ['accept', 'reject'] as const) {
    transfers
      .command(decision)
      .description(
        decision === 'accept'
          ? 'Setujui: pekerja pindah ke registri Pemda peminta / accept: the worker moves to the requesting Pemda’s registry'
          : 'Tolak, dengan alasan / reject, with a reason',
      )
      .argument('<id>', 'nomor permintaan / the request id')
      .requiredOption('--pemda <code>', 'kode Pemda yang memegang pekerja / the Pemda holding the worker')
      .option('--reason <text>', 'alasan / the reason')
      .action(
        action(async (id: string, options: { pemda: string; reason?: string }) => {
          const service = (await context.services()).transfers;
          const decided = await service.decide(
            Number(id),
            { decision, ...(options.reason === undefined ? {} : { reason: options.reason }) },
            { actor: null },
            options.pemda,
          );
          writeLine(context.stdout, line(decided, cliLanguage(context.env)));
          return EXIT.ok;
        }),
      );
  }
}
