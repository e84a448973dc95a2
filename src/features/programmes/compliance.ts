import type { IsoDate } from '../../core/calendar.ts';
import { problem } from '../../core/message.ts';
import { type Obligation, obligationOn } from '../../core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../../core/registry/asn-row.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import { invalid } from '../../errors.ts';
import { EVERYTHING } from '../../platform/access/scopes.ts';
import {
  findProgramme,
  governingPolicy,
  programmeNotFound,
  programmeRef,
  programmeWithoutPolicy,
} from './programme-repository.ts';

export interface ComplianceRow {
  nip: string;
  name: string;
  opdId: number;
  opdName: string;
  employmentType: EmploymentType;
  echelon: Echelon | null;
  obligation: Obligation;
  /** The ASN's sponsorships under the programme that hold the month of `on`. */
  held: number;
}

interface RosterRow {
  nip: string;
  name: string;
  opdId: number;
  opdName: string;
  employmentType: EmploymentType;
  echelon: Echelon | null;
  active: boolean;
}

export interface ComplianceFilter {
  programmeId: number;
  on: IsoDate;
  /** Only these ASN (an ASN looking at their own row). */
  nips?: readonly string[];
  /** Only this OPD (an OPD head checking their staff). */
  opdId?: number;
}

/**
 * Every ASN of the programme's Pemda with their obligation on `on` and the sponsorships they hold
 * that month, by OPD and name. Active ASN all appear; one who has left appears while still holding
 * a sponsorship under the programme. One query counts for the whole roster; the core judges each.
 */
export async function computeCompliance(db: Queryable, filter: ComplianceFilter): Promise<ComplianceRow[]> {
  const row = await findProgramme(db, filter.programmeId, EVERYTHING);
  if (!row) throw programmeNotFound(filter.programmeId);
  if (row.kind !== 'asn_policy') {
    throw invalid(
      problem(
        'PROGRAMME_NOT_ASN_POLICY',
        `Program "${row.name}" tidak mewajibkan ASN: kepatuhan hanya ada untuk program kebijakan ASN.`,
        `Programme "${row.name}" obliges no ASN: compliance exists only for ASN-policy programmes.`,
      ),
    );
  }
  const policy = governingPolicy(row, filter.on);
  if (!policy) throw programmeWithoutPolicy(programmeRef(row));

  // Two plain scans joined here rather than in SQL: on tables never analysed (PGlite has no
  // autovacuum) the planner can nest-loop a join of the whole roster with the whole programme,
  // which at 14,000 ASN takes a minute instead of a blink. Each comes back as one JSON value:
  // embedded PGlite converts results row by row, which for 14,000 rows costs more than the query.
  const month = `${filter.on.slice(0, 7)}-01`;
  const [counts] = await db.query<{ heldBy: Record<string, number> }>(
    `SELECT coalesce(json_object_agg(sp.nip, c.held), '{}') AS "heldBy"
       FROM (SELECT s.sponsor_id, count(*) AS held
               FROM sponsorship s
              WHERE s.programme_id = $1 AND s.status <> 'rejected'
                AND s.first_month <= $2::date AND (s.end_month IS NULL OR s.end_month > $2::date)
              GROUP BY s.sponsor_id) c
       JOIN sponsor sp ON sp.id = c.sponsor_id
      WHERE sp.kind = 'asn'`,
    [row.id, month],
  );
  const heldBy = counts!.heldBy;

  const where = new Where();
  where.add(`a.pemda_code = ${where.param(row.pemdaCode)}`);
  if (filter.opdId !== undefined) where.add(`a.opd_id = ${where.param(filter.opdId)}`);
  if (filter.nips) where.add(`a.nip = ANY(${where.param(filter.nips)}::text[])`);
  const [{ roster }] = (await db.query<{ roster: RosterRow[] }>(
    `SELECT coalesce(json_agg(json_build_object(
              'nip', a.nip, 'name', a.name, 'opdId', a.opd_id, 'opdName', o.name,
              'employmentType', a.employment_type, 'echelon', a.echelon, 'active', a.active)
            ORDER BY o.name, o.id, a.name, a.nip), '[]') AS roster
       FROM asn a JOIN opd o ON o.id = a.opd_id
      WHERE ${where}`,
    where.params,
  )) as [{ roster: RosterRow[] }];
  // The obligation depends on nothing but these fields, and thousands of ASN share each
  // combination: each is judged once.
  const judged = new Map<string, Obligation>();
  const rows: ComplianceRow[] = [];
  for (const { active, ...asn } of roster) {
    const held = heldBy[asn.nip] ?? 0;
    // One who has left stays on the list while a sponsorship of theirs still holds the month.
    if (!active && held === 0) continue;
    const key = `${asn.employmentType} ${asn.echelon} ${asn.opdId} ${active} ${held}`;
    let obligation = judged.get(key);
    if (!obligation) {
      obligation = obligationOn(
        { employmentType: asn.employmentType, echelon: asn.echelon, opdId: asn.opdId, active },
        policy,
        filter.on,
        held,
      );
      judged.set(key, obligation);
    }
    rows.push({ ...asn, obligation, held });
  }
  return rows;
}
