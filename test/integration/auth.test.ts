import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database } from '../../src/db/database.ts';
import {
  type AuthService,
  authPlugin,
  createAuthService,
  setSessionCookie,
} from '../../src/features/auth/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;
let app: FastifyInstance;
let auth: AuthService;
let opdId: number;
let otherOpdId: number;
const PASSWORD = 'kata-sandi-rahasia-1';
const ASN_NIP = formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'female', serial: 1 });
const OTHER_ASN_NIP = formatNip({
  birthDate: '1982-02-03',
  appointmentMonth: '2007-01',
  sex: 'male',
  serial: 2,
});

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '35.03']) {
    await db.query('INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1', [code]);
  }
  const opds = await db.query<{ id: number }>(
    `INSERT INTO opd (pemda_code, name, name_key)
     VALUES ('35.02', 'Dinas Pendidikan', 'dinas pendidikan'), ('35.03', 'Dinas Sosial', 'dinas sosial')
     RETURNING id`,
  );
  opdId = opds[0]!.id;
  otherOpdId = opds[1]!.id;
  await db.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, base_salary)
     VALUES ($1, '35.02', $2, 'Sri Wahyuni', 'PNS', 3500000), ($3, '35.03', $4, 'Agus Salim', 'PNS', 3200000)`,
    [ASN_NIP, opdId, OTHER_ASN_NIP, otherOpdId],
  );
  await db.query("INSERT INTO organisation (name) VALUES ('PT Maju Bersama')");
  auth = createAuthService({ db });
  app = await buildApp({ db, webDir: null });
  await auth.createUser(
    {
      username: 'admin.ponorogo',
      displayName: 'Admin Ponorogo',
      password: PASSWORD,
      role: 'pemda_admin',
      pemdaCode: '35.02',
    },
    null,
  );
  await auth.createUser(
    {
      username: 'admin.trenggalek',
      displayName: 'Admin Trenggalek',
      password: PASSWORD,
      role: 'pemda_admin',
      pemdaCode: '35.03',
    },
    null,
  );
  await auth.createUser(
    { username: 'pusat', displayName: 'Pemantau Pusat', password: PASSWORD, role: 'national' },
    null,
  );
});

afterAll(async () => {
  await app.close();
  await db.close();
});

/** Each test signs in from its own address, so the per-address limit of one never trips another. */
async function signIn(username: string, password: string, remoteAddress: string, language?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress,
    headers: language ? { 'accept-language': language } : {},
  });
  const setCookie = String(response.headers['set-cookie'] ?? '');
  const token = /asuh_session=([^;]*)/.exec(setCookie)?.[1];
  return { response, setCookie, cookie: token ? `asuh_session=${token}` : '', token };
}

describe('sign-in', () => {
  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/session',
        '/api/v1/audit',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/auth/login'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '429']),
    );
  });

  it('sets an httpOnly, SameSite session cookie and returns the user and a CSRF token', async () => {
    const { response, setCookie, token } = await signIn('admin.ponorogo', PASSWORD, '10.0.1.1');
    expect(response.statusCode).toBe(200);
    expect(setCookie).toMatch(/^asuh_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${12 * 3600}`);
    // Plain http: a Secure cookie would never be sent back.
    expect(setCookie).not.toContain('Secure');
    const body = response.json();
    expect(body).toEqual({
      user: {
        username: 'admin.ponorogo',
        displayName: 'Admin Ponorogo',
        role: 'pemda_admin',
        scope: { pemdaCode: '35.02' },
      },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      passwordChangeRequired: false,
    });
    // Only the token's sha256 is stored.
    const stored = await db.query<{ token_hash: string; ip: string }>(
      'SELECT token_hash, ip FROM user_session',
    );
    expect(stored.some((row) => row.token_hash === token)).toBe(false);
    expect(stored.map((row) => row.ip)).toContain('10.0.1.1');
  });

  it('matches the username in any case', async () => {
    expect((await signIn('ADMIN.Ponorogo', PASSWORD, '10.0.1.2')).response.statusCode).toBe(200);
  });

  it('answers the session with the same user and CSRF token, and 401 without a cookie', async () => {
    const { cookie, response } = await signIn('admin.ponorogo', PASSWORD, '10.0.1.3');
    const session = await app.inject({ url: '/api/v1/auth/session', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(response.json());
    const anonymous = await app.inject({ url: '/api/v1/auth/session', headers: { 'accept-language': 'en' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'LOGIN_REQUIRED', message: 'Please sign in first.' } });
  });

  it('gives one answer for a wrong password and an unknown user, in Bahasa Indonesia by default', async () => {
    const wrongPassword = await signIn('admin.ponorogo', 'salah-sekali-123', '10.0.2.1');
    const unknownUser = await signIn('tidak.ada', PASSWORD, '10.0.2.1');
    for (const { response, setCookie } of [wrongPassword, unknownUser]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'LOGIN_FAILED', message: 'Nama pengguna atau kata sandi salah.' },
      });
      expect(setCookie).toBe('');
    }
    const english = await signIn('tidak.ada', PASSWORD, '10.0.2.1', 'en');
    expect(english.response.json().error.message).toBe('The username or password is incorrect.');
  });

  it('refuses an inactive user with the same answer', async () => {
    await auth.createUser(
      { username: 'pensiun', displayName: 'Sudah Pensiun', password: PASSWORD, role: 'national' },
      null,
    );
    await db.query("UPDATE app_user SET active = false WHERE username = 'pensiun'");
    const { response } = await signIn('pensiun', PASSWORD, '10.0.2.2');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('LOGIN_FAILED');
  });

  it('records each failure in the audit log with the name tried and the address', async () => {
    await signIn('Penyusup', 'apa-saja-12345', '10.0.2.3');
    const rows = await db.query<{ action: string; entity_id: string; ip: string; user_id: number | null }>(
      "SELECT action, entity_id, ip, user_id FROM audit_log WHERE action = 'auth.login_failed' AND ip = '10.0.2.3'",
    );
    expect(rows).toEqual([
      { action: 'auth.login_failed', entity_id: 'penyusup', ip: '10.0.2.3', user_id: null },
    ]);
  });
});

describe('sign-in throttling', () => {
  /**
   * Moves an address's recorded attempts into the past, as if the caller had waited: the one
   * place the append-only log is rewritten, in this test's private database.
   */
  async function wait(ip: string, seconds: number) {
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query(
        `UPDATE audit_log SET at = at - $2 * interval '1 second'
          WHERE action IN ('auth.login_failed', 'auth.login') AND ip = $1`,
        [ip, seconds],
      );
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
  }

  it('slows an attacker with growing waits while the rightful user signs in from elsewhere', async () => {
    await auth.createUser(
      { username: 'sasaran', displayName: 'Sasaran Tebakan', password: PASSWORD, role: 'national' },
      null,
    );
    const attacker = '10.0.3.1';
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      statuses.push((await signIn('sasaran', `tebakan-ke-${attempt}xx`, attacker)).response.statusCode);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
    // The right password from the attacker's address waits too: the address is what is slowed.
    const refused = await signIn('Sasaran', PASSWORD, attacker);
    expect(refused.response.statusCode).toBe(429);
    expect(refused.response.json().error).toEqual({
      code: 'LOGIN_RATE_LIMITED',
      message: 'Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 1 menit.',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const firstWait = Number(refused.response.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(50);
    expect(firstWait).toBeLessThanOrEqual(60);
    expect(refused.setCookie).toBe('');

    // The rightful user, from their own address, signs in at once.
    const rightful = await signIn('sasaran', PASSWORD, '10.0.3.2');
    expect(rightful.response.statusCode).toBe(200);

    // Each failure after a wait doubles the next one: 2, 4, 8 minutes...
    const waits: number[] = [];
    let waited = firstWait;
    for (let round = 1; round <= 3; round += 1) {
      await wait(attacker, waited);
      expect((await signIn('sasaran', 'lagi-salah-123', attacker)).response.statusCode).toBe(401);
      const next = await signIn('sasaran', 'lagi-salah-456', attacker, 'en');
      expect(next.response.statusCode).toBe(429);
      waited = Number(next.response.headers['retry-after']);
      waits.push(waited);
      if (round === 3) {
        expect(next.response.json().error.message).toBe(
          'Too many failed sign-in attempts. Try again in 8 minutes.',
        );
      }
    }
    expect(waits.map((seconds) => Math.ceil(seconds / 60))).toEqual([2, 4, 8]);
    // Still, nothing stops the rightful user.
    expect((await signIn('sasaran', PASSWORD, '10.0.3.2')).response.statusCode).toBe(200);
  });

  it('ends a run of failures at a success from the same address', async () => {
    await auth.createUser(
      { username: 'pelupa', displayName: 'Sering Lupa', password: PASSWORD, role: 'national' },
      null,
    );
    const ip = '10.0.3.5';
    for (let attempt = 1; attempt <= 4; attempt += 1) await signIn('pelupa', 'lupa-lagi-123', ip);
    expect((await signIn('pelupa', PASSWORD, ip)).response.statusCode).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await signIn('pelupa', 'lupa-lagi-123', ip)).response.statusCode).toBe(401);
    }
    expect((await signIn('pelupa', PASSWORD, ip)).response.statusCode).toBe(200);
  });

  it('behind a trusted proxy, counts each client by its forwarded address and marks the cookie Secure', async () => {
    const proxied = await buildApp({ db, webDir: null, trustProxy: 1 });
    const viaProxy = (password: string, client: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'pusat', password },
        remoteAddress: '10.0.9.1',
        headers: { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' },
      });
    for (let attempt = 1; attempt <= 21; attempt += 1) {
      expect((await viaProxy('bukan-sandinya', `198.51.100.${attempt}`)).statusCode).toBe(401);
    }
    const response = await viaProxy(PASSWORD, '198.51.100.200');
    await proxied.close();
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toContain('; Secure');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const [session] = await db.query<{ ip: string }>(
      `SELECT s.ip FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE u.username = 'pusat' ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(session?.ip).toBe('198.51.100.200');
  });

  it('forgets failures after a day', async () => {
    await auth.createUser(
      { username: 'kemarin', displayName: 'Gagal Kemarin', password: PASSWORD, role: 'national' },
      null,
    );
    await db.query(
      `INSERT INTO audit_log (at, action, entity_type, entity_id, ip)
       SELECT now() - interval '24 hours 1 minute', 'auth.login_failed', 'user', 'kemarin', '10.0.4.1'
         FROM generate_series(1, 12)`,
    );
    expect((await signIn('kemarin', PASSWORD, '10.0.4.1')).response.statusCode).toBe(200);
  });

  it('refuses an address after 20 failures within 15 minutes, whatever the username', async () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const { response } = await signIn(`orang${attempt}`, 'bukan-sandinya', '10.0.5.1');
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
    }
    expect((await signIn('pusat', PASSWORD, '10.0.5.1')).response.statusCode).toBe(429);
    expect((await signIn('pusat', PASSWORD, '10.0.5.2')).response.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('marks the cookie Secure when the request came over https', async () => {
    const behindProxy = Fastify({ trustProxy: true });
    await behindProxy.register(authPlugin, { auth });
    behindProxy.get('/probe', (request, reply) => {
      setSessionCookie(request, reply, 'token');
      return {};
    });
    const https = await behindProxy.inject({ url: '/probe', headers: { 'x-forwarded-proto': 'https' } });
    const http = await behindProxy.inject({ url: '/probe' });
    await behindProxy.close();
    expect(String(https.headers['set-cookie'])).toContain('; Secure');
    expect(String(http.headers['set-cookie'])).not.toContain('Secure');
  });

  it('ends at logout: the cookie is cleared and the token no longer signs in', async () => {
    const { cookie, token, response } = await signIn('admin.ponorogo', PASSWORD, '10.0.6.1');
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': response.json().csrfToken },
      remoteAddress: '10.0.6.1',
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^asuh_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await auth.actorFromToken(token!)).toBeNull();
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(401);
    const [logged] = await db.query<{ username: string; pemda_code: string }>(
      "SELECT username, pemda_code FROM audit_log WHERE action = 'auth.logout' AND ip = '10.0.6.1'",
    );
    expect(logged).toEqual({ username: 'admin.ponorogo', pemda_code: '35.02' });
  });

  it('refuses a write with the cookie but without the CSRF token, or with a wrong one', async () => {
    const { cookie, response } = await signIn('admin.ponorogo', PASSWORD, '10.0.6.2');
    const csrfToken = response.json().csrfToken as string;
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': `${csrfToken.slice(0, -1)}x` }]) {
      const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({
        error: {
          code: 'CSRF_TOKEN_INVALID',
          message:
            'Permintaan ditolak: token keamanan (CSRF) tidak ada atau salah. Muat ulang halaman lalu coba lagi.',
        },
      });
    }
    // The refused writes did nothing: the session is still there.
    expect((await app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(200);
  });

  it('ends after 2 idle hours, 12 hours after sign-in in any case, and when the user is switched off', async () => {
    const idle = await signIn('admin.ponorogo', PASSWORD, '10.0.6.3');
    const old = await signIn('admin.ponorogo', PASSWORD, '10.0.6.4');
    await auth.createUser(
      { username: 'dipindah', displayName: 'Dipindah Tugas', password: PASSWORD, role: 'national' },
      null,
    );
    const moved = await signIn('dipindah', PASSWORD, '10.0.6.5');
    for (const session of [idle, old, moved])
      expect(await auth.actorFromToken(session.token!)).not.toBeNull();
    await db.query(
      "UPDATE user_session SET last_seen_at = now() - interval '2 hours 1 minute' WHERE ip = '10.0.6.3'",
    );
    await db.query("UPDATE user_session SET expires_at = now() - interval '1 second' WHERE ip = '10.0.6.4'");
    await db.query("UPDATE app_user SET active = false WHERE username = 'dipindah'");
    for (const session of [idle, old, moved]) {
      expect(await auth.actorFromToken(session.token!)).toBeNull();
      expect(
        (await app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).statusCode,
      ).toBe(401);
    }
  });

  it('records use at most once a minute', async () => {
    const { token } = await signIn('admin.ponorogo', PASSWORD, '10.0.6.6');
    const lastSeen = async () =>
      (
        await db.query<{ seconds_ago: number }>(
          "SELECT extract(epoch FROM now() - last_seen_at)::int AS seconds_ago FROM user_session WHERE ip = '10.0.6.6'",
        )
      )[0]!.seconds_ago;
    await db.query(
      "UPDATE user_session SET last_seen_at = now() - interval '30 seconds' WHERE ip = '10.0.6.6'",
    );
    await auth.actorFromToken(token!);
    expect(await lastSeen()).toBe(30);
    await db.query(
      "UPDATE user_session SET last_seen_at = now() - interval '5 minutes' WHERE ip = '10.0.6.6'",
    );
    await auth.actorFromToken(token!);
    expect(await lastSeen()).toBe(0);
  });
});

describe('accounts', () => {
  it('stores argon2id hashes with the OWASP parameters and never returns them', async () => {
    const rows = await db.query<{ password_hash: string }>('SELECT password_hash FROM app_user');
    expect(rows.length).toBeGreaterThan(0);
    for (const { password_hash } of rows)
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const { response, cookie } = await signIn('admin.ponorogo', PASSWORD, '10.0.7.1');
    const session = await app.inject({ url: '/api/v1/auth/session', headers: { cookie } });
    const listed = await runCli(['users', 'list', '--json'], db);
    for (const text of [response.body, session.body, listed.stdout]) {
      expect(text).not.toContain('argon2');
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('binds each role to its scope, which must exist', async () => {
    const make = (input: Record<string, unknown>) =>
      auth.createUser(
        { username: 'baru', displayName: 'Pengguna Baru', password: PASSWORD, role: 'national', ...input },
        null,
      );
    const refused = async (input: Record<string, unknown>) => {
      try {
        await make(input);
      } catch (error) {
        return error as { kind: string; problem: { code: string; message: { id: string; en: string } } };
      }
      throw new Error('accepted');
    };
    expect((await refused({ role: 'opd_head', pemdaCode: '35.02', opdId: otherOpdId })).problem).toEqual({
      code: 'OPD_NOT_IN_PEMDA',
      message: {
        id: `OPD ${otherOpdId} tidak ada di Pemda 35.02.`,
        en: `OPD ${otherOpdId} is not a department of Pemda 35.02.`,
      },
    });
    expect((await refused({ role: 'asn', pemdaCode: '35.02', nip: OTHER_ASN_NIP })).problem.message.en).toBe(
      `There is no ASN with NIP ${OTHER_ASN_NIP} on the roster of Pemda 35.02.`,
    );
    expect((await refused({ role: 'pemda_admin', pemdaCode: '35.04' })).problem.code).toBe('PEMDA_NOT_FOUND');
    expect((await refused({ role: 'province', provinceCode: '99' })).problem.code).toBe('PROVINCE_NOT_FOUND');
    expect(
      (await refused({ role: 'bpjstk_officer', pemdaCodes: ['35.02', '35.05'] })).problem.message.id,
    ).toBe('Pemda 35.05 belum terdaftar di Asuh. Daftarkan dengan: asuh pemda create 35.05');
    expect((await refused({ role: 'sponsor_org', organisationId: 999 })).problem.code).toBe(
      'ORGANISATION_NOT_FOUND',
    );
    expect((await refused({ role: 'opd_head', pemdaCode: '35.02' })).problem.message).toEqual({
      id: 'Peran opd_head memerlukan kode Pemda dan OPD.',
      en: 'Role opd_head needs a Pemda code and an OPD.',
    });
    expect((await refused({ role: 'national', pemdaCode: '35.02' })).problem.message.en).toBe(
      'Role national needs no scope, and takes no Pemda code.',
    );
    expect((await refused({ password: 'pendek' })).problem.code).toBe('PASSWORD_TOO_SHORT');
    expect((await refused({ username: 'a b' })).problem.code).toBe('USERNAME_INVALID');
    expect(await db.query("SELECT 1 FROM app_user WHERE username = 'baru'")).toEqual([]);

    const made = await Promise.all([
      make({ username: 'kepala.dinas', role: 'opd_head', pemdaCode: '35.02', opdId }),
      make({ username: 'sri', role: 'asn', pemdaCode: '35.02', nip: ASN_NIP }),
      make({ username: 'petugas', role: 'bpjstk_officer', pemdaCodes: ['35.03', '35.02', '35.03'] }),
      make({ username: 'provinsi', role: 'province', provinceCode: '35' }),
    ]);
    expect(made.map(({ user }) => user.scope)).toEqual([
      { pemdaCode: '35.02', opdId },
      { pemdaCode: '35.02', nip: ASN_NIP },
      { pemdaCodes: ['35.02', '35.03'] },
      { provinceCode: '35' },
    ]);
    const officer = await signIn('petugas', PASSWORD, '10.0.7.2');
    expect(officer.response.json().user.scope).toEqual({ pemdaCodes: ['35.02', '35.03'] });
  });

  it('refuses a taken username in any case, or returns it unchanged when asked to skip', async () => {
    const input = {
      username: 'Admin.Ponorogo',
      displayName: 'Lain',
      password: 'sandi-lain-123',
      role: 'national',
    };
    await expect(auth.createUser(input, null)).rejects.toMatchObject({
      kind: 'conflict',
      problem: { code: 'USERNAME_TAKEN' },
    });
    const skipped = await auth.createUser(input, null, { ifExists: 'skip' });
    expect(skipped.created).toBe(false);
    expect(skipped.user).toMatchObject({
      username: 'admin.ponorogo',
      role: 'pemda_admin',
      displayName: 'Admin Ponorogo',
    });
    expect((await signIn('admin.ponorogo', PASSWORD, '10.0.7.3')).response.statusCode).toBe(200);
  });

  it('lets a Pemda admin create accounts of their own Pemda only', async () => {
    const admin = (await auth.actorFromToken((await signIn('admin.ponorogo', PASSWORD, '10.0.7.4')).token!))!;
    const created = await auth.createUser(
      {
        username: 'kepala.dinas2',
        displayName: 'Kepala Dinas',
        password: PASSWORD,
        role: 'opd_head',
        pemdaCode: '35.02',
        opdId,
      },
      admin,
    );
    expect(created.created).toBe(true);
    for (const input of [{ role: 'pemda_admin', pemdaCode: '35.03' }, { role: 'national' }]) {
      await expect(
        auth.createUser({ username: 'tidak.boleh', displayName: 'X', password: PASSWORD, ...input }, admin),
      ).rejects.toMatchObject({ kind: 'forbidden' });
    }
  });
});

describe('the audit log', () => {
  async function readAudit(cookie: string, query = '') {
    const response = await app.inject({ url: `/api/v1/audit${query}`, headers: { cookie } });
    return { status: response.statusCode, body: response.json() };
  }

  it('records user creation with the Pemda it belongs to', async () => {
    const rows = await db.query<{ username: string | null; pemda_code: string; details: unknown }>(
      "SELECT username, pemda_code, details FROM audit_log WHERE action = 'user.create' AND entity_id = 'admin.ponorogo'",
    );
    expect(rows).toEqual([
      { username: null, pemda_code: '35.02', details: { username: 'admin.ponorogo', role: 'pemda_admin' } },
    ]);
  });

  it("shows a Pemda admin their own Pemda's entries, newest first, paginated", async () => {
    const { cookie } = await signIn('admin.ponorogo', PASSWORD, '10.0.8.1');
    const { status, body } = await readAudit(cookie);
    expect(status).toBe(200);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(50);
    const { total } = (
      await db.query<{ total: number }>("SELECT count(*) AS total FROM audit_log WHERE pemda_code = '35.02'")
    )[0]!;
    // Each read of the log is logged after it, so the count taken afterwards holds one more.
    expect(body.total).toBe(total - 1);
    expect(body.items.every((item: { pemdaCode: string }) => item.pemdaCode === '35.02')).toBe(true);
    expect(body.items[0]).toEqual({
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      username: 'admin.ponorogo',
      role: 'pemda_admin',
      action: 'auth.login',
      entityType: 'user',
      entityId: 'admin.ponorogo',
      pemdaCode: '35.02',
      ip: '10.0.8.1',
      details: {},
    });
    // Newest first by the time of the change; entries of one moment by id. (Ids alone may disagree:
    // a transaction that began earlier can write its entry after one that began later.)
    const order = body.items.map((item: { at: string; id: number }) => [item.at, item.id] as const);
    const newestFirst = (a: readonly [string, number], b: readonly [string, number]) =>
      a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1;
    expect(order).toEqual([...order].sort(newestFirst));
    const actions = new Set(body.items.map((item: { action: string }) => item.action));
    expect(actions).toContain('user.create');
    expect(actions).toContain('auth.login_failed');
    expect(actions).not.toContain('never');

    const second = await readAudit(cookie, '?page=2&pageSize=2');
    // The first read's own entry now heads the log.
    expect(second.body.items.map((item: { id: number }) => item.id)).toEqual(
      order.slice(1, 3).map(([, id]: readonly [string, number]) => id),
    );
    const filtered = await readAudit(cookie, '?action=user.create');
    expect(filtered.body.items.length).toBe(filtered.body.total);
    expect(filtered.body.items.every((item: { action: string }) => item.action === 'user.create')).toBe(true);
    expect((await readAudit(cookie, '?pemda=35.02')).body.total).toBe(total + 2);
  });

  it("answers a Pemda admin another Pemda's log as a Pemda not onboarded, and refuses every role but the national monitor", async () => {
    const { cookie } = await signIn('admin.ponorogo', PASSWORD, '10.0.8.2');
    const refused = await readAudit(cookie, '?pemda=35.03');
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('PEMDA_NOT_FOUND');
    for (const username of ['kepala.dinas', 'sri', 'petugas', 'provinsi']) {
      const other = await signIn(username, PASSWORD, '10.0.8.3');
      expect(other.response.statusCode, username).toBe(200);
      expect((await readAudit(other.cookie)).status, username).toBe(403);
    }
    expect((await app.inject({ url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('lets the national monitor read any Pemda, or all', async () => {
    const { cookie } = await signIn('pusat', PASSWORD, '10.0.8.4');
    const trenggalek = await readAudit(cookie, '?pemda=35.03');
    expect(trenggalek.status).toBe(200);
    expect(trenggalek.body.items.map((item: { entityId: string }) => item.entityId)).toContain(
      'admin.trenggalek',
    );
    const all = await readAudit(cookie, '?pageSize=200');
    const { total } = (await db.query<{ total: number }>('SELECT count(*) AS total FROM audit_log'))[0]!;
    expect(all.body.total).toBe(total - 1);
  });
});

describe('asuh users', () => {
  it('creates an account with a generated password, printed once, that signs in', async () => {
    const run = await runCli(
      [
        'users',
        'create',
        '--username',
        'admin.cli',
        '--name',
        'Admin Lewat CLI',
        '--role',
        'pemda_admin',
        '--pemda',
        '35.02',
      ],
      db,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const password = /Kata sandi \/ password: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(run.stdout).toContain('admin.cli  Admin Lewat CLI  Admin Pemda  pemdaCode=35.02');
    expect((await signIn('admin.cli', password!, '10.0.9.1')).response.statusCode).toBe(200);
  });

  it('finds the OPD by name and takes a given password without printing it', async () => {
    const run = await runCli(
      [
        'users',
        'create',
        '--username',
        'kadis.cli',
        '--name',
        'Kepala Dinas',
        '--role',
        'opd_head',
        '--pemda',
        '35.02',
        '--opd',
        '  DINAS  pendidikan ',
        '--password',
        PASSWORD,
      ],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stdout).toContain(
      `kadis.cli  Kepala Dinas  Head of department (OPD)  pemdaCode=35.02 opdId=${opdId}`,
    );
  });

  it('exits 2 with a bilingual message for a bad role or a missing scope', async () => {
    const badRole = await runCli(
      ['users', 'create', '--username', 'x.y.z', '--name', 'X', '--role', 'raja'],
      db,
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toBe(
      'Peran "raja" tidak dikenal. Pilih salah satu: national, province, pemda_admin, opd_head, asn, bpjstk_officer, sponsor_org. [ROLE_INVALID]\n',
    );
    const english = await runCli(
      ['users', 'create', '--username', 'x.y.z', '--name', 'X', '--role', 'pemda_admin'],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(english.code).toBe(2);
    expect(english.stderr).toBe('Role pemda_admin needs a Pemda code. [ROLE_SCOPE]\n');
    const missing = await runCli(['users', 'create', '--username', 'x.y.z', '--role', 'national'], db);
    expect(missing.code).toBe(2);
    expect(await db.query("SELECT 1 FROM app_user WHERE username = 'x.y.z'")).toEqual([]);
  });

  it('lists the accounts with their roles and scopes', async () => {
    const run = await runCli(['users', 'list', '--json'], db);
    expect(run.code).toBe(0);
    const users = JSON.parse(run.stdout) as {
      username: string;
      role: string;
      scope: unknown;
      active: boolean;
    }[];
    expect(users.find((user) => user.username === 'admin.trenggalek')).toEqual({
      id: expect.any(Number),
      username: 'admin.trenggalek',
      displayName: 'Admin Trenggalek',
      role: 'pemda_admin',
      active: true,
      scope: { pemdaCode: '35.03' },
    });
    expect(users.find((user) => user.username === 'pensiun')?.active).toBe(false);
  });
});
