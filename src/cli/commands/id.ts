import type { Command } from 'commander';
import { todayInWib } from '../../core/calendar.ts';
import type { IdentifierResult } from '../../core/identifiers/common.ts';
import { type NikFields, parseNik } from '../../core/identifiers/nik.ts';
import { type NipFields, parseNip } from '../../core/identifiers/nip.ts';
import type { Language, Problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { cliLanguage, EXIT, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

export function registerIdCommands(program: Command, { context, action }: Registrar): void {
  const id = program.command('id').description('Periksa NIK dan NIP / check NIK and NIP numbers');

  id.command('nik')
    .description('Periksa dan uraikan NIK / check and decode a NIK')
    .argument('<nik>', 'NIK, 16 digit')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (value: string, options: { json?: boolean }) => {
        const today = todayInWib(context.now());
        const decoded = parseNik(value, { today });
        const { regencyCode, districtCode, provinceCode } = decoded.fields ?? {};
        // Only a NIK with a known province gets the region check, so only then is the database opened.
        const names =
          regencyCode && districtCode && provinceCode && !hasCode(decoded.errors, 'NIK_UNKNOWN_PROVINCE')
            ? await regionNames(await context.database(), [provinceCode, regencyCode, districtCode])
            : new Map<string, string>();
        // An empty answer means the region list was never loaded, not that every region vanished.
        const result =
          names.size > 0 ? parseNik(value, { today, regionExists: (code) => names.has(code) }) : decoded;
        return report(result, options.json === true, 'NIK', names);
      }),
    );

  id.command('nip')
    .description('Periksa dan uraikan NIP / check and decode a NIP')
    .argument('<nip>', 'NIP, 18 digit')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (value: string, options: { json?: boolean }) =>
        report(parseNip(value, { today: todayInWib(context.now()) }), options.json === true, 'NIP'),
      ),
    );

  function report<F extends NikFields | NipFields>(
    result: IdentifierResult<F>,
    json: boolean,
    kind: 'NIK' | 'NIP',
    names = new Map<string, string>(),
  ): number {
    const language = cliLanguage(context.env);
    const text = (item: Problem) => ({ code: item.code, message: item.message[language] });
    if (json) {
      writeJson(context.stdout, {
        valid: result.valid,
        errors: result.errors.map(text),
        warnings: result.warnings.map(text),
        value: result.value,
        ...(result.fields ? { fields: result.fields } : {}),
      });
    } else {
      const out = context.stdout;
      const verdict = result.valid ? LABELS.valid : LABELS.invalid;
      writeLine(out, `${kind} ${result.value}: ${verdict[language]}`);
      for (const [key, fieldValue] of Object.entries(result.fields ?? {})) {
        const label = LABELS[key as keyof typeof LABELS]?.[language] ?? key;
        const shown = key === 'sex' ? LABELS[fieldValue as 'male' | 'female'][language] : String(fieldValue);
        const name = names.get(String(fieldValue));
        writeLine(out, `  ${label}: ${shown}${name ? `  ${name}` : ''}`);
      }
      for (const [heading, items] of [
        [LABELS.errors, result.errors],
        [LABELS.warnings, result.warnings],
      ] as const) {
        if (items.length === 0) continue;
        writeLine(out, `${heading[language]}:`);
        for (const item of items) writeLine(out, `  - ${item.message[language]} [${item.code}]`);
      }
    }
    return result.valid ? EXIT.ok : EXIT.negative;
  }
}

function hasCode(problems: Problem[], code: string): boolean {
  return problems.some((item) => item.code === code);
}

/** Names of those codes that exist today; one query for just these, not the region table. */
async function regionNames(db: Database, codes: string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM region WHERE code = ANY($1)',
    [codes],
  );
  return new Map(rows.map((row) => [row.code, row.name]));
}

const LABELS = {
  valid: { id: 'sah', en: 'valid' },
  invalid: { id: 'tidak sah', en: 'not valid' },
  errors: { id: 'Kesalahan', en: 'Errors' },
  warnings: { id: 'Peringatan', en: 'Warnings' },
  provinceCode: { id: 'Provinsi', en: 'Province' },
  regencyCode: { id: 'Kabupaten/kota', en: 'Regency/city' },
  districtCode: { id: 'Kecamatan', en: 'District' },
  birthDate: { id: 'Tanggal lahir', en: 'Birth date' },
  appointmentMonth: { id: 'Bulan pengangkatan CPNS', en: 'CPNS appointment month' },
  sex: { id: 'Jenis kelamin', en: 'Sex' },
  male: { id: 'laki-laki', en: 'male' },
  female: { id: 'perempuan', en: 'female' },
  serial: { id: 'Nomor urut', en: 'Serial' },
} as const satisfies Record<string, Record<Language, string>>;
