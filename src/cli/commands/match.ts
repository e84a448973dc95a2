import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { MATCH_LEVELS, type MatchLevel } from '../../core/matching.ts';
import { type Language, type Message, problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { MATCH_FILLS, type MatchFill, type MatchResult } from '../../features/matching/index.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface MatchCommandOptions {
  pemda: string;
  programme?: string;
  on?: string;
  fill: string;
  json?: boolean;
  save?: boolean;
}

const LEVEL_WORDS: Record<MatchLevel, Message> = {
  village: { id: 'desa', en: 'village' },
  district: { id: 'kecamatan', en: 'district' },
  regency: { id: 'kabupaten/kota', en: 'regency' },
  province: { id: 'provinsi', en: 'province' },
  other: { id: 'lainnya', en: 'other' },
};

const FILL_WORDS: Record<MatchFill, Message> = {
  min: { id: 'sampai jumlah minimal kebijakan', en: "up to the policy's minimum" },
  max: { id: 'sampai jumlah maksimal kebijakan', en: "up to the policy's maximum" },
};

export function registerMatchCommands(program: Command, { context, action }: Registrar): void {
  program
    .command('match')
    .description(
      'Usulkan pekerja dari pool kepada sponsor yang masih kurang (desa, lalu kecamatan, lalu kabupaten) / ' +
        'propose pool workers to sponsors short of workers (village, then district, then regency)',
    )
    .requiredOption('--pemda <code>', 'kode Pemda, mis. 35.02 / the Pemda code')
    .option('--programme <key>', 'hanya program ini / only this programme')
    .option('--on <date>', 'tanggal (TTTT-BB-HH); bawaan: hari ini di zona Pemda / the day; default today')
    .option(
      '--fill <min|max>',
      'isi sampai minimal (kepatuhan) atau maksimal kebijakan / fill up to the minimum (compliance) or maximum',
      'min',
    )
    .option(
      '--json',
      'cetak JSON yang sama persis untuk data yang sama / print JSON, byte-for-byte deterministic',
    )
    .option(
      '--save',
      'simpan usulan; usulan terbuka dari pencocokan sebelumnya ditarik / store the proposals, withdrawing open ones of earlier runs',
    )
    .action(
      action(async (options: MatchCommandOptions) => {
        if (!(MATCH_FILLS as readonly string[]).includes(options.fill)) {
          throw invalid(
            problem(
              'INVALID_FILL',
              `--fill "${options.fill}" tidak dikenal: gunakan min atau max.`,
              `--fill "${options.fill}" is unknown: use min or max.`,
            ),
          );
        }
        const service = (await context.services()).matching;
        const result = await service.match(
          options.pemda.trim(),
          {
            programme: options.programme?.trim(),
            on: options.on?.trim(),
            fill: options.fill as MatchFill,
            save: options.save === true,
          },
          { actor: null },
        );
        if (options.json) writeJson(context.stdout, { ...result.summary, items: result.proposals });
        else writeResult(context.stdout, result, cliLanguage(context.env));
        return EXIT.ok;
      }),
    );
}

const count = (value: number, language: Language) =>
  value.toLocaleString(language === 'id' ? 'id-ID' : 'en-GB');

function levelTotals(byLevel: Record<MatchLevel, number>, language: Language): string {
  return MATCH_LEVELS.filter((level) => byLevel[level] > 0)
    .map((level) => `${LEVEL_WORDS[level][language]} ${count(byLevel[level], language)}`)
    .join(' · ');
}

/** The proposals as a table, then the totals per programme and per level, and what was stored. */
function writeResult(out: Writable, { summary, proposals }: MatchResult, language: Language): void {
  const id = language === 'id';
  writeLine(
    out,
    id
      ? `Pencocokan pool ${summary.pemda} pada ${summary.on}, ${FILL_WORDS[summary.fill].id}`
      : `Matching the pool of ${summary.pemda} on ${summary.on}, ${FILL_WORDS[summary.fill].en}`,
  );
  const header = id
    ? ['SPONSOR', 'NIK', 'NAMA', 'DESA', 'TINGKAT', 'ALASAN']
    : ['SPONSOR', 'NIK', 'NAME', 'VILLAGE', 'LEVEL', 'REASON'];
  const rows = proposals.map((p) => [
    p.sponsor.kind === 'asn' ? `${p.sponsor.nip} ${p.sponsor.name}` : p.sponsor.name,
    p.nik,
    p.name,
    p.villageCode,
    LEVEL_WORDS[p.level][language],
    p.reason[language],
  ]);
  if (rows.length > 0) {
    const widths = header
      .slice(0, -1)
      .map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) =>
      cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join('  ');
    writeLine(out);
    writeLine(out, line(header));
    for (const row of rows) writeLine(out, line(row));
  }
  writeLine(out);
  for (const programme of summary.programmes) {
    const note = programme.note ? ` (${programme.note[language]})` : '';
    writeLine(
      out,
      id
        ? `${programme.key} "${programme.name}": ${count(programme.sponsors, language)} sponsor, kuota ${count(programme.quota, language)}, ${count(programme.proposals, language)} usulan${note}`
        : `${programme.key} "${programme.name}": ${count(programme.sponsors, language)} sponsors, quota ${count(programme.quota, language)}, ${count(programme.proposals, language)} proposals${note}`,
    );
  }
  writeLine(
    out,
    id
      ? `Pool: ${count(summary.pool, language)} pekerja. Usulan: ${count(summary.proposals, language)} dari kuota ${count(summary.quota, language)}.`
      : `Pool: ${count(summary.pool, language)} workers. Proposals: ${count(summary.proposals, language)} of a quota of ${count(summary.quota, language)}.`,
  );
  if (summary.proposals > 0) {
    writeLine(out, `${id ? 'Per tingkat' : 'By level'}: ${levelTotals(summary.byLevel, language)}`);
  }
  if (summary.sponsorsWithoutVillage > 0) {
    writeLine(
      out,
      id
        ? `${count(summary.sponsorsWithoutVillage, language)} ASN belum tercatat desa tempat tinggalnya: tidak dapat dicocokkan.`
        : `${count(summary.sponsorsWithoutVillage, language)} ASN have no home village recorded: they cannot be matched.`,
    );
  }
  if (summary.run) {
    writeLine(
      out,
      id
        ? `Disimpan sebagai pencocokan #${summary.run.id}; ${count(summary.run.withdrawn, language)} usulan terbuka dari pencocokan sebelumnya ditarik.`
        : `Saved as matching run #${summary.run.id}; ${count(summary.run.withdrawn, language)} open proposals of earlier runs were withdrawn.`,
    );
  } else {
    writeLine(
      out,
      id
        ? 'Belum disimpan: jalankan lagi dengan --save untuk menyimpan usulan.'
        : 'Not saved: run again with --save to store the proposals.',
    );
  }
}
