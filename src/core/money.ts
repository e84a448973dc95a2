/** Money is an integer number of rupiah; these helpers keep it that way. */
export type Rupiah = number;

export function assertRupiah(value: number): Rupiah {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole rupiah amount: ${value}`);
  return value;
}

/**
 * numerator / denominator rounded half-up to a whole rupiah, exactly (no floating point).
 * Contributions are computed per component and each is rounded this way (domain-rules §1).
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): Rupiah {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return Number(negative ? -rounded : rounded);
}

const groupFormatter = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `Rp 16.800`: the way Indonesian users read rupiah. */
export function formatRupiah(amount: Rupiah): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${groupFormatter.format(Math.abs(amount))}`;
}
