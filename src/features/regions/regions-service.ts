import { type Problem, problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Queryable } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { findRegion, listChildRegions } from './regions-repository.ts';
import type { Region, RegionChildren } from './regions-types.ts';

export function regionNotFound(code: string): Problem {
  return problem(
    'REGION_NOT_FOUND',
    `Wilayah dengan kode ${code} tidak ada dalam daftar resmi Kemendagri.`,
    `There is no region with code ${code} in the official Home Affairs list.`,
  );
}

export interface RegionsService {
  get(code: string): Promise<Region>;
  children(code: string | null): Promise<RegionChildren>;
}

export interface RegionsDeps {
  db: Queryable;
}

export function createRegionsService({ db }: RegionsDeps): RegionsService {
  async function get(code: string): Promise<Region> {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    const region = await findRegion(db, code);
    if (!region) throw notFound(regionNotFound(code));
    return region;
  }

  return {
    get,
    async children(code) {
      if (code === null) {
        const items = await listChildRegions(db, null);
        return { region: null, total: items.length, items };
      }
      const region = await get(code);
      const items = await listChildRegions(db, code);
      return {
        region: { code: region.code, name: region.name, level: region.level },
        total: items.length,
        items,
      };
    },
  };
}
