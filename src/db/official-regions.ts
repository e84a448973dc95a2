import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { timeZoneOfProvince } from '../core/regions.ts';
import type { Queryable } from './database.ts';

/** The official list: the npm package `idn-area-data`, pinned so every install loads the same tree. */
const SOURCE_PACKAGE = 'idn-area-data';
const CHUNK_ROWS = 20_000;

interface RegionRow {
  code: string;
  level: 'province' | 'regency' | 'district' | 'village';
  parentCode: string | null;
  provinceCode: string;
  name: string;
  timeZone: string | null;
}

async function readSource(): Promise<{ version: string; dataDir: string }> {
  const packageJson = createRequire(import.meta.url).resolve(`${SOURCE_PACKAGE}/package.json`);
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  return { version, dataDir: join(dirname(packageJson), 'data') };
}

async function readCsv(path: string): Promise<Record<string, string>[]> {
  return parse(await readFile(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

export async function readOfficialRegions(): Promise<{ version: string; rows: RegionRow[] }> {
  const { version, dataDir } = await readSource();
  const [provinces, regencies, districts, villages] = await Promise.all(
    ['provinces', 'regencies', 'districts', 'villages'].map((file) => readCsv(join(dataDir, `${file}.csv`))),
  );
  const rows: RegionRow[] = [];
  for (const { code, name } of provinces!) {
    const timeZone = timeZoneOfProvince(code!);
    if (!timeZone) throw new Error(`province ${code} (${name}) has no time zone in src/core/regions.ts`);
    rows.push({
      code: code!,
      level: 'province',
      parentCode: null,
      provinceCode: code!,
      name: name!,
      timeZone,
    });
  }
  const children = [
    { level: 'regency', list: regencies!, parentColumn: 'province_code' },
    { level: 'district', list: districts!, parentColumn: 'regency_code' },
    { level: 'village', list: villages!, parentColumn: 'district_code' },
  ] as const;
  for (const { level, list, parentColumn } of children) {
    for (const record of list) {
      const code = record.code!;
      rows.push({
        code,
        level,
        parentCode: record[parentColumn]!,
        provinceCode: code.slice(0, 2),
        name: record.name!,
        timeZone: null,
      });
    }
  }
  return { version, rows };
}

/**
 * Loads the whole tree in a few set-based statements (arrays unnested server-side), parents
 * before children; rerunning replaces names and adds new codes without duplicating any.
 */
export async function loadOfficialRegions(tx: Queryable): Promise<{ version: string; count: number }> {
  const { version, rows } = await readOfficialRegions();
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    await tx.query(
      `INSERT INTO region (code, level, parent_code, province_code, name, time_zone)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code`,
      [
        chunk.map((row) => row.code),
        chunk.map((row) => row.level),
        chunk.map((row) => row.parentCode),
        chunk.map((row) => row.provinceCode),
        chunk.map((row) => row.name),
        chunk.map((row) => row.timeZone),
      ],
    );
  }
  await tx.query(
    `INSERT INTO reference_data (name, source, version) VALUES ('region', $1, $2)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = now()`,
    [`npm:${SOURCE_PACKAGE}`, version],
  );
  return { version, count: rows.length };
}
