import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  generatePassword,
  hashPassword,
  verifyPassword,
} from '../../src/features/auth/password.ts';

describe('the password policy', () => {
  it('asks for at least 10 characters, in both languages', () => {
    expect(checkPassword('123456789')).toEqual({
      code: 'PASSWORD_TOO_SHORT',
      message: {
        id: 'Kata sandi terlalu pendek: minimal 10 karakter (sekarang 9).',
        en: 'The password is too short: at least 10 characters (it has 9).',
      },
    });
    expect(checkPassword('pohon-kelapa-9')).toBeNull();
    expect(checkPassword('')?.code).toBe('PASSWORD_TOO_SHORT');
  });

  it('counts characters, not UTF-16 units', () => {
    // Five emoji are ten UTF-16 units but five characters.
    expect(checkPassword('🔑🔑🔑🔑🔑')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(checkPassword('kopi tubruk ähnlich')).toBeNull();
  });

  it('refuses only spaces and more than 256 characters', () => {
    expect(checkPassword(' '.repeat(12))?.message.en).toBe('The password cannot be only spaces.');
    expect(checkPassword('kopi tubruk '.repeat(23).slice(0, 256))).toBeNull();
    expect(checkPassword('a'.repeat(257))?.message.id).toBe(
      'Kata sandi terlalu panjang: maksimal 256 karakter.',
    );
  });

  it('refuses what is easy to guess, with advice in both languages', () => {
    expect(checkPassword('1234567890')).toEqual({
      code: 'PASSWORD_TOO_WEAK',
      message: {
        id: expect.stringMatching(
          /^Kata sandi terlalu mudah ditebak \(kekuatan 0 dari 4, minimal 3\)\. .+ Pakai beberapa kata/,
        ),
        en: expect.stringMatching(
          /^The password is too easy to guess \(strength 0 of 4, at least 3\)\. .+ Use a few uncommon words/,
        ),
      },
    });
    for (const common of ['password123', 'rahasia12345', 'Indonesia2026', 'qwertyuiop', 'aaaaaaaaaaaa']) {
      expect(checkPassword(common)?.code, common).toBe('PASSWORD_TOO_WEAK');
    }
  });

  it("refuses a password made of the account's own username or name", () => {
    expect(checkPassword('wiryokirbantolo')).toBeNull();
    // The words of the name count, not only the whole of it.
    const own = checkPassword('wiryokirbantolo', ['k.wiryo', 'Kirbantolo Wiryo']);
    expect(own?.code).toBe('PASSWORD_TOO_WEAK');
    expect(own?.message.id).toContain('Mengandung data personal.');
    expect(own?.message.en).toContain('There should not be any personal or page related data.');
  });

  it('generates passwords the policy accepts, each different', () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    // Random strings are zxcvbn's slowest input (about 60 ms each): ten make the point.
    for (const password of passwords.slice(0, 10)) expect(checkPassword(password)).toBeNull();
    expect(new Set(passwords).size).toBe(50);
  });

  it('hashes with argon2id and the OWASP parameters, and verifies only the right password', async () => {
    const hashed = await hashPassword('kata-sandi-rahasia');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, 'kata-sandi-rahasia')).toBe(true);
    expect(await verifyPassword(hashed, 'kata-sandi-rahasiA')).toBe(false);
    expect(await verifyPassword('not a hash', 'kata-sandi-rahasia')).toBe(false);
  });
});
