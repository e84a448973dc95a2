/**
 * The three payment files Asuh reads (docs/formats/payroll-confirmation.md, bank-statement.md,
 * bpjstk-payment.md) and their columns: the server's readers check them, the web app shows them.
 */
export const PAYMENT_KINDS = ['payroll', 'bank', 'bpjstk'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export const PAYMENT_COLUMNS = {
  /** The OPD's payroll deduction list (docs/formats/payroll-deduction.md) as paid back. */
  payroll: ['referensi_tagihan', 'periode', 'nip', 'jumlah_dipotong', 'tanggal_potong'],
  bank: ['id_transaksi', 'waktu', 'nomor_va', 'keterangan', 'jumlah'],
  bpjstk: ['kpj', 'nik', 'periode', 'jumlah', 'tanggal_bayar'],
} as const satisfies Record<PaymentKind, readonly string[]>;
