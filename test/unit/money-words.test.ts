import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberInWords, parseNumberWords, rupiahInWords } from '../../src/core/money-words.ts';

describe('amount in words (terbilang)', () => {
  it('spells the amounts bills carry', () => {
    expect(rupiahInWords(0)).toBe('nol rupiah');
    expect(rupiahInWords(16_800)).toBe('enam belas ribu delapan ratus rupiah');
    expect(rupiahInWords(201_600)).toBe('dua ratus satu ribu enam ratus rupiah');
    expect(rupiahInWords(1_010_822_400)).toBe(
      'satu miliar sepuluh juta delapan ratus dua puluh dua ribu empat ratus rupiah',
    );
    expect(rupiahInWords(42_000_000)).toBe('empat puluh dua juta rupiah');
  });

  it('says se- for one hundred and one thousand, satu before juta', () => {
    expect(numberInWords(1000)).toBe('seribu');
    expect(numberInWords(100)).toBe('seratus');
    expect(numberInWords(11)).toBe('sebelas');
    expect(numberInWords(10)).toBe('sepuluh');
    expect(numberInWords(19)).toBe('sembilan belas');
    expect(numberInWords(1_000_000)).toBe('satu juta');
    expect(numberInWords(1_001_000)).toBe('satu juta seribu');
    expect(numberInWords(101_000)).toBe('seratus satu ribu');
    expect(numberInWords(111_111)).toBe('seratus sebelas ribu seratus sebelas');
    expect(numberInWords(2_000_000_000_000)).toBe('dua triliun');
    expect(numberInWords(-8_400)).toBe('minus delapan ribu empat ratus');
  });

  it('reads every amount it writes back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (value) => {
        expect(parseNumberWords(numberInWords(value))).toBe(value);
        expect(parseNumberWords(rupiahInWords(value))).toBe(value);
      }),
    );
  });

  it('refuses words that are not the way a number is written', () => {
    expect(parseNumberWords('satu ribu')).toBeUndefined();
    expect(parseNumberWords('dua ribu seribu')).toBeUndefined();
    expect(parseNumberWords('juta')).toBeUndefined();
    expect(parseNumberWords('seribu juta')).toBeUndefined();
    expect(parseNumberWords('sepuluh dua')).toBeUndefined();
    expect(parseNumberWords('')).toBeUndefined();
    expect(parseNumberWords('Dua Ratus Satu Ribu Enam Ratus Rupiah')).toBe(201_600);
  });
});
