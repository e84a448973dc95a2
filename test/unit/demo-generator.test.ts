import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageInYears } from '../../src/core/calendar.ts';
import { checkNikAgainst, parseNik } from '../../src/core/identifiers/nik.ts';
import { parseNip } from '../../src/core/identifiers/nip.ts';
import { obligationOn, PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import { ASN_COLUMNS } from '../../src/core/registry/asn-row.ts';
import { WORKER_COLUMNS } from '../../src/core/registry/worker-row.ts';
import { transitionProblem } from '../../src/core/sponsorship-lifecycle.ts';
import { OCCUPATIONS, PNS_SALARY, PPPK_SALARY } from '../../src/demo/demo-data.ts';
import { asnCells, csvLine, writeDemoFiles } from '../../src/demo/demo-files.ts';
import {
  type DemoAsn,
  type DemoRegions,
  type DemoWorker,
  generateAsn,
  planOpds,
} from '../../src/demo/demo-generator.ts';
import { DEMO_MONTH, DEMO_TODAY } from '../../src/demo/demo-history.ts';
import { DEMO_REFERENCE_DATE } from '../../src/demo/demo-people.ts';
import { readDemoRegions } from '../../src/demo/demo-regions.ts';
import {
  type DemoPlanInput,
  type PlannedSponsorship,
  planDemoSponsorships,
} from '../../src/demo/demo-sponsorships.ts';
import { generateFarmers, generateWorkers } from '../../src/demo/demo-workers.ts';

const today = DEMO_REFERENCE_DATE;
let ponorogo: DemoRegions;
let roster: DemoAsn[];
let workers: DemoWorker[];
let villages: Set<string>;
let folder: string;

beforeAll(async () => {
  ponorogo = await readDemoRegions('35.02');
  villages = new Set(ponorogo.districts.flatMap((district) => district.villages));
  roster = [...generateAsn(ponorogo, { seed: 1, count: 14_000 })];
  workers = [...generateWorkers(ponorogo, { seed: 1, count: 60_000 })];
  folder = await mkdtemp(join(tmpdir(), 'asuh-demo-unit-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const share = <T>(rows: readonly T[], test: (row: T) => boolean) => rows.filter(test).length / rows.length;
const monthNumber = (yearMonth: string) =>
  Number(yearMonth.slice(0, 4)) * 12 + Number(yearMonth.slice(5, 7)) - 1;

describe('the region tree the demo draws from', () => {
  it('is Kabupaten Ponorogo with its 21 districts and their villages', () => {
    expect(ponorogo.name).toBe('Kabupaten Ponorogo');
    expect(ponorogo.provinceName).toBe('Jawa Timur');
    expect(ponorogo.districts).toHaveLength(21);
    expect(ponorogo.districts[0]).toMatchObject({ code: '35.02.01', name: 'Slahung' });
    expect(villages.size).toBe(307);
  });

  it('refuses what is not a regency or city, and codes that do not exist', async () => {
    await expect(readDemoRegions('35')).rejects.toMatchObject({ problem: { code: 'DEMO_PEMDA_LEVEL' } });
    await expect(readDemoRegions('35.99')).rejects.toMatchObject({ problem: { code: 'REGION_NOT_FOUND' } });
    await expect(readDemoRegions('Ponorogo')).rejects.toMatchObject({
      problem: { code: 'INVALID_REGION_CODE' },
    });
  });
});

describe('determinism', () => {
  it('gives the same rows for the same seed and different ones for another seed', () => {
    const again = [...generateAsn(ponorogo, { seed: 1, count: 14_000 })];
    expect(again).toEqual(roster);
    expect([...generateWorkers(ponorogo, { seed: 1, count: 60_000 })]).toEqual(workers);

    const otherAsn = [...generateAsn(ponorogo, { seed: 2, count: 500 })];
    const otherWorkers = [...generateWorkers(ponorogo, { seed: 2, count: 500 })];
    expect(otherAsn.map((row) => row.nip)).not.toEqual(roster.slice(0, 500).map((row) => row.nip));
    const seedOne = new Set(workers.slice(0, 500).map((row) => row.nik));
    expect(otherWorkers.filter((row) => seedOne.has(row.nik)).length).toBeLessThan(25);
  });

  it('makes a smaller registry the first rows of a larger one, so files of any size agree', () => {
    expect([...generateWorkers(ponorogo, { seed: 1, count: 1_000 })]).toEqual(workers.slice(0, 1_000));
  });

  it('writes byte-identical files for the same seed', async () => {
    const options = { seed: 7, asn: 300, workers: 2_000 };
    const first = await writeDemoFiles(join(folder, 'a'), ponorogo, options);
    const second = await writeDemoFiles(join(folder, 'b'), ponorogo, options);
    expect(await readFile(first.asn.path)).toEqual(await readFile(second.asn.path));
    expect(await readFile(first.workers.path)).toEqual(await readFile(second.workers.path));
    const other = await writeDemoFiles(join(folder, 'c'), ponorogo, { ...options, seed: 8 });
    expect(await readFile(other.workers.path)).not.toEqual(await readFile(first.workers.path));
  });
});

describe('the OPDs', () => {
  it('are a regency’s departments with one Kecamatan office per district', () => {
    const opds = planOpds(ponorogo, 14_000);
    const names = opds.map((opd) => opd.name);
    expect(names).toHaveLength(29 + 21);
    for (const name of [
      'Sekretariat Daerah',
      'Sekretariat DPRD',
      'Inspektorat',
      'BKPSDM',
      'Dinas Pendidikan dan Kebudayaan',
      'Dinas Kesehatan',
      'RSUD dr. Harjono',
      'Dinas Kependudukan dan Pencatatan Sipil',
      'Bakesbangpol',
      'Kecamatan Slahung',
      'Kecamatan Pudak',
    ]) {
      expect(names).toContain(name);
    }
    expect(new Set(roster.map((row) => row.opd))).toEqual(new Set(names));
  });

  it('put most ASN in schools and health care', () => {
    const teaching = share(roster, (row) => row.opd === 'Dinas Pendidikan dan Kebudayaan');
    const health = share(roster, (row) => row.opd === 'Dinas Kesehatan' || row.opd === 'RSUD dr. Harjono');
    expect(teaching).toBeGreaterThan(0.45);
    expect(teaching + health).toBeGreaterThan(0.7);
  });

  it('add up to the roster size, whatever it is', () => {
    for (const count of [0, 7, 200, 14_000, 31_337]) {
      const opds = planOpds(ponorogo, count);
      expect(opds.reduce((sum, opd) => sum + opd.size, 0)).toBe(count);
      for (const opd of opds)
        expect(opd.posts.II + opd.posts.III + opd.posts.IV).toBeLessThanOrEqual(opd.size);
    }
    expect([...generateAsn(ponorogo, { seed: 3, count: 200 })]).toHaveLength(200);
  });
});

describe('the ASN roster', () => {
  it('has the structure of a regency: 35 echelon II, 200 echelon III, 700 echelon IV, all PNS', () => {
    const count = (echelon: string) => roster.filter((row) => row.echelon === echelon).length;
    expect([count('II'), count('III'), count('IV')]).toEqual([35, 200, 700]);
    expect(roster.filter((row) => row.echelon !== null).every((row) => row.employmentType === 'PNS')).toBe(
      true,
    );
    const heads = roster.filter((row) => row.echelon === 'II');
    expect(heads.every((row) => ['IV/c', 'IV/d', 'IV/e'].includes(row.rank!))).toBe(true);
  });

  it('mixes about 65% PNS, 25% PPPK and 10% non-ASN staff', () => {
    expect(Math.abs(share(roster, (row) => row.employmentType === 'PNS') - 0.65)).toBeLessThan(0.02);
    expect(Math.abs(share(roster, (row) => row.employmentType === 'PPPK') - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(share(roster, (row) => row.employmentType === 'NON_ASN') - 0.1)).toBeLessThan(0.02);
  });

  it('gives golongan and base salary that fit the employment type and the pay tables', () => {
    const pns = new Map(PNS_SALARY.map((scale) => [scale.rank, scale]));
    const pppk = new Map(PPPK_SALARY.map((scale) => [scale.rank, scale]));
    for (const row of roster) {
      const table = row.employmentType === 'PNS' ? pns : row.employmentType === 'PPPK' ? pppk : null;
      if (!table) {
        expect(row.rank).toBeNull();
        expect(row.echelon).toBeNull();
        expect(row.baseSalary).toBeGreaterThanOrEqual(1_700_000);
        expect(row.baseSalary).toBeLessThanOrEqual(2_900_000);
        continue;
      }
      const scale = table.get(row.rank!);
      expect(scale, `${row.employmentType} ${row.rank}`).toBeDefined();
      expect(row.baseSalary).toBeGreaterThanOrEqual(scale!.min);
      expect(row.baseSalary).toBeLessThanOrEqual(scale!.max);
      expect(row.baseSalary % 100).toBe(0);
    }
    const thirdA = roster.filter((row) => row.rank === 'III/a');
    expect(thirdA.length).toBeGreaterThan(100);
    expect(thirdA.every((row) => row.baseSalary >= 2_785_700 && row.baseSalary <= 4_575_200)).toBe(true);
  });

  it('has unique NIPs that parse and agree with the person: birth date, sex, appointment at 18–35', () => {
    expect(new Set(roster.map((row) => row.nip)).size).toBe(roster.length);
    for (const row of roster) {
      const parsed = parseNip(row.nip, { today });
      expect(parsed.errors, row.nip).toEqual([]);
      expect(parsed.fields).toMatchObject({
        birthDate: row.birthDate,
        sex: row.sex,
        appointmentMonth: row.appointmentMonth,
      });
      expect(row.birthDate >= '1965-01-01' && row.birthDate <= '2001-12-31').toBe(true);
      const appointed = monthNumber(row.appointmentMonth);
      const born = monthNumber(row.birthDate);
      expect(appointed).toBeLessThanOrEqual(monthNumber('2025-12'));
      expect(appointed - born).toBeGreaterThanOrEqual(18 * 12);
      // PPPK date from their first rounds (2019), when many were long-serving honorary staff.
      if (row.employmentType === 'PPPK') expect(row.appointmentMonth >= '2019-01').toBe(true);
      else expect(appointed - born).toBeLessThan(36 * 12);
    }
  });

  it('live in the Pemda’s villages, Kecamatan staff mostly in their own district', () => {
    expect(roster.every((row) => villages.has(row.villageCode))).toBe(true);
    const slahung = roster.filter((row) => row.opd === 'Kecamatan Slahung');
    expect(share(slahung, (row) => row.villageCode.startsWith('35.02.01.'))).toBeGreaterThan(0.5);
  });

  it('carry the titles rosters write: degrees after the name, dr. and Drs. before it', () => {
    const names = roster.map((row) => row.name);
    expect(names.every((name) => name.trim() === name && !name.includes('  '))).toBe(true);
    expect(share(roster, (row) => row.name.includes('S.Pd.'))).toBeGreaterThan(0.25);
    expect(names.some((name) => name.startsWith('dr. '))).toBe(true);
    expect(names.some((name) => /^Dr[sa]\. /.test(name))).toBe(true);
    expect(names.some((name) => /, S\.Kep\.$|^Ns\. /.test(name))).toBe(true);
    expect(names.some((name) => /, M\.(Si|Pd|Kes|M|AP)\.$/.test(name))).toBe(true);
  });
});

describe('the worker registry', () => {
  it('has unique NIKs issued in the Pemda’s districts, each valid', () => {
    expect(new Set(workers.map((row) => row.nik)).size).toBe(workers.length);
    const districts = new Set(ponorogo.districts.map((district) => district.code));
    for (const row of workers) {
      const parsed = parseNik(row.nik, { today });
      expect(parsed.errors, row.nik).toEqual([]);
      expect(districts.has(parsed.fields!.districtCode!)).toBe(true);
    }
  });

  it('agrees with each NIK’s birth date and sex, except in exactly the flagged ~0.5%', () => {
    const flagged = workers.filter((row) => row.birthDateDisagrees);
    expect(flagged.length / workers.length).toBeGreaterThan(0.003);
    expect(flagged.length / workers.length).toBeLessThan(0.007);
    for (const row of workers) {
      const warnings = checkNikAgainst(parseNik(row.nik, { today }).fields!, row).map(
        (warning) => warning.code,
      );
      expect(warnings, row.nik).toEqual(row.birthDateDisagrees ? ['NIK_BIRTH_DATE_MISMATCH'] : []);
    }
  });

  it('are 17–64 years old and live in the Pemda', () => {
    for (const row of workers) {
      const age = ageInYears(row.birthDate, today);
      expect(age >= 17 && age <= 64, `${row.nik} ${row.birthDate}`).toBe(true);
      expect(villages.has(row.villageCode)).toBe(true);
    }
  });

  it('work in the targeted occupations, with transport as the sector of ojek and sopir', () => {
    const known = new Map(OCCUPATIONS.map((occupation) => [occupation.name, occupation.sector]));
    expect(workers.every((row) => known.get(row.occupation) === row.sector)).toBe(true);
    expect(workers.filter((row) => row.occupation === 'ojek' || row.occupation === 'sopir')).not.toHaveLength(
      0,
    );
    expect(
      workers
        .filter((row) => row.occupation === 'ojek' || row.occupation === 'sopir')
        .every((row) => row.sector === 'transport'),
    ).toBe(true);
    expect(share(workers, (row) => row.sector === 'transport')).toBeGreaterThan(0.06);
    expect(share(workers, (row) => row.sector === 'transport')).toBeLessThan(0.12);
    expect(share(workers, (row) => row.sector === 'pertanian')).toBeGreaterThan(0.35);
    expect(workers.some((row) => /nelayan|ikan/.test(row.occupation))).toBe(false);
    const household = workers.filter((row) => row.occupation === 'asisten rumah tangga');
    expect(share(household, (row) => row.sex === 'female')).toBeGreaterThan(0.85);
  });

  it('mostly have a mobile number and a low welfare decile', () => {
    const phones = workers.filter((row) => row.phone !== null);
    expect(phones.length / workers.length).toBeGreaterThan(0.8);
    expect(phones.every((row) => /^08\d{9,11}$/.test(row.phone!))).toBe(true);
    const ranked = workers.filter((row) => row.welfareDecile !== null);
    expect(ranked.every((row) => row.welfareDecile! >= 1 && row.welfareDecile! <= 10)).toBe(true);
    expect(share(ranked, (row) => row.welfareDecile! <= 4)).toBeGreaterThan(0.6);
    expect(share(ranked, (row) => row.welfareDecile! >= 8)).toBeLessThan(0.15);
  });
});

describe('the import files', () => {
  it('quote names with commas so that a CSV reader gets the same cells back', () => {
    const titled = roster.find((row) => row.name.includes(','))!;
    const [parsed] = parse(csvLine(ASN_COLUMNS.map((column) => asnCells(titled)[column]))) as string[][];
    expect(parsed).toEqual(ASN_COLUMNS.map((column) => asnCells(titled)[column]));
    expect(csvLine(['a "quoted" word', 'plain'])).toBe('"a ""quoted"" word",plain\n');
  });

  it('hold the import columns and one line per row', async () => {
    const files = await writeDemoFiles(join(folder, 'd'), ponorogo, { seed: 1, asn: 250, workers: 1_200 });
    const asn = parse(await readFile(files.asn.path, 'utf8'), { columns: true }) as Record<string, string>[];
    const registry = parse(await readFile(files.workers.path, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(asn[0]!)).toEqual([...ASN_COLUMNS]);
    expect(Object.keys(registry[0]!)).toEqual([...WORKER_COLUMNS]);
    expect([asn.length, registry.length, files.asn.rows, files.workers.rows]).toEqual([
      250, 1_200, 250, 1_200,
    ]);
    expect(registry[0]).toEqual({
      nik: workers[0]!.nik,
      nama: workers[0]!.name,
      tanggal_lahir: workers[0]!.birthDate,
      jenis_kelamin: workers[0]!.sex === 'female' ? 'P' : 'L',
      pekerjaan: workers[0]!.occupation,
      sektor: workers[0]!.sector,
      kode_desa: workers[0]!.villageCode,
      no_hp: workers[0]!.phone ?? '',
      desil: String(workers[0]!.welfareDecile ?? ''),
    });
    expect(new Set(asn.map((row) => row.jenis_pegawai))).toEqual(new Set(['PNS', 'PPPK', 'Non ASN']));
    expect(asn.every((row) => /^\d+$/.test(row.gaji_pokok!))).toBe(true);
  });
});

const TOBACCO_DISTRICTS = ['Bungkal', 'Balong', 'Jambon', 'Sampung', 'Badegan', 'Kauman'];

describe('the cohort’s tobacco farmers', () => {
  const indexes = () =>
    ponorogo.districts.flatMap((district, index) =>
      TOBACCO_DISTRICTS.includes(district.name) ? [index] : [],
    );
  const farmers = () =>
    generateFarmers(ponorogo, {
      seed: 1,
      count: 3_000,
      occupation: 'petani tembakau',
      districtIndexes: indexes(),
    });

  it('grow tobacco in the tobacco districts, with valid NIKs none of the registry’s has', () => {
    const rows = [...farmers()];
    const codes = new Set(indexes().map((index) => ponorogo.districts[index]!.code));
    expect(codes.size).toBe(6);
    expect(rows.every((row) => row.occupation === 'petani tembakau' && row.sector === 'pertanian')).toBe(
      true,
    );
    expect(rows.every((row) => codes.has(row.villageCode.slice(0, 8)))).toBe(true);
    const registry = new Set(workers.map((row) => row.nik));
    expect(new Set(rows.map((row) => row.nik)).size).toBe(rows.length);
    expect(rows.filter((row) => registry.has(row.nik))).toEqual([]);
    for (const row of rows) expect(parseNik(row.nik, { today }).errors, row.nik).toEqual([]);
    expect([...farmers()]).toEqual(rows);
  });

  it('refuses an occupation the demo does not know', () => {
    expect(() => [
      ...generateFarmers(ponorogo, { seed: 1, count: 1, occupation: 'nelayan', districtIndexes: [0] }),
    ]).toThrow('not a demo occupation: nelayan');
  });
});

describe('the demo’s sponsorships', () => {
  const policy = PONOROGO_ASN_ORANG_TUA_ASUH;
  let input: DemoPlanInput;
  let plan: PlannedSponsorship[];

  beforeAll(() => {
    const opdIds = new Map(planOpds(ponorogo, roster.length).map((opd, index) => [opd.name, index + 1]));
    const districtIndexes = ponorogo.districts.flatMap((district, index) =>
      TOBACCO_DISTRICTS.includes(district.name) ? [index] : [],
    );
    const farmers = [
      ...generateFarmers(ponorogo, { seed: 1, count: 4_500, occupation: 'petani tembakau', districtIndexes }),
    ];
    input = {
      seed: 1,
      pemdaCode: '35.02',
      utcOffsetHours: 7,
      policy,
      asn: roster.map((row) => ({
        nip: row.nip,
        employmentType: row.employmentType,
        echelon: row.echelon,
        opdId: opdIds.get(row.opd)!,
        villageCode: row.villageCode,
        active: true,
        sponsoring: false,
      })),
      workers: [...workers, ...farmers].map((row) => ({
        nik: row.nik,
        villageCode: row.villageCode,
        welfareDecile: row.welfareDecile,
        occupation: row.occupation,
        birthDate: row.birthDate,
        deceasedOn: null,
        activeElsewhere: false,
        sponsored: false,
      })),
      cohort: {
        target: 5_014,
        members: 0,
        districtCodes: districtIndexes.map((index) => ponorogo.districts[index]!.code),
        firstMonth: '2024-01',
      },
      csr: { areaCode: '35.02.02', members: 0 },
      takenKpj: new Set(),
    };
    plan = planDemoSponsorships(input);
  }, 60_000);

  const of = (programme: string) => plan.filter((row) => row.programme === programme);

  it('sponsors each worker once: 5,014 farmers, 230 of the company’s 250, the rest by ASN', () => {
    expect(new Set(plan.map((row) => row.nik)).size).toBe(plan.length);
    expect(of('cohort')).toHaveLength(5_014);
    expect(of('csr')).toHaveLength(230);
    expect(of('policy').length).toBeGreaterThan(25_000);
  });

  it('meets Ponorogo’s policy for ~80% of the obliged ASN, one short for ~12%, none for ~8%', () => {
    const held = new Map<string, number>();
    for (const row of of('policy')) {
      if (row.status === 'ended' || row.status === 'rejected') continue;
      held.set(row.nip!, (held.get(row.nip!) ?? 0) + 1);
    }
    const statuses = input.asn.map((asn) => obligationOn(asn, policy, DEMO_TODAY, held.get(asn.nip) ?? 0));
    const obliged = statuses.filter((obligation) => obligation.required > 0);
    const part = (test: (obligation: (typeof obliged)[number]) => boolean) => share(obliged, test);
    expect(obliged.length).toBeGreaterThan(12_000);
    expect(part((o) => o.status === 'met')).toBeCloseTo(0.8, 1);
    expect(part((o) => o.short === 1)).toBeCloseTo(0.12, 1);
    expect(part((o) => o.short === 2)).toBeCloseTo(0.08, 1);
    expect(statuses.filter((obligation) => obligation.status === 'over_limit')).toEqual([]);
    const echelonII = input.asn.filter((asn) => asn.echelon === 'II');
    const met = echelonII.filter(
      (asn) => obligationOn(asn, policy, '2024-01-15', held.get(asn.nip) ?? 0).status === 'met',
    );
    expect(met.length / echelonII.length).toBeGreaterThan(0.9);
  });

  it('moves each sponsorship only as the lifecycle allows, in order, before the demo’s today', () => {
    const today = Date.parse(`${DEMO_TODAY}T00:00:00+07:00`);
    const wrong: string[] = [];
    for (const row of plan) {
      const { events } = row;
      if (events[0]!.from !== null || events[0]!.to !== 'proposed')
        wrong.push(`${row.nik} starts ${events[0]!.to}`);
      if (events.at(-1)!.to !== row.status)
        wrong.push(`${row.nik} ends ${events.at(-1)!.to}, not ${row.status}`);
      events.forEach((event, index) => {
        const at = Date.parse(event.at);
        if (!(at < today)) wrong.push(`${row.nik} ${event.to} on ${event.at}`);
        const before = events[index - 1];
        if (!before) return;
        if (event.from !== before.to || transitionProblem(event.from, event.to) !== null) {
          wrong.push(`${row.nik} ${before.to} → ${event.from} → ${event.to}`);
        }
        if (!(at > Date.parse(before.at))) wrong.push(`${row.nik} ${event.to} not after ${before.to}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('starts what is on its way in the demo’s month, what is paid before it, and ends before it', () => {
    const wrong = plan.filter((row) => {
      const pending = ['proposed', 'verified', 'enrolled'].includes(row.status);
      return (
        row.firstMonth < '2024-01' ||
        (pending && row.firstMonth !== DEMO_MONTH) ||
        (row.status === 'active' && row.firstMonth >= DEMO_MONTH) ||
        (row.status === 'ended' && !(row.endMonth! <= DEMO_MONTH && row.endMonth! > row.firstMonth)) ||
        (row.status === 'rejected' && row.endMonth !== row.firstMonth)
      );
    });
    expect(wrong).toEqual([]);
    expect(new Set(plan.map((row) => row.status))).toEqual(
      new Set(['proposed', 'verified', 'enrolled', 'active', 'ended', 'rejected']),
    );
  });

  it('numbers every enrolled worker with a KPJ of its own, 11 digits', () => {
    const enrolled = plan.filter((row) => row.events.some((event) => event.to === 'enrolled'));
    expect(enrolled.every((row) => /^\d{11}$/.test(row.kpj!))).toBe(true);
    expect(new Set(enrolled.map((row) => row.kpj)).size).toBe(enrolled.length);
    expect(plan.filter((row) => row.kpj !== null)).toHaveLength(enrolled.length);
    const rejectedByBranch = plan.filter((row) => row.activeElsewhereOn !== null);
    expect(rejectedByBranch.length).toBeGreaterThan(0);
    expect(rejectedByBranch.every((row) => row.status === 'rejected')).toBe(true);
  });

  it('is the same plan for the same seed and another for another seed', { timeout: 60_000 }, () => {
    expect(planDemoSponsorships(input)).toEqual(plan);
    const other = planDemoSponsorships({ ...input, seed: 2 });
    expect(other.map((row) => `${row.nip} ${row.nik} ${row.status}`)).not.toEqual(
      plan.map((row) => `${row.nip} ${row.nik} ${row.status}`),
    );
  });

  it('leaves alone the ASN who sponsor already, the workers sponsored already and full programmes', {
    timeout: 60_000,
  }, () => {
    const sponsoring = new Set(
      of('policy')
        .slice(0, 5_000)
        .map((row) => row.nip),
    );
    const sponsored = new Set(plan.slice(0, 10_000).map((row) => row.nik));
    const again = planDemoSponsorships({
      ...input,
      asn: input.asn.map((asn) => ({ ...asn, sponsoring: sponsoring.has(asn.nip) })),
      workers: input.workers.map((worker) => ({ ...worker, sponsored: sponsored.has(worker.nik) })),
      cohort: { ...input.cohort, members: 5_014 },
      csr: { ...input.csr, members: 230 },
    });
    expect(again.filter((row) => row.programme !== 'policy')).toEqual([]);
    expect(again.filter((row) => sponsoring.has(row.nip) || sponsored.has(row.nik))).toEqual([]);
  });
});
