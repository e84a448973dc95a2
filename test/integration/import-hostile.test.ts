import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { emptyDatabaseForProcess, openTestDatabase } from '../support/database.ts';
import { workbook } from '../support/zip.ts';

/**
 * The hostile files of the crash-and-fuzz probe, made small but shaped like the real attacks, each
 * run through the `asuh` process and through the API: refused as a whole (exit 2, HTTP 400) with a
 * message naming what and where, nothing written, and the process's memory under 400 MB.
 */
const MAX_BYTES = 6 * 1024 * 1024;
const MEMORY_LIMIT_KB = 400 * 1024;
const WORKER_HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil';
const PAYROLL_HEADER = 'referensi_tagihan,periode,nip,jumlah_dipotong,tanggal_potong';

let db: Database;
let folder: string;
let app: FastifyInstance;
let processEnv: { DATABASE_URL?: string; ASUH_DATA_DIR?: string };
let cleanUpProcessDatabase: () => Promise<void>;

const admin: Actor = {
  userId: 1,
  username: 'admin.ponorogo',
  displayName: 'Admin Ponorogo',
  role: 'pemda_admin',
  pemdaCode: '35.02',
};

const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1990-01-01', sex: 'female', serial });
const workerLine = (row: number, name = `Pekerja ${row}`) =>
  `${nik(row)},${name},1990-01-01,P,Petani,Pertanian,35.02.01.2001,,`;
/** Rows 2.. of a worker file: past 64 KiB from row 900 on. */
const workerLines = (count: number) => Array.from({ length: count }, (_, index) => workerLine(index + 2));
const payrollLines = (count: number) =>
  Array.from(
    { length: count },
    (_, index) =>
      `ASUH-3502-202401-${String(index + 1).padStart(6, '0')},2024-01,198005172005031001,37800,2024-01-25`,
  );

const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
const latin1 = (value: string) => Buffer.from(value, 'latin1');

/** Shared strings' XML around `items` (`<si>…</si>` elements). */
const sharedStrings = (items: string) =>
  Buffer.from(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${items}</sst>`);
const item = (text: string) => `<si><t>${text}</t></si>`;

const header = WORKER_HEADER.split(',');
const firstRow = workerLine(2).split(',');

interface Hostile {
  name: string;
  file: () => Buffer;
  code: string;
  /** What the English message must say: what is wrong, and where. */
  says: RegExp;
  /** Also sent to the payroll import, as a payment file. */
  payroll?: () => Buffer;
}

const corpus: Hostile[] = [
  {
    name: 'a NUL byte after the first 64 KiB',
    file: () => {
      const lines = [WORKER_HEADER, ...workerLines(1500)];
      lines[1301] = `${nik(1302)},Jo\u0000ko,1990-01-01,P,Petani,Pertanian,35.02.01.2001,,`;
      return text(lines);
    },
    payroll: () => {
      const lines = [PAYROLL_HEADER, ...payrollLines(1500)];
      lines[1301] = `ASUH-3502-202401-001301,2024-01,198005172005031001,378\u000000,2024-01-25`;
      return text(lines);
    },
    code: 'CSV_NUL_BYTE',
    says: /^Line 1302 holds a NUL byte/,
  },
  {
    name: 'UTF-8 names, then Latin-1 ones after the first 64 KiB',
    file: () => {
      const lines = [WORKER_HEADER, workerLine(2, 'Dédé Suryani'), ...workerLines(1500).slice(1)];
      return Buffer.concat([
        text(lines.slice(0, 1301)),
        latin1(`${workerLine(1302, 'José Muñoz')}\n`),
        text(lines.slice(1302)),
      ]);
    },
    code: 'FILE_ENCODING',
    says: /line 1302 is not valid UTF-8/,
  },
  {
    name: 'a quote left open to the end of the file',
    file: () => {
      const lines = [WORKER_HEADER, ...workerLines(1500)];
      lines[1490] = `${nik(1491)},"Siti Aminah,1990-01-01,P,Petani,Pertanian,35.02.01.2001,,`;
      return text(lines);
    },
    payroll: () => {
      const lines = [PAYROLL_HEADER, ...payrollLines(1500)];
      lines[1490] = `"ASUH-3502-202401-001491,2024-01,198005172005031001,37800,2024-01-25`;
      return text(lines);
    },
    code: 'CSV_MALFORMED',
    says: /from row 1491: a quote \("\) is never closed/,
  },
  {
    name: 'a 5 MiB cell on the last row',
    file: () =>
      text([
        WORKER_HEADER,
        ...workerLines(1000),
        `${nik(1002)},${'A'.repeat(5 * 1024 * 1024)},1990-01-01,P,,,,,`,
      ]),
    code: 'CSV_MALFORMED',
    says: /from row 1002: .* a row is over 1 MiB/,
  },
  {
    name: 'shared strings of 1 GiB declared as 2 KiB',
    file: () =>
      workbook(header, [firstRow], {
        data: sharedStrings([...'abcdefgh'].map(item).join('').repeat(100_000)),
        declaredSize: 2048,
      }),
    code: 'XLSX_BOMB',
    says: /\(xl\/sharedStrings\.xml: more than 2 KiB\)/,
  },
  {
    name: 'millions of one-letter shared strings in a small file',
    file: () => workbook(header, [firstRow], { data: sharedStrings(item('a').repeat(2_000_000)) }),
    code: 'XLSX_BOMB',
    says: /inflating more than 200:1|the number of shared strings: more than 1,572,864/,
  },
  {
    name: 'shared strings within the ratio but past the limits',
    file: () => {
      const filler = ' bin Fulan, Dusun Krajan RT 001 RW 002, Desa Sukorejo, Kecamatan Babadan, Ponorogo';
      return workbook(header, [firstRow], {
        data: sharedStrings(
          Array.from({ length: 300_000 }, (_, index) => item(`Pekerja ${index}${filler}`)).join(''),
        ),
      });
    },
    code: 'XLSX_BOMB',
    says: /\(the shared strings: more than 25,165,824 characters\)/,
  },
];

beforeAll(async () => {
  db = await openTestDatabase();
  await db.query(`INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = '35.02'`);
  folder = await mkdtemp(join(tmpdir(), 'asuh-hostile-'));
  app = await buildApp({
    db,
    webDir: null,
    actorOverride: () => admin,
    imports: { uploadsDir: join(folder, 'uploads'), maxBytes: MAX_BYTES },
  });
  ({ env: processEnv, cleanUp: cleanUpProcessDatabase } = await emptyDatabaseForProcess('asuh_hostile'));
  for (const hostile of corpus) {
    await writeFile(
      join(folder, `${corpus.indexOf(hostile)}.${hostile.code.startsWith('XLSX') ? 'xlsx' : 'csv'}`),
      hostile.file(),
    );
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await cleanUpProcessDatabase?.();
  await rm(folder, { recursive: true, force: true });
});

const fileOf = (hostile: Hostile) =>
  join(folder, `${corpus.indexOf(hostile)}.${hostile.code.startsWith('XLSX') ? 'xlsx' : 'csv'}`);

/** `asuh import workers <file>` in its own process, with its peak memory (kB) as /usr/bin/time measures it. */
async function spawnImport(path: string): Promise<{ code: number | null; stderr: string; peakKb: number }> {
  const timing = `${path}.time`;
  const child = spawn(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      '-o',
      timing,
      process.execPath,
      'bin/asuh.js',
      'import',
      'workers',
      path,
      '--pemda',
      '35.02',
    ],
    {
      env: {
        ...process.env,
        ...processEnv,
        ASUH_IMPORT_MAX_BYTES: String(MAX_BYTES),
        ASUH_LANG: 'en',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const peakKb = Number((await readFile(timing, 'utf8')).trim().split('\n').at(-1));
  return { code, stderr, peakKb };
}

async function upload(url: string, fields: Record<string, string>, content: Buffer, fileName: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)]), fileName);
  const encoded = new Response(form);
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': encoded.headers.get('content-type')!, 'accept-language': 'en' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

async function written(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'import_job',
    'import_issue',
    'import_worker_row',
    'worker',
    'payment_import',
    'payment_stage',
  ]) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  return counts;
}

const nothing = {
  import_job: 0,
  import_issue: 0,
  import_worker_row: 0,
  worker: 0,
  payment_import: 0,
  payment_stage: 0,
};

describe('a corpus of hostile files', () => {
  it('is refused by the asuh process with exit 2 and a message saying where, under 400 MB, writing nothing', async () => {
    // Two processes at a time: each spends most of its time starting.
    const runs = new Map<Hostile, Awaited<ReturnType<typeof spawnImport>>>();
    const queue = [...corpus];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift())
          runs.set(next, await spawnImport(fileOf(next)));
      }),
    );
    for (const hostile of corpus) {
      const run = runs.get(hostile)!;
      expect.soft(run.code, hostile.name).toBe(2);
      expect.soft(run.stderr, hostile.name).toMatch(hostile.says);
      expect.soft(run.stderr, hostile.name).toContain(`[${hostile.code}]`);
      expect.soft(run.stderr, hostile.name).not.toMatch(/\n\s+at /);
      expect.soft(run.peakKb, hostile.name).toBeLessThan(MEMORY_LIMIT_KB);
    }
    // The process refused every file before it opened the database: there is none to write to.
    if (processEnv.ASUH_DATA_DIR) expect(await readdir(processEnv.ASUH_DATA_DIR)).toEqual([]);
    else {
      const client = new pg.Client({ connectionString: processEnv.DATABASE_URL });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      await client.end();
      expect(rows[0].n).toBe(0);
    }
  }, 120_000);

  it('is refused by the API with 400 before any job is queued, writing nothing', async () => {
    for (const hostile of corpus) {
      const path = fileOf(hostile);
      const response = await upload(
        '/api/v1/imports',
        { kind: 'workers', pemda: '35.02' },
        await readFile(path),
        path.endsWith('xlsx') ? 'pekerja.xlsx' : 'pekerja.csv',
      );
      expect.soft(response.statusCode, hostile.name).toBe(400);
      expect.soft(response.json().error.code, hostile.name).toBe(hostile.code);
      expect.soft(response.json().error.message, hostile.name).toMatch(hostile.says);
      if (hostile.payroll) {
        const payroll = await upload(
          '/api/v1/payments/imports',
          { kind: 'payroll', pemda: '35.02' },
          hostile.payroll(),
          'potongan.csv',
        );
        expect.soft(payroll.statusCode, `${hostile.name} (payroll)`).toBe(400);
        expect.soft(payroll.json().error.code, `${hostile.name} (payroll)`).toBe(hostile.code);
      }
    }
    expect(await written()).toEqual(nothing);
    expect(await readdir(join(folder, 'uploads'))).toEqual([]);
  }, 60_000);
});

describe('files that read right whatever their first 64 KiB say', () => {
  async function importUpload(content: Buffer, fileName = 'pekerja.csv') {
    const accepted = await upload('/api/v1/imports', { kind: 'workers', pemda: '35.02' }, content, fileName);
    expect(accepted.statusCode).toBe(202);
    const { id } = accepted.json();
    for (;;) {
      const job = (await app.inject({ url: `/api/v1/imports/${id}` })).json();
      if (job.status === 'completed' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('reads a Windows "ANSI" CSV whose first accented letter is after 64 KiB as Windows-1252, every name intact', async () => {
    const lines = [WORKER_HEADER, ...workerLines(1500)];
    const content = Buffer.concat([
      text(lines.slice(0, 1301)),
      latin1(`${workerLine(1302, 'José Muñoz')}\n`),
      text(lines.slice(1302)),
    ]);
    const job = await importUpload(content);
    expect(job.summary).toMatchObject({ read: 1500, inserted: 1500, rejected: 0 });
    const [worker] = await db.query<{ name: string }>('SELECT name FROM worker WHERE nik = $1', [nik(1302)]);
    expect(worker!.name).toBe('José Muñoz');
    expect(await db.query(`SELECT 1 FROM worker WHERE name LIKE '%\uFFFD%'`)).toEqual([]);
    await db.exec('DELETE FROM pemda_worker; DELETE FROM worker;');
  });

  it('reads every row of a file whose lines end in CRLF and LF by turns', async () => {
    const lines = [WORKER_HEADER, ...workerLines(100)];
    const content = lines.map((line, index) => `${line}${index % 2 === 0 ? '\r\n' : '\n'}`).join('');
    const job = await importUpload(Buffer.from(content));
    expect(job.summary).toMatchObject({ read: 100, inserted: 100, rejected: 0 });
    const names = await db.query<{ name: string }>('SELECT name FROM worker ORDER BY nik');
    expect(names.map((row) => row.name)).toEqual(workerLines(100).map((line) => line.split(',')[1]));
    await db.exec('DELETE FROM pemda_worker; DELETE FROM worker;');
  });

  it('warns about a NIK that arrived as a number, in an XLSX cell or in scientific notation in a CSV', async () => {
    // The NIK as Excel keeps a number typed into a cell: 15 digits, the last one made 0.
    const typed = `${nik(12).slice(0, 15)}0`;
    const job = await importUpload(
      workbook(header, [[{ number: typed }, ...firstRow.slice(1)]]),
      'pekerja.xlsx',
    );
    expect(job.summary).toMatchObject({ read: 1, warned: 1 });
    const issues = await db.query(
      'SELECT row_number, column_name, value, code, severity FROM import_issue WHERE import_id = $1',
      [job.id],
    );
    expect(issues).toEqual([
      { row_number: 2, column_name: 'nik', value: typed, code: 'IDENTIFIER_AS_NUMBER', severity: 'warning' },
    ]);
    const errors = await app.inject({ url: `/api/v1/imports/${job.id}/errors.csv` });
    expect(errors.body).toContain('format the nik column as Text');

    const csvJob = await importUpload(
      text([WORKER_HEADER, '3.50201E+15,Siti,1990-01-01,P,,,35.02.01.2001,,']),
    );
    const csvIssues = await db.query(
      `SELECT row_number, code FROM import_issue WHERE import_id = $1 AND column_name = 'nik' ORDER BY seq`,
      [csvJob.id],
    );
    expect(csvIssues).toContainEqual({ row_number: 2, code: 'IDENTIFIER_AS_NUMBER' });
    await db.exec('DELETE FROM pemda_worker; DELETE FROM worker;');
  });
});
