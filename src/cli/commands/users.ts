import type { Command } from 'commander';
import { ROLE_LABELS, ROLES } from '../../core/access.ts';
import { type Language, problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { generatePassword, type UserSummary } from '../../features/auth/index.ts';
import { cliLanguage, EXIT, readSecret, writeJson, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

interface CreateOptions {
  username: string;
  name: string;
  role: string;
  pemda?: string;
  opd?: string;
  nip?: string;
  province?: string;
  pemdaCodes?: string;
  organisation?: string;
  password?: string;
}

export function registerUsersCommands(program: Command, { context, action }: Registrar): void {
  const users = program.command('users').description('Akun pengguna dan perannya / user accounts and roles');

  users
    .command('create')
    .description('Buat akun / create an account')
    .requiredOption('--username <username>', 'nama pengguna / username')
    .requiredOption('--name <display name>', 'nama lengkap / full name')
    .requiredOption('--role <role>', `peran / role: ${ROLES.join(', ')}`)
    .option('--pemda <code>', 'kode Pemda (pemda_admin, opd_head, asn), mis. 35.02')
    .option('--opd <id or name>', 'OPD (opd_head): id atau nama')
    .option('--nip <NIP>', 'NIP sendiri (asn)')
    .option('--province <code>', 'kode provinsi (province), mis. 35')
    .option('--pemda-codes <codes>', 'kode Pemda dipisah koma (bpjstk_officer), mis. 35.02,35.03')
    .option('--organisation <name>', 'nama organisasi sponsor (sponsor_org)')
    .option('--password <password>', 'kata sandi; tanpa ini dibuatkan / without it one is generated')
    .action(
      action(async (options: CreateOptions) => {
        const { auth } = await context.services();
        const password = options.password ?? generatePassword();
        if (options.opd !== undefined && options.pemda === undefined) {
          throw invalid(
            problem(
              'OPD_NEEDS_PEMDA',
              'OPD dicari di dalam Pemda-nya: tambahkan --pemda <kode>.',
              'An OPD is looked up within its Pemda: add --pemda <code>.',
            ),
          );
        }
        const { user } = await auth.createUser(
          {
            username: options.username,
            displayName: options.name,
            password,
            role: options.role,
            provinceCode: options.province,
            pemdaCode: options.pemda,
            opdId: options.opd === undefined ? undefined : await auth.resolveOpd(options.pemda!, options.opd),
            nip: options.nip,
            pemdaCodes: options.pemdaCodes
              ?.split(',')
              .map((code) => code.trim())
              .filter((code) => code !== ''),
            organisationId:
              options.organisation === undefined
                ? undefined
                : await auth.resolveOrganisation(options.organisation),
          },
          null,
        );
        const out = context.stdout;
        writeLine(out, `Akun dibuat / account created: ${describe(user, cliLanguage(context.env))}`);
        if (options.password === undefined) {
          writeLine(out, `Kata sandi / password: ${password}`);
          writeLine(
            out,
            'Simpan sekarang: tidak akan ditampilkan lagi / save it now: it will not be shown again.',
          );
        }
        return EXIT.ok;
      }),
    );

  users
    .command('set-password')
    .description(
      "Atur kata sandi akun; pengguna wajib menggantinya saat masuk berikutnya / set an account's password, which the user must change at their next sign-in",
    )
    .argument('<username>', 'nama pengguna / username')
    .option(
      '--no-force-change',
      'pengguna tidak wajib menggantinya / the user need not change it (e.g. your own account)',
    )
    .addHelpText(
      'after',
      '\nKata sandi dibaca dari terminal (tanpa tampil) atau dari stdin / the password is read from the terminal (not echoed) or from stdin:\n' +
        '  printf \'%s\\n\' "$SANDI" | asuh users set-password budi',
    )
    .action(
      action(async (username: string, options: { forceChange: boolean }) => {
        const { auth } = await context.services();
        const password = await readSecret(context, 'Kata sandi baru / new password: ');
        if (password === '') {
          throw invalid(
            problem(
              'PASSWORD_REQUIRED',
              'Tidak ada kata sandi: ketik di terminal atau kirim lewat stdin.',
              'No password given: type it at the terminal or pipe it to stdin.',
            ),
          );
        }
        if (context.stdin?.isTTY) {
          const again = await readSecret(context, 'Ulangi / repeat: ');
          if (again !== password) {
            throw invalid(
              problem('PASSWORD_MISMATCH', 'Kedua kata sandi tidak sama.', 'The two passwords differ.'),
            );
          }
        }
        const user = await auth.setPassword(username, password, { mustChange: options.forceChange });
        const language = cliLanguage(context.env);
        writeLine(context.stdout, `Kata sandi diatur / password set: ${describe(user, language)}`);
        writeLine(
          context.stdout,
          options.forceChange
            ? 'Sesi akun ini diakhiri; wajib ganti kata sandi saat masuk / its sessions ended; it must change the password at sign-in.'
            : 'Sesi akun ini diakhiri / its sessions ended.',
        );
        return EXIT.ok;
      }),
    );

  users
    .command('list')
    .description('Daftar akun / list the accounts')
    .option('--json', 'cetak JSON / print JSON')
    .action(
      action(async (options: { json?: boolean }) => {
        const list = await (await context.services()).auth.listUsers();
        if (options.json) {
          writeJson(context.stdout, list);
          return EXIT.ok;
        }
        const language = cliLanguage(context.env);
        writeLine(context.stdout, `${list.length} akun / accounts`);
        for (const user of list) writeLine(context.stdout, `  ${describe(user, language)}`);
        return EXIT.ok;
      }),
    );
}

function describe(user: UserSummary, language: Language): string {
  const scope = Object.entries(user.scope)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
  const inactive = user.active ? '' : language === 'id' ? '  (nonaktif)' : '  (inactive)';
  return `${user.username}  ${user.displayName}  ${ROLE_LABELS[user.role][language]}${scope ? `  ${scope}` : ''}${inactive}`;
}
