import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, ageInYears, formatIsoDate } from '../../src/core/calendar.ts';
import { checkEligibility, ELIGIBILITY_RULES } from '../../src/core/eligibility.ts';
import {
  MATCH_LEVELS,
  type MatchLevel,
  type MatchProposal,
  type MatchSponsor,
  matchPool,
  type PoolWorker,
  poolBirthDateBounds,
} from '../../src/core/matching.ts';
import { normaliseOccupation, OCCUPATION_RISK, occupationRiskRank } from '../../src/core/occupation-risk.ts';

// Kabupaten Ponorogo: Slahung (district 35.02.01), Balong (35.02.02); Kota Madiun is 35.77.
const SLAHUNG_A = '35.02.01.2001';
const SLAHUNG_B = '35.02.01.2002';
const BALONG_A = '35.02.02.2001';
const MADIUN_A = '35.77.01.1001';
const SEMARANG_A = '33.74.01.1001';

let serial = 0;
function worker(villageCode: string, extra: Partial<PoolWorker> = {}): PoolWorker {
  serial++;
  return {
    nik: `350201010190${String(serial).padStart(4, '0')}`,
    villageCode,
    welfareDecile: 3,
    occupation: 'petani',
    ...extra,
  };
}

function sponsor(sponsorId: string, villageCode: string | null, remaining = 1): MatchSponsor {
  return { sponsorId, villageCode, remaining };
}

const pairs = (proposals: MatchProposal[]) => proposals.map((p) => [p.sponsorId, p.nik, p.level]);

describe('nearness comes first', () => {
  const inVillage = worker(SLAHUNG_A, { welfareDecile: 9, occupation: 'guru ngaji' });
  const inDistrict = worker(SLAHUNG_B, { welfareDecile: 1, occupation: 'nelayan' });
  const inRegency = worker(BALONG_A, { welfareDecile: 1, occupation: 'nelayan' });
  const elsewhere = worker(MADIUN_A, { welfareDecile: 1, occupation: 'nelayan' });
  const pool = [elsewhere, inRegency, inDistrict, inVillage];

  it('prefers the same village over a poorer, riskier worker further away', () => {
    expect(pairs(matchPool(pool, [sponsor('asn-1', SLAHUNG_A, 1)]))).toEqual([
      ['asn-1', inVillage.nik, 'village'],
    ]);
  });

  it('goes out to the district, then the regency, and by default no further', () => {
    expect(pairs(matchPool(pool, [sponsor('asn-1', SLAHUNG_A, 10)]))).toEqual([
      ['asn-1', inVillage.nik, 'village'],
      ['asn-1', inDistrict.nik, 'district'],
      ['asn-1', inRegency.nik, 'regency'],
    ]);
  });

  it('reaches the province and beyond only when asked', () => {
    const far = worker(SEMARANG_A);
    const proposals = matchPool([...pool, far], [sponsor('asn-1', SLAHUNG_A, 10)], { widest: 'province' });
    expect(proposals.map((p) => p.level)).toEqual(['village', 'district', 'regency', 'province']);
    const everywhere = matchPool([...pool, far], [sponsor('asn-1', SLAHUNG_A, 10)], { widest: 'other' });
    expect(everywhere.at(-1)).toMatchObject({ nik: far.nik, level: 'other' });
  });

  it("gives a worker to the sponsor of their own village before another sponsor's district pass", () => {
    const neighbour = worker(SLAHUNG_B);
    // asn-1 sorts first (more quota) and lives in the same district, but asn-2 is in the worker's village.
    const proposals = matchPool(
      [neighbour],
      [sponsor('asn-1', SLAHUNG_A, 3), sponsor('asn-2', SLAHUNG_B, 1)],
    );
    expect(pairs(proposals)).toEqual([['asn-2', neighbour.nik, 'village']]);
  });

  it('starts a sponsor known only by a coarser code at that level', () => {
    const proposals = matchPool(pool, [sponsor('csr-1', '35.02.01', 10)]);
    expect(pairs(proposals)).toEqual([
      ['csr-1', inDistrict.nik, 'district'],
      ['csr-1', inVillage.nik, 'district'],
      ['csr-1', inRegency.nik, 'regency'],
    ]);
  });

  it('matches a sponsor without a home village only at the explicit `other` level', () => {
    expect(matchPool(pool, [sponsor('asn-x', null, 2)])).toEqual([]);
    expect(matchPool(pool, [sponsor('asn-x', null, 2)], { widest: 'province' })).toEqual([]);
    const proposals = matchPool(pool, [sponsor('asn-x', null, 2)], { widest: 'other' });
    expect(proposals.map((p) => p.level)).toEqual(['other', 'other']);
    expect(proposals[0]!.reason.en).toMatch(/^outside the sponsor's area, /);
  });
});

describe('among workers equally near', () => {
  it('takes the lower welfare decile first and an unknown decile last', () => {
    const unknown = worker(SLAHUNG_A, { welfareDecile: null, occupation: 'ojek' });
    const poorest = worker(SLAHUNG_A, { welfareDecile: 1 });
    const middle = worker(SLAHUNG_A, { welfareDecile: 5, occupation: 'ojek' });
    const proposals = matchPool([unknown, middle, poorest], [sponsor('asn-1', SLAHUNG_A, 3)]);
    expect(proposals.map((p) => p.nik)).toEqual([poorest.nik, middle.nik, unknown.nik]);
  });

  it('then the riskier occupation, unranked ones last, then the lower NIK', () => {
    const unranked = worker(SLAHUNG_A, { occupation: 'juru parkir liar' });
    const none = worker(SLAHUNG_A, { occupation: null });
    const low = worker(SLAHUNG_A, { occupation: 'Guru Ngaji' });
    const veryHigh = worker(SLAHUNG_A, { occupation: '  OJEK   online ' });
    const high = worker(SLAHUNG_A, { occupation: 'sopir' });
    const proposals = matchPool([unranked, none, low, veryHigh, high], [sponsor('asn-1', SLAHUNG_A, 5)]);
    expect(proposals.map((p) => p.nik)).toEqual([veryHigh.nik, high.nik, low.nik, unranked.nik, none.nik]);
  });

  it('says why in both languages, naming the place when a name is given', () => {
    const ojek = worker(SLAHUNG_A, { welfareDecile: 2, occupation: 'ojek' });
    const names = new Map([[SLAHUNG_A, 'Slahung']]);
    const [proposal] = matchPool([ojek], [sponsor('asn-1', SLAHUNG_A)], {
      regionName: (code) => names.get(code),
    });
    expect(proposal!.reason).toEqual({
      id: 'desa/kelurahan yang sama (Slahung), desil 2, ojek (risiko sangat tinggi)',
      en: 'same village (Slahung), decile 2, ojek (very high risk)',
    });
    const unknown = worker(BALONG_A, { welfareDecile: null, occupation: null });
    const [far] = matchPool([unknown], [sponsor('asn-1', SLAHUNG_A)]);
    expect(far!.reason).toEqual({
      id: 'kabupaten/kota yang sama (35.02), desil tidak diketahui, pekerjaan tidak tercatat',
      en: 'same regency/city (35.02), decile unknown, occupation not recorded',
    });
  });
});

describe('quotas and fairness', () => {
  it('lets sponsors of one area take turns, the one with most quota first', () => {
    const workers = [1, 2, 3, 4, 5].map((decile) => worker(SLAHUNG_A, { welfareDecile: decile }));
    const proposals = matchPool(workers, [sponsor('asn-b', SLAHUNG_A, 2), sponsor('asn-a', SLAHUNG_A, 3)]);
    expect(pairs(proposals)).toEqual([
      ['asn-a', workers[0]!.nik, 'village'],
      ['asn-a', workers[2]!.nik, 'village'],
      ['asn-a', workers[4]!.nik, 'village'],
      ['asn-b', workers[1]!.nik, 'village'],
      ['asn-b', workers[3]!.nik, 'village'],
    ]);
  });

  it('gives every sponsor one before any gets a second when workers are short', () => {
    const workers = [worker(SLAHUNG_A), worker(SLAHUNG_A)];
    const proposals = matchPool(workers, [sponsor('asn-a', SLAHUNG_A, 3), sponsor('asn-b', SLAHUNG_A, 3)]);
    expect(proposals.map((p) => p.sponsorId)).toEqual(['asn-a', 'asn-b']);
  });

  it('skips sponsors with no quota left, or more than used', () => {
    const workers = [worker(SLAHUNG_A), worker(SLAHUNG_A)];
    expect(matchPool(workers, [sponsor('asn-a', SLAHUNG_A, 0), sponsor('asn-b', SLAHUNG_A, -1)])).toEqual([]);
  });

  it('refuses input it cannot match deterministically', () => {
    const one = worker(SLAHUNG_A);
    expect(() => matchPool([one, { ...one }], [])).toThrow(RangeError);
    expect(() => matchPool([], [sponsor('a', SLAHUNG_A), sponsor('a', SLAHUNG_B)])).toThrow(RangeError);
    expect(() => matchPool([worker('35.02.01')], [])).toThrow(/not a village/);
    expect(() => matchPool([worker('35-02')], [])).toThrow(/not a region code/);
    expect(() => matchPool([worker(SLAHUNG_A, { welfareDecile: 0 })], [])).toThrow(/decile/);
    expect(() => matchPool([], [sponsor('a', SLAHUNG_A, 1.5)])).toThrow(/integer/);
  });
});

describe('what a sponsor declined', () => {
  it('is never proposed to that sponsor again, but still to the others', () => {
    const best = worker(SLAHUNG_A, { welfareDecile: 1 });
    const next = worker(SLAHUNG_A, { welfareDecile: 2 });
    const declined = new Map([['asn-a', new Set([best.nik])]]);
    const proposals = matchPool(
      [best, next],
      [sponsor('asn-a', SLAHUNG_A, 1), sponsor('asn-b', SLAHUNG_A, 1)],
      {
        declined,
      },
    );
    expect(pairs(proposals)).toEqual([
      ['asn-a', next.nik, 'village'],
      ['asn-b', best.nik, 'village'],
    ]);
  });

  it('sends the sponsor to the wider level when everyone near was declined', () => {
    const near = worker(SLAHUNG_A);
    const district = worker(SLAHUNG_B);
    const proposals = matchPool([near, district], [sponsor('asn-a', SLAHUNG_A, 1)], {
      declined: new Map([['asn-a', new Set([near.nik])]]),
    });
    expect(pairs(proposals)).toEqual([['asn-a', district.nik, 'district']]);
  });
});

describe('the birth dates of the pool', () => {
  it('are the ages checkEligibility admits, leap days included', () => {
    const days = fc.integer({ min: 0, max: 365 * 90 }).map((n) => addDays('1935-01-01', n));
    const onDays = fc.integer({ min: 0, max: 365 * 12 }).map((n) => addDays('2016-01-01', n));
    fc.assert(
      fc.property(days, onDays, (birthDate, on) => {
        const { bornOnOrBefore, bornAfter } = poolBirthDateBounds(on, ELIGIBILITY_RULES);
        const inPool = birthDate <= bornOnOrBefore && birthDate > bornAfter;
        const ageProblems = checkEligibility({ birthDate, villageCode: null }, {}, on).filter((p) =>
          p.code.startsWith('ELIGIBILITY_TOO_'),
        );
        expect(inPool).toBe(ageProblems.length === 0);
      }),
    );
  });

  it('let a leap-day child come of age on 28 February', () => {
    const on = formatIsoDate(2023, 2, 28);
    expect(ageInYears('2008-02-29', on)).toBe(15);
    expect(poolBirthDateBounds(on, ELIGIBILITY_RULES)).toEqual({
      bornOnOrBefore: '2008-02-29',
      bornAfter: '1958-02-28',
    });
  });
});

describe('occupation risk', () => {
  it('ranks the occupations domain-rules §8 targets, ignoring case and spacing', () => {
    for (const name of [
      'petani',
      'petani tembakau',
      'buruh tani',
      'pedagang',
      'asisten rumah tangga',
      'ojek',
      'ojek online',
      'sopir',
      'tukang becak',
      'marbot',
      'guru ngaji',
      'tukang sapu jalan',
      'linmas',
      'pemulung',
      'buruh serabutan',
      'buruh bangunan',
      'nelayan',
      'seniman',
    ]) {
      expect(occupationRiskRank(` ${name.toUpperCase().replace(' ', '   ')} `), name).toBeDefined();
    }
    expect(occupationRiskRank('Ojek Online')).toBe(4);
    expect(occupationRiskRank('astronot')).toBeUndefined();
    expect(occupationRiskRank(null)).toBeUndefined();
  });

  it('holds each name once, already normalised', () => {
    const names = OCCUPATION_RISK.entries.flatMap((entry) => entry.names);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(normaliseOccupation(name)).toBe(name);
  });
});

/** mulberry32: a tiny seeded PRNG, so generated data is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const VILLAGES = ['35.02.01.2001', '35.02.01.2002', '35.02.02.2001', '35.02.02.2002', '35.02.03.2001'];
const SPONSOR_AREAS = [...VILLAGES, '35.02.01', '35.02'];
const OCCUPATIONS = ['ojek', 'petani', 'guru ngaji', 'sopir', 'tidak dikenal', null];

const poolArbitrary = fc.uniqueArray(
  fc.record({
    nik: fc.stringMatching(/^3502\d{12}$/),
    villageCode: fc.constantFrom(...VILLAGES),
    welfareDecile: fc.option(fc.integer({ min: 1, max: 10 })),
    occupation: fc.constantFrom(...OCCUPATIONS),
  }),
  { selector: (w) => w.nik, maxLength: 40 },
);
const sponsorsArbitrary = fc.uniqueArray(
  fc.record({
    sponsorId: fc.stringMatching(/^[a-z0-9-]{1,6}$/),
    villageCode: fc.constantFrom(...SPONSOR_AREAS),
    remaining: fc.integer({ min: -1, max: 4 }),
  }),
  { selector: (s) => s.sponsorId, maxLength: 15 },
);

function sharesAt(level: MatchLevel, workerCode: string, sponsorCode: string): boolean {
  const parts = { village: 4, district: 3, regency: 2, province: 1, other: 0 }[level];
  const sponsorParts = sponsorCode.split('.');
  return (
    sponsorParts.length >= parts &&
    workerCode.split('.').slice(0, parts).join('.') === sponsorParts.slice(0, parts).join('.')
  );
}

describe('properties', () => {
  it('gives identical output for any order of the same input', () => {
    fc.assert(
      fc.property(poolArbitrary, sponsorsArbitrary, fc.integer(), (workers, sponsors, seed) => {
        const first = JSON.stringify(matchPool(workers, sponsors));
        const again = JSON.stringify(matchPool(shuffled(workers, seed), shuffled(sponsors, seed + 1)));
        expect(again).toBe(first);
      }),
    );
  });

  it('respects quotas, uses each worker once, and fills min(pool, quota) within one regency', () => {
    fc.assert(
      fc.property(poolArbitrary, sponsorsArbitrary, (workers, sponsors) => {
        const proposals = matchPool(workers, sponsors);
        const quota = new Map(sponsors.map((s) => [s.sponsorId, s.remaining]));
        const used = new Map<string, number>();
        for (const p of proposals) used.set(p.sponsorId, (used.get(p.sponsorId) ?? 0) + 1);
        for (const [id, count] of used) expect(count).toBeLessThanOrEqual(quota.get(id)!);
        expect(new Set(proposals.map((p) => p.nik)).size).toBe(proposals.length);
        const totalQuota = sponsors.reduce((sum, s) => sum + Math.max(0, s.remaining), 0);
        expect(proposals.length).toBe(Math.min(workers.length, totalQuota));
      }),
    );
  });

  it('labels each proposal with the narrowest area worker and sponsor share', () => {
    fc.assert(
      fc.property(poolArbitrary, sponsorsArbitrary, (workers, sponsors) => {
        const home = new Map(workers.map((w) => [w.nik, w.villageCode]));
        const area = new Map(sponsors.map((s) => [s.sponsorId, s.villageCode]));
        for (const p of matchPool(workers, sponsors)) {
          const narrowest = MATCH_LEVELS.find((level) =>
            sharesAt(level, home.get(p.nik)!, area.get(p.sponsorId)!),
          );
          expect(p.level).toBe(narrowest);
        }
      }),
    );
  });
});

describe('scale', () => {
  it('matches 150,000 pool workers to 14,000 sponsors in under 5 s', () => {
    const random = prng(35_02);
    const villages: string[] = [];
    for (let district = 1; district <= 21; district++) {
      for (let village = 1; village <= 15; village++) {
        villages.push(`35.02.${String(district).padStart(2, '0')}.${2000 + village}`);
      }
    }
    const occupations = OCCUPATION_RISK.entries.map((entry) => entry.names[0]!);
    const workers: PoolWorker[] = Array.from({ length: 150_000 }, (_, i) => ({
      nik: `3502${String(i).padStart(12, '0')}`,
      villageCode: villages[Math.floor(random() * villages.length)]!,
      welfareDecile: random() < 0.9 ? 1 + Math.floor(random() * 10) : null,
      occupation: occupations[Math.floor(random() * occupations.length)]!,
    }));
    const sponsors: MatchSponsor[] = Array.from({ length: 14_000 }, (_, i) => ({
      sponsorId: `asn-${String(i).padStart(5, '0')}`,
      villageCode: random() < 0.95 ? villages[Math.floor(random() * villages.length)]! : '35.02',
      remaining: 2 + Math.floor(random() * 2),
    }));
    const started = performance.now();
    const proposals = matchPool(shuffled(workers, 1), shuffled(sponsors, 2));
    const elapsed = performance.now() - started;
    expect(proposals.length).toBe(sponsors.reduce((sum, s) => sum + s.remaining, 0));
    expect(elapsed).toBeLessThan(5_000);
    // Generating and shuffling the data is not what is measured: it may take the default timeout's time.
  }, 30_000);
});
