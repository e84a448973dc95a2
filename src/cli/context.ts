import type { Readable, Writable } from 'node:stream';
import { buildServices, type Services } from '../composition.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Language, problem } from '../core/message.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { invalid } from '../errors.ts';
import { uploadSettings } from '../platform/files/upload.ts';

/** Exit codes every command keeps: 0 done, 1 a negative answer (e.g. an invalid NIK), 2 bad arguments. */
export const EXIT = { ok: 0, negative: 1, usage: 2, failure: 3 } as const;

/** What a command may touch: injected so tests run commands in-process against a test database. */
export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  /** What a command reads when asked for a secret (a password): a terminal is prompted, a pipe read. */
  stdin?: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  /** Opens the configured database, migrated; the same one for the whole command. */
  database(): Promise<Database>;
  config(): Config;
  now(): Date;
}

/** What a command sees: its context, and the composition root's services over that database and clock. */
export interface CommandContext extends CliContext {
  /** Built on first use, once, so commands that need no database open none. */
  services(): Promise<Services>;
}

export function withServices(context: CliContext): CommandContext {
  let built: Promise<Services> | undefined;
  return {
    ...context,
    services() {
      built ??= (async () =>
        buildServices(await context.database(), {
          uploads: uploadSettings(context.config()),
          now: () => context.now(),
        }))();
      return built;
    },
  };
}

/** The CLI speaks Bahasa Indonesia unless the locale asks for English. */
export function cliLanguage(env: NodeJS.ProcessEnv): Language {
  const locale = env.ASUH_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return locale.toLowerCase().startsWith('en') ? 'en' : 'id';
}

export function defaultContext(): CliContext & { close(): Promise<void> } {
  let opened: Promise<Database> | undefined;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    config: () => loadConfig(process.env),
    now: () => new Date(),
    database() {
      opened ??= (async () => {
        const db = await openDatabase(loadConfig(process.env));
        await migrate(db);
        return db;
      })();
      return opened;
    },
    async close() {
      // A database that failed to open has already been reported; there is nothing to close.
      const db = await opened?.catch(() => undefined);
      await db?.close();
    },
  };
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}

export function writeJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value)}\n`);
}

/** Keys typed before a prompt (a paste of two lines), kept for the next one. */
const typedAhead = new WeakMap<object, string>();

/**
 * A secret from the terminal without echoing it, or the first line of what is piped in
 * (`printf '%s\n' "$PASSWORD" | asuh …`), so it never appears in the shell's history or `ps`.
 */
export async function readSecret(context: CliContext, prompt: string): Promise<string> {
  const { stdin } = context;
  if (!stdin) return '';
  if (!stdin.isTTY || !stdin.setRawMode) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const { setRawMode } = stdin;
  context.stderr.write(prompt);
  setRawMode.call(stdin, true);
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      /** True once the line is complete; what was typed after it waits for the next prompt. */
      const take = (text: string): boolean => {
        const characters = [...text];
        for (const [index, character] of characters.entries()) {
          if (character === '\r' || character === '\n') {
            typedAhead.set(stdin, characters.slice(index + 1).join(''));
            resolve(typed);
            return true;
          }
          if (character === '\u0003') {
            reject(invalid(problem('CANCELLED', 'Dibatalkan.', 'Cancelled.')));
            return true;
          }
          typed =
            character === '\u007f' || character === '\b'
              ? [...typed].slice(0, -1).join('')
              : typed + character;
        }
        return false;
      };
      const ahead = typedAhead.get(stdin) ?? '';
      typedAhead.delete(stdin);
      if (take(ahead)) return;
      const onData = (chunk: Buffer | string) => {
        if (take(String(chunk))) stdin.off('data', onData);
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  } finally {
    setRawMode.call(stdin, false);
    stdin.pause();
    context.stderr.write('\n');
  }
}
