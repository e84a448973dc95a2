import { resolve } from 'node:path';
import { z } from 'zod';
import { problem } from './core/message.ts';
import { invalid } from './errors.ts';

/** The largest roster or registry file an import accepts: a million rows of CSV is about 100 MiB. */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;

/** The environment, read and validated in one place. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  ASUH_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ASUH_IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_IMPORT_MAX_BYTES),
  ASUH_TRUST_PROXY: z
    .string()
    .regex(/^(on|off|[1-9])$/, 'ASUH_TRUST_PROXY must be on, off, or the number of proxies (1-9)')
    .default('off'),
  ASUH_DEMO: z.enum(['on', 'off']).default('on'),
  ASUH_DEMO_ASN: z.coerce.number().int().min(0).max(10_000_000).optional(),
  ASUH_DEMO_WORKERS: z.coerce.number().int().min(0).max(10_000_000).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server, or none for the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /**
   * How many reverse proxies stand in front (0: none). Behind one that terminates TLS, its
   * X-Forwarded-* headers give the client's address (for the audit log and sign-in throttling) and
   * https (for Secure cookies and HSTS). Only the addresses the trusted proxies appended are
   * believed, so a client cannot choose its own address by sending X-Forwarded-For.
   */
  trustProxy: number;
  /** Import files larger than this are refused before they are read. */
  importMaxBytes: number;
  /**
   * What `asuh serve` loads into an empty database: a real deployment turns it off; tests and
   * small machines resize it. Counts left out take the demo's own defaults.
   */
  firstStartDemo: { enabled: boolean; asn?: number; workers?: number };
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw invalid(
      problem('CONFIG_INVALID', `Konfigurasi tidak sah: ${details}`, `Invalid configuration: ${details}`),
    );
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.ASUH_DATA_DIR),
    logLevel: env.LOG_LEVEL,
    trustProxy: { on: 1, off: 0 }[env.ASUH_TRUST_PROXY] ?? Number(env.ASUH_TRUST_PROXY),
    importMaxBytes: env.ASUH_IMPORT_MAX_BYTES,
    firstStartDemo: {
      enabled: env.ASUH_DEMO === 'on',
      asn: env.ASUH_DEMO_ASN,
      workers: env.ASUH_DEMO_WORKERS,
    },
  };
}
