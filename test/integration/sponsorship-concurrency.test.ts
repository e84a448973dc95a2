import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { isOnePayerViolation } from '../../src/features/sponsorship/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Ten civil servants of Ponorogo ask, at the same moment and each over a request of their own, to
 * sponsor the same worker; one of them asks for five workers at once under a policy that allows
 * three. On PostgreSQL every request runs in its own transaction on its own connection.
 */
let db: Database;
let app: FastifyInstance;
const actors = new Map<string, Actor>();

const nip = (serial: number) =>
  formatNip({ birthDate: '1981-02-03', appointmentMonth: '2006-01', sex: 'female', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1988-04-12', sex: 'male', serial });
const CONTESTED = nik(1);
const MANY = [2, 3, 4, 5, 6].map(nik);

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  const opd = await seedOpd(db, '35.02', 'Dinas Pertanian');
  await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  await seedWorkers(
    db,
    '35.02',
    [CONTESTED, ...MANY].map((value) => ({ nik: value })),
  );
  for (let serial = 1; serial <= 10; serial++) {
    await seedAsn(db, '35.02', opd, { nip: nip(serial), name: `ASN ${serial}` });
    actors.set(
      String(serial),
      await seedActor(db, { username: `asn${serial}`, role: 'asn', pemdaCode: '35.02', nip: nip(serial) }),
    );
  }
  app = await buildApp({
    db,
    webDir: null,
    actorOverride: (request) => actors.get(String(request.headers['x-test-asn'])) ?? null,
  });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const propose = (asn: number, worker: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/sponsorships',
    payload: { nik: worker, relationship: 'neighbour' },
    headers: { 'x-test-asn': String(asn), 'accept-language': 'en' },
  });

describe('one payer per month under concurrent attempts', () => {
  it('lets exactly one of ten simultaneous sponsors take the worker; the others read why', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => propose(i + 1, CONTESTED)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = responses.find((response) => response.statusCode === 201)!.json();
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      const { error } = response.json();
      expect(error.code).toBe('SPONSORSHIP_ALREADY_COVERED');
      expect(error.message).toBe(
        `This worker is already covered for ${winner.firstMonth} onwards. A worker has one payer for any month.`,
      );
      // None of the losers pays, so none of them learns who does.
      expect(error.details.sponsors).toBeUndefined();
    }
    const rows = await db.query('SELECT id FROM sponsorship WHERE nik = $1', [CONTESTED]);
    expect(rows).toHaveLength(1);
  });

  it('keeps the limit of the policy when one ASN adds five workers at once', async () => {
    const responses = await Promise.all(MANY.map((worker) => propose(2, worker)));
    const codes = responses.map((response) =>
      response.statusCode === 201 ? 'created' : response.json().error.code,
    );
    expect(codes.filter((code) => code === 'created')).toHaveLength(3);
    expect(codes.filter((code) => code === 'POLICY_MAX_REACHED')).toHaveLength(2);
  });

  it('is held by the database itself, whatever the code does', async () => {
    const [sponsor] = await db.query<{ id: number }>(`SELECT id FROM sponsor WHERE nip = $1`, [nip(2)]);
    const [programme] = await db.query<{ id: number }>('SELECT id FROM programme');
    const attempt = db.transaction((tx) =>
      tx.query(
        `INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                                  first_month, status)
         VALUES ('35.02', $1, $2, $3, 'family', ARRAY['jkk', 'jkm'], 1000000, '2030-01-01', 'proposed')`,
        [programme!.id, sponsor!.id, CONTESTED],
      ),
    );
    const error = await attempt.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(isOnePayerViolation(error)).toBe(true);
  });
});
