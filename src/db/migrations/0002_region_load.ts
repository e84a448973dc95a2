import type { Queryable } from '../database.ts';
import { loadOfficialRegions } from '../official-regions.ts';

export async function up(tx: Queryable): Promise<void> {
  await loadOfficialRegions(tx);
}
