import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { type AuthService, createAuthService } from '../../src/features/auth/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;
let app: FastifyInstance;
let auth: AuthService;
const PASSWORD = 'kata-sandi-rahasia-1';
const NEW_PASSWORD = 'pohon-kelapa-sawit-9';

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '35.03']) {
    await db.query('INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1', [code]);
  }
  auth = createAuthService({ db });
  app = await buildApp({ db, webDir: null });
  const accounts = [
    { username: 'admin.ponorogo', displayName: 'Admin Ponorogo', role: 'pemda_admin', pemdaCode: '35.02' },
    {
      username: 'admin.trenggalek',
      displayName: 'Admin Trenggalek',
      role: 'pemda_admin',
      pemdaCode: '35.03',
    },
    { username: 'pusat', displayName: 'Pemantau Pusat', role: 'national' },
    { username: 'petugas.bpjs', displayName: 'Petugas BPJS', role: 'bpjstk_officer', pemdaCodes: ['35.02'] },
  ];
  for (const account of accounts) await auth.createUser({ ...account, password: PASSWORD }, null);
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function newAccount(username: string, pemdaCode = '35.02') {
  await auth.createUser(
    { username, displayName: `Staf ${username}`, password: PASSWORD, role: 'pemda_admin', pemdaCode },
    null,
  );
}

async function signIn(username: string, password: string, remoteAddress: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress,
    headers: { 'user-agent': `test-browser ${remoteAddress}` },
  });
  const token = /asuh_session=([^;]*)/.exec(String(response.headers['set-cookie'] ?? ''))?.[1];
  const body = response.json();
  return {
    response,
    status: response.statusCode,
    cookie: token ? `asuh_session=${token}` : '',
    headers: { cookie: token ? `asuh_session=${token}` : '', 'x-csrf-token': body.csrfToken as string },
    body,
  };
}

type SignedInClient = Awaited<ReturnType<typeof signIn>>;

function changePassword(client: SignedInClient, body: object, language = 'id') {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: body,
    headers: { ...client.headers, 'accept-language': language },
    remoteAddress: '10.1.0.99',
  });
}

async function status(client: SignedInClient, url = '/api/v1/auth/session') {
  return (await app.inject({ url, headers: { cookie: client.cookie } })).statusCode;
}

describe('changing my password', () => {
  it('asks for the current password and a strong new one, in both languages', async () => {
    await newAccount('ganti.sandi');
    const me = await signIn('ganti.sandi', PASSWORD, '10.1.1.1');
    const wrong = await changePassword(me, { currentPassword: 'bukan-ini-123', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'CURRENT_PASSWORD_WRONG',
      message: 'Kata sandi saat ini salah.',
    });
    const weak = await changePassword(me, { currentPassword: PASSWORD, newPassword: 'password123' }, 'en');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    expect(weak.json().error.message).toMatch(
      /^The password is too easy to guess \(strength \d of 4, at least 3\)\./,
    );
    const own = await changePassword(me, { currentPassword: PASSWORD, newPassword: 'staf ganti.sandi 1' });
    expect(own.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const same = await changePassword(me, { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.json().error.code).toBe('PASSWORD_UNCHANGED');
    // Nothing changed: the old password still signs in.
    expect((await signIn('ganti.sandi', PASSWORD, '10.1.1.2')).status).toBe(200);
  });

  it('ends every other session and rotates this one to a new cookie and CSRF token', async () => {
    await newAccount('rotasi.sesi');
    const laptop = await signIn('rotasi.sesi', PASSWORD, '10.1.2.1');
    const phone = await signIn('rotasi.sesi', PASSWORD, '10.1.2.2');
    const changed = await changePassword(laptop, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      user: { username: 'rotasi.sesi' },
      passwordChangeRequired: false,
    });
    expect(changed.json().csrfToken).not.toBe(laptop.body.csrfToken);
    const newCookie = /asuh_session=([^;]*)/.exec(String(changed.headers['set-cookie']))![1];
    expect(`asuh_session=${newCookie}`).not.toBe(laptop.cookie);

    expect(await status(phone)).toBe(401);
    expect(await status(laptop)).toBe(401);
    expect(
      (await app.inject({ url: '/api/v1/auth/session', headers: { cookie: `asuh_session=${newCookie}` } }))
        .statusCode,
    ).toBe(200);
    expect((await signIn('rotasi.sesi', PASSWORD, '10.1.2.3')).status).toBe(401);
    expect((await signIn('rotasi.sesi', NEW_PASSWORD, '10.1.2.3')).status).toBe(200);
    const [logged] = await db.query<{ username: string; pemda_code: string }>(
      "SELECT username, pemda_code FROM audit_log WHERE action = 'auth.password_change' AND entity_id = 'rotasi.sesi'",
    );
    expect(logged).toEqual({ username: 'rotasi.sesi', pemda_code: '35.02' });
  });

  it('counts wrong current passwords as failed sign-ins, so a stolen session cannot guess it', async () => {
    await newAccount('tebak.sandi');
    const thief = await signIn('tebak.sandi', PASSWORD, '10.1.3.1');
    const answers: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      answers.push(
        (await changePassword(thief, { currentPassword: `tebakan-${attempt}-xx`, newPassword: NEW_PASSWORD }))
          .statusCode,
      );
    }
    expect(answers).toEqual([400, 400, 400, 400, 400, 429]);
  });
});

describe("an administrator's reset", () => {
  it('gives a temporary password, ends the sessions, and allows nothing but a change until then', async () => {
    await newAccount('lupa.sandi');
    const before = await signIn('lupa.sandi', PASSWORD, '10.1.4.1');
    const admin = await signIn('admin.ponorogo', PASSWORD, '10.1.4.2');
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/users/LUPA.SANDI/password-reset',
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const { temporaryPassword } = reset.json();
    expect(reset.json()).toEqual({
      username: 'lupa.sandi',
      temporaryPassword: expect.stringMatching(/^.{16}$/),
    });
    expect(await status(before)).toBe(401);
    expect((await signIn('lupa.sandi', PASSWORD, '10.1.4.3')).status).toBe(401);

    const temporary = await signIn('lupa.sandi', temporaryPassword, '10.1.4.3');
    expect(temporary.status).toBe(200);
    expect(temporary.body.passwordChangeRequired).toBe(true);
    expect(await status(temporary)).toBe(200);
    for (const url of ['/api/v1/auth/sessions', '/api/v1/audit', '/api/v1/regions/35.02']) {
      const refused = await app.inject({
        url,
        headers: { cookie: temporary.cookie, 'accept-language': 'en' },
      });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error).toEqual({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: 'Your password was reset by an administrator: change it before you continue.',
      });
    }
    const changed = await changePassword(temporary, {
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().passwordChangeRequired).toBe(false);
    const after = await signIn('lupa.sandi', NEW_PASSWORD, '10.1.4.4');
    expect(after.body.passwordChangeRequired).toBe(false);
    expect(await status(after, '/api/v1/auth/sessions')).toBe(200);
    const [logged] = await db.query<{ username: string; pemda_code: string }>(
      "SELECT username, pemda_code FROM audit_log WHERE action = 'user.password_reset' AND entity_id = 'lupa.sandi'",
    );
    expect(logged).toEqual({ username: 'admin.ponorogo', pemda_code: '35.02' });
  });

  it("lets a Pemda admin reset only their Pemda's accounts, the national monitor anyone, and no other role", async () => {
    await newAccount('staf.trenggalek', '35.03');
    const reset = async (who: SignedInClient, username: string) =>
      app.inject({ method: 'POST', url: `/api/v1/users/${username}/password-reset`, headers: who.headers });
    const ponorogo = await signIn('admin.ponorogo', PASSWORD, '10.1.5.1');
    for (const username of ['staf.trenggalek', 'pusat', 'tidak.ada']) {
      const refused = await reset(ponorogo, username);
      // Another Pemda's account reads as unknown.
      expect(refused.statusCode, username).toBe(404);
      expect(refused.json().error.code).toBe('USER_NOT_FOUND');
    }
    const officer = await signIn('petugas.bpjs', PASSWORD, '10.1.5.2');
    expect((await reset(officer, 'admin.ponorogo')).statusCode).toBe(403);
    const national = await signIn('pusat', PASSWORD, '10.1.5.3');
    expect((await reset(national, 'staf.trenggalek')).statusCode).toBe(200);
    expect((await signIn('staf.trenggalek', PASSWORD, '10.1.5.4')).status).toBe(401);
  });
});

describe('my sessions', () => {
  it('lists them, ends one, and ends all but this one', async () => {
    await newAccount('banyak.sesi');
    const first = await signIn('banyak.sesi', PASSWORD, '10.1.6.1');
    const second = await signIn('banyak.sesi', PASSWORD, '10.1.6.2');
    const third = await signIn('banyak.sesi', PASSWORD, '10.1.6.3');
    const listed = await app.inject({ url: '/api/v1/auth/sessions', headers: { cookie: third.cookie } });
    expect(listed.statusCode).toBe(200);
    const { sessions } = listed.json();
    expect(sessions).toHaveLength(3);
    expect(sessions.map((session: { ip: string }) => session.ip).sort()).toEqual([
      '10.1.6.1',
      '10.1.6.2',
      '10.1.6.3',
    ]);
    const current = sessions.find((session: { current: boolean }) => session.current);
    expect(current).toEqual({
      id: expect.any(Number),
      createdAt: expect.stringMatching(/Z$/),
      lastSeenAt: expect.stringMatching(/Z$/),
      expiresAt: expect.stringMatching(/Z$/),
      ip: '10.1.6.3',
      userAgent: 'test-browser 10.1.6.3',
      current: true,
    });
    const hours = (Date.parse(current.expiresAt) - Date.parse(current.createdAt)) / 3_600_000;
    expect(Math.round(hours)).toBe(12);

    const firstId = sessions.find((session: { ip: string }) => session.ip === '10.1.6.1').id;
    const ended = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${firstId}`,
      headers: third.headers,
    });
    expect(ended.statusCode).toBe(204);
    expect(await status(first)).toBe(401);
    expect(await status(second)).toBe(200);

    // Another user's session is not mine to end.
    const other = await signIn('admin.trenggalek', PASSWORD, '10.1.6.4');
    const otherId = (
      await app.inject({ url: '/api/v1/auth/sessions', headers: { cookie: other.cookie } })
    ).json().sessions[0].id;
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${otherId}`,
      headers: third.headers,
    });
    expect(refused.statusCode).toBe(404);
    expect(await status(other)).toBe(200);

    const others = await app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions',
      headers: third.headers,
    });
    expect(others.json()).toEqual({ ended: 1 });
    expect(await status(second)).toBe(401);
    expect(await status(third)).toBe(200);
  });
});

describe('asuh users set-password', () => {
  it('reads the password from stdin, ends the sessions and forces a change unless told not to', async () => {
    await newAccount('sandi.cli');
    const before = await signIn('sandi.cli', PASSWORD, '10.1.7.1');
    const run = await runCli(
      ['users', 'set-password', 'sandi.cli'],
      db,
      { ASUH_LANG: 'en' },
      {
        stdin: `${NEW_PASSWORD}\n`,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(NEW_PASSWORD);
    expect(run.stdout).toContain('password set: sandi.cli');
    expect(await status(before)).toBe(401);
    const forced = await signIn('sandi.cli', NEW_PASSWORD, '10.1.7.2');
    expect(forced.body.passwordChangeRequired).toBe(true);

    const notForced = await runCli(
      ['users', 'set-password', 'sandi.cli', '--no-force-change'],
      db,
      {},
      {
        stdin: 'kopi-tubruk-manis-4\n',
      },
    );
    expect(notForced.code).toBe(0);
    const free = await signIn('sandi.cli', 'kopi-tubruk-manis-4', '10.1.7.3');
    expect(free.body.passwordChangeRequired).toBe(false);
  });

  it('exits 2 for a weak or missing password and 1 for an unknown user', async () => {
    const weak = await runCli(
      ['users', 'set-password', 'pusat'],
      db,
      { ASUH_LANG: 'en' },
      { stdin: 'qwerty12345\n' },
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/^The password is too easy to guess .*\[PASSWORD_TOO_WEAK\]\n$/);
    const missing = await runCli(['users', 'set-password', 'pusat'], db, {}, { stdin: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[PASSWORD_REQUIRED]');
    const unknown = await runCli(
      ['users', 'set-password', 'tidak.ada'],
      db,
      {},
      { stdin: `${NEW_PASSWORD}\n` },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[USER_NOT_FOUND]');
    expect((await signIn('pusat', PASSWORD, '10.1.7.4')).status).toBe(200);
  });
});

describe('the password policy on new accounts', () => {
  it('refuses a common password or one made of the name', async () => {
    const refused = (password: string) =>
      auth
        .createUser(
          { username: 'akun.baru', displayName: 'Kirbantolo Wiryo', password, role: 'national' },
          null,
        )
        .then(
          () => 'created',
          (error: { problem: { code: string } }) => error.problem.code,
        );
    expect(await refused('password1234')).toBe('PASSWORD_TOO_WEAK');
    expect(await refused('wiryokirbantolo')).toBe('PASSWORD_TOO_WEAK');
    expect(await refused(NEW_PASSWORD)).toBe('created');
  });
});
