import { problem } from '../core/message.ts';
import { parseRegionCode } from '../core/regions.ts';
import type { Queryable } from '../db/database.ts';
import { readOfficialRegions } from '../db/official-regions.ts';
import { invalid, notFound } from '../errors.ts';
import { regionNotFound } from '../features/regions/index.ts';
import type { DemoRegions } from './demo-generator.ts';
import { type RegionTreeRow, selectRegionTree } from './demo-queries.ts';

/** The region tree of the demo's Pemda (and its province's name); only a regency or city has the Kecamatan offices it needs. */
export function demoRegionsOf(rows: readonly RegionTreeRow[], code: string): DemoRegions {
  const parsed = parseRegionCode(code);
  if (!parsed.ok) throw invalid(parsed.problem);
  const pemda = rows.find((row) => row.code === code);
  if (!pemda) throw notFound(regionNotFound(code));
  if (pemda.level !== 'regency') {
    throw invalid(
      problem(
        'DEMO_PEMDA_LEVEL',
        `Data demo dibuat untuk kabupaten/kota (mis. 35.02), bukan ${code}.`,
        `Demo data is made for a regency or city (e.g. 35.02), not ${code}.`,
      ),
    );
  }
  const villages = new Map<string, string[]>();
  for (const row of rows) {
    if (row.level !== 'village' || row.parentCode === null) continue;
    const list = villages.get(row.parentCode) ?? [];
    list.push(row.code);
    villages.set(row.parentCode, list);
  }
  const districts = rows
    .filter((row) => row.level === 'district' && row.parentCode === code)
    .map((row) => ({ code: row.code, name: row.name, villages: (villages.get(row.code) ?? []).sort() }))
    .filter((district) => district.villages.length > 0)
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const province = rows.find((row) => row.code === parsed.region.provinceCode);
  return { code, name: pemda.name, provinceName: province?.name ?? parsed.region.provinceCode, districts };
}

/** From the official list itself, for writing files without a database. */
export async function readDemoRegions(code: string): Promise<DemoRegions> {
  const { rows } = await readOfficialRegions();
  return demoRegionsOf(
    rows.filter(
      (row) => row.code === code || row.code.startsWith(`${code}.`) || row.code === code.slice(0, 2),
    ),
    code,
  );
}

export async function queryDemoRegions(db: Queryable, code: string): Promise<DemoRegions> {
  return demoRegionsOf(await selectRegionTree(db, code), code);
}
