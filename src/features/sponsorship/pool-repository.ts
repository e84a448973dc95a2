import type { IsoDate } from '../../core/calendar.ts';
import { ELIGIBILITY_RULES, type EligibilityRules } from '../../core/eligibility.ts';
import { poolBirthDateBounds } from '../../core/matching.ts';
import { normaliseOccupation, OCCUPATION_RISK } from '../../core/occupation-risk.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';

/**
 * The pool (issue 4, item 5): the workers in a Pemda's registry whom nobody pays for in the month
 * of a day and whom the eligibility rules admit that day. The matching, the ASN's "pick a worker
 * near me" and the CSR and cohort builders all read it here, so the pool means the same everywhere.
 * It lives with sponsorship because "nobody pays for" is the sponsorship table's to say: matching
 * and cohorts read it through this feature's public face, and sponsorship depends on neither.
 */

export interface PoolOptions {
  pemdaCode: string;
  on: IsoDate;
  /** Workers must live inside one of these regions (a programme's area, a CSR's districts). */
  areaCodes?: readonly string[];
  /** Only these occupations, compared as the registry's spelling normalised (case, spacing). */
  occupations?: readonly string[];
  /** Nearest to this village first: the same village, then its district, then its regency. */
  nearVillage?: string;
  limit?: number;
  /**
   * False: in no particular order, for a caller that ranks the pool itself (the matcher's core
   * does); it spares the database ranking every occupation and sorting the whole pool.
   */
  ordered?: boolean;
  /** The rules to apply; the core's data unless a test names others. */
  rules?: EligibilityRules;
}

export interface PoolMember {
  nik: string;
  name: string;
  villageCode: string;
  welfareDecile: number | null;
  occupation: string | null;
  birthDate: IsoDate;
}

const RISK_NAMES = OCCUPATION_RISK.entries.flatMap((entry) => entry.names.map(normaliseOccupation));
const RISK_RANKS = OCCUPATION_RISK.entries.flatMap((entry) => entry.names.map(() => entry.rank));

/** `normaliseOccupation` in SQL: trimmed, inner runs of spaces made one, lower case. */
const NORMALISED_OCCUPATION = `lower(btrim(regexp_replace(w.occupation, '\\s+', ' ', 'g')))`;

/**
 * The pool in one statement, in the order a sponsor should see it: nearest to `nearVillage` first
 * when given, then the lower welfare decile (unknown last), the riskier occupation (the core's
 * ranking, unranked last), the NIK. The month held is the month of `on`; the eligibility rules are
 * the core's (age limits passed as birth-date bounds, deceased, active elsewhere) plus a known
 * village inside the area. Reads `pemda_worker` by its key and anti-joins `sponsorship`, so
 * 150,000 workers come back in one pass.
 */
export async function poolWorkers(db: Queryable, options: PoolOptions): Promise<PoolMember[]> {
  const { bornOnOrBefore, bornAfter } = poolBirthDateBounds(options.on, options.rules ?? ELIGIBILITY_RULES);
  const where = new Where();
  where.add(`pw.pemda_code = ${where.param(options.pemdaCode)}`);
  const month = where.param(`${options.on.slice(0, 7)}-01`);
  const on = where.param(options.on);
  where.add(`w.birth_date <= ${where.param(bornOnOrBefore)}::date`);
  where.add(`w.birth_date > ${where.param(bornAfter)}::date`);
  where.add(`(w.deceased_on IS NULL OR w.deceased_on > ${on}::date)`);
  where.add('NOT w.active_elsewhere');
  where.add('w.village_code IS NOT NULL');
  where.add(
    `NOT EXISTS (SELECT 1 FROM sponsorship s
                  WHERE s.nik = w.nik AND s.status <> 'rejected'
                    AND s.first_month <= ${month}::date
                    AND (s.end_month IS NULL OR s.end_month > ${month}::date))`,
  );
  if (options.areaCodes) {
    const areas = where.param(options.areaCodes);
    where.add(
      `EXISTS (SELECT 1 FROM unnest(${areas}::text[]) area(code)
                WHERE w.village_code = area.code OR w.village_code LIKE area.code || '.%')`,
    );
  }
  if (options.occupations) {
    where.add(
      `${NORMALISED_OCCUPATION} = ANY(${where.param(options.occupations.map(normaliseOccupation))}::text[])`,
    );
  }
  let ranking = '';
  let order = '';
  if (options.ordered ?? true) {
    const nearness = options.nearVillage ? nearnessOrder(options.nearVillage, where) : '';
    ranking = `LEFT JOIN unnest(${where.param(RISK_NAMES)}::text[], ${where.param(RISK_RANKS)}::int[]) AS risk(name, rank)
                      ON risk.name = ${NORMALISED_OCCUPATION}`;
    order = `ORDER BY ${nearness} w.welfare_decile ASC NULLS LAST, risk.rank DESC NULLS LAST, w.nik`;
  }
  const limit = options.limit === undefined ? '' : `LIMIT ${where.param(options.limit)}`;
  return db.query<PoolMember & Record<string, unknown>>(
    `SELECT w.nik, w.name, w.village_code AS "villageCode", w.welfare_decile AS "welfareDecile",
            w.occupation, w.birth_date AS "birthDate"
       FROM pemda_worker pw
       JOIN worker w ON w.nik = pw.nik
       ${ranking}
      WHERE ${where}
      ${order}
      ${limit}`,
    where.params,
  );
}

/** 0 the same village, 1 the same district, 2 the same regency, 3 further. */
function nearnessOrder(village: string, where: Where): string {
  const parts = village.split('.');
  const district = where.param(`${parts.slice(0, 3).join('.')}.%`);
  const regency = where.param(`${parts.slice(0, 2).join('.')}.%`);
  return `CASE WHEN w.village_code = ${where.param(village)} THEN 0
               WHEN w.village_code LIKE ${district} THEN 1
               WHEN w.village_code LIKE ${regency} THEN 2
               ELSE 3 END,`;
}
