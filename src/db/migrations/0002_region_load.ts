import { loadOfficialRegions } from '../../features/regions/regions-loader.ts';
import type { Queryable } from '../database.ts';

export async function up(tx: Queryable): Promise<void> {
  await loadOfficialRegions(tx);
}
