import type { Writable } from 'node:stream';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { maskNik } from '../../core/identifiers/nik.ts';
import { formatRupiah } from '../../core/money.ts';
import { capitalised, rupiahInWords } from '../../core/money-words.ts';
import { TIME_ZONES, type TimeZoneName } from '../../core/regions.ts';
import { type ErrorFileFormat, streamTable } from '../../platform/files/issue-file.ts';
import type { DeductionRow } from './bill-repository.ts';
import type { Bill, BillDocument, BillLine } from './billing-types.ts';

/**
 * The files a bill is sent as: the payroll deduction list an OPD's payroll staff upload (CSV or
 * XLSX, documented in docs/formats/payroll-deduction.md) and the printed bill (PDF) every payer
 * gets, with its amount in words. Workers appear by name and masked NIK only: payroll staff and
 * companies need to know whom they pay for, not their identity numbers.
 */

export const DEDUCTION_COLUMNS = [
  'referensi_tagihan',
  'periode',
  'kode_pemda',
  'opd',
  'nip',
  'nama_asn',
  'jumlah_pekerja',
  'pekerja',
  'jumlah_potongan',
  'jumlah_dipotong',
  'tanggal_potong',
] as const;

export interface BillPrint {
  bill: Bill;
  pemdaName: string;
  timeZone: TimeZoneName;
  lines: BillLine[];
  /** Payroll deduction bills: one row per ASN. */
  deductions: DeductionRow[];
}

function deductionCells(print: BillPrint, row: DeductionRow): (string | number)[] {
  return [
    print.bill.reference,
    print.bill.period,
    print.bill.pemdaCode,
    print.bill.payer.name,
    row.nip,
    row.name,
    row.workers,
    row.workerList.map((worker) => `${worker.name} (${maskNik(worker.nik)})`).join('; '),
    row.amount,
    '',
    '',
  ];
}

/** Streams the deduction list into `output` and ends it. */
export async function writeDeductionList(print: BillPrint, output: Writable, format: ErrorFileFormat) {
  await streamTable(
    output,
    format,
    'Potongan gaji',
    DEDUCTION_COLUMNS,
    print.deductions.map((row) => deductionCells(print, row)),
  );
}

const TITLES: Record<BillDocument, string> = {
  payroll_deduction: 'DAFTAR POTONGAN GAJI IURAN BPJS KETENAGAKERJAAN',
  invoice: 'TAGIHAN IURAN BPJS KETENAGAKERJAAN',
  payment_order: 'PERINTAH PEMBAYARAN IURAN BPJS KETENAGAKERJAAN (APBD)',
};

const SUBTITLES: Record<BillDocument, string> = {
  payroll_deduction:
    'Untuk dipotong dari gaji ASN berikut, yang menanggung iuran JKK dan JKM pekerja rentan.',
  invoice: 'Iuran JKK dan JKM pekerja rentan yang Anda tanggung.',
  payment_order: 'Iuran JKK dan JKM pekerja rentan yang ditanggung APBD.',
};

/** The standard PDF fonts encode WinAnsi only: accents are kept where they exist, others dropped. */
function printable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
}

export function formatDeadline(iso: string, zone: TimeZoneName): string {
  const day = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: TIME_ZONES[zone].iana }).format(
    new Date(iso),
  );
  return `${day} pukul 23.59 ${zone}`;
}

const MARGIN = 48;
const PAGE: [number, number] = [595.28, 841.89];
const LINE = 14;

interface Column {
  title: string;
  width: number;
  align?: 'right';
}

/** A cursor down A4 pages that starts a new page (with the table's header again) when one fills. */
class Printer {
  page: PDFPage;
  y: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  text(
    value: string,
    {
      size = 10,
      bold = false,
      x = MARGIN,
      width,
    }: { size?: number; bold?: boolean; x?: number; width?: number } = {},
  ) {
    const font = bold ? this.bold : this.font;
    let shown = printable(value);
    while (width !== undefined && shown.length > 1 && font.widthOfTextAtSize(shown, size) > width) {
      shown = shown.slice(0, -1);
    }
    this.page.drawText(shown, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
  }

  /** Words wrapped to the page's width. */
  paragraph(value: string, { size = 10, bold = false } = {}) {
    const font = bold ? this.bold : this.font;
    const width = PAGE[0] - 2 * MARGIN;
    let line = '';
    for (const word of printable(value).split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        this.text(line, { size, bold });
        this.down(size + 4);
        line = word;
      } else {
        line = next;
      }
    }
    if (line) this.text(line, { size, bold });
    this.down(size + 4);
  }

  down(by = LINE) {
    this.y -= by;
  }

  ensure(space: number, header?: Column[]) {
    if (this.y - space >= MARGIN + 20) return;
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    if (header)
      this.row(
        header.map((column) => column.title),
        header,
        true,
      );
  }

  row(cells: string[], columns: Column[], bold = false) {
    let x = MARGIN;
    columns.forEach((column, index) => {
      const value = printable(cells[index] ?? '');
      const font = bold ? this.bold : this.font;
      let shown = value;
      while (shown.length > 1 && font.widthOfTextAtSize(shown, 9) > column.width - 4)
        shown = shown.slice(0, -1);
      const offset = column.align === 'right' ? column.width - 4 - font.widthOfTextAtSize(shown, 9) : 0;
      this.page.drawText(shown, { x: x + offset, y: this.y, size: 9, font });
      x += column.width;
    });
    this.down(LINE - 1);
    if (bold) {
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 9 },
        end: { x: PAGE[0] - MARGIN, y: this.y + 9 },
        thickness: 0.5,
      });
    }
  }
}

const money = (amount: number) => formatRupiah(amount).replace('Rp ', '');

function tableOf(print: BillPrint): { columns: Column[]; rows: string[][] } {
  if (print.bill.document === 'payroll_deduction') {
    return {
      columns: [
        { title: 'NIP', width: 120 },
        { title: 'Nama ASN', width: 130 },
        { title: 'Pekerja yang ditanggung', width: 170 },
        { title: 'Potongan (Rp)', width: 79, align: 'right' },
      ],
      rows: print.deductions.map((row) => [
        row.nip,
        row.name,
        row.workerList.map((worker) => worker.name).join(', '),
        money(row.amount),
      ]),
    };
  }
  return {
    columns: [
      { title: 'Pekerja', width: 130 },
      { title: 'NIK', width: 95 },
      { title: 'Bulan', width: 50 },
      { title: 'JKK', width: 55, align: 'right' },
      { title: 'JKM', width: 55, align: 'right' },
      { title: 'JHT', width: 45, align: 'right' },
      { title: 'Jumlah (Rp)', width: 69, align: 'right' },
    ],
    rows: print.lines.map((line) => [
      line.kind === 'adjustment' ? `${line.workerName} (koreksi)` : line.workerName,
      maskNik(line.nik),
      line.period,
      money(line.jkk),
      money(line.jkm),
      money(line.jht),
      money(line.amount),
    ]),
  };
}

/** The printed bill, as bytes. */
export async function renderBillPdf(print: BillPrint): Promise<Uint8Array> {
  const { bill } = print;
  const doc = await PDFDocument.create();
  doc.setTitle(`${bill.reference} ${TITLES[bill.document]}`);
  doc.setAuthor(print.pemdaName);
  doc.setCreator('Asuh');
  // A fixed date keeps the same bill's PDF byte-for-byte the same whenever it is printed.
  doc.setCreationDate(new Date(bill.issuedAt));
  doc.setModificationDate(new Date(bill.issuedAt));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const out = new Printer(doc, font, bold);

  out.text(print.pemdaName.toUpperCase(), { size: 9, bold: true });
  out.down(20);
  out.paragraph(TITLES[bill.document], { size: 13, bold: true });
  out.paragraph(SUBTITLES[bill.document], { size: 9 });
  out.down(6);
  const facts: [string, string][] = [
    ['Nomor tagihan', bill.reference],
    ['Pembayar', bill.payer.name],
    ['Periode iuran', bill.period],
    ['Jatuh tempo', formatDeadline(bill.dueAt, print.timeZone)],
    ['Jumlah baris', String(bill.memberCount)],
  ];
  for (const [label, value] of facts) {
    out.text(label, { size: 10 });
    out.text(`: ${value}`, { size: 10, x: MARGIN + 110, width: PAGE[0] - 2 * MARGIN - 110 });
    out.down();
  }
  out.down(8);

  const { columns, rows } = tableOf(print);
  out.row(
    columns.map((column) => column.title),
    columns,
    true,
  );
  for (const row of rows) {
    out.ensure(LINE, columns);
    out.row(row, columns);
  }
  out.ensure(5 * LINE);
  out.down(6);
  out.text(`Jumlah yang harus dibayar: ${formatRupiah(bill.billedAmount)}`, { size: 11, bold: true });
  out.down(LINE + 2);
  out.paragraph(`Terbilang: ${capitalised(rupiahInWords(bill.billedAmount))}`, { size: 10 });
  out.down(4);
  out.paragraph(
    `Cantumkan nomor tagihan ${bill.reference} pada pembayaran. Iuran yang dibayar setelah jatuh tempo ` +
      'memulihkan perlindungan sejak tanggal pembayaran, tidak untuk kejadian sebelumnya.',
    { size: 8 },
  );
  const pages = doc.getPages();
  pages.forEach((page, index) => {
    page.drawText(
      printable(`${bill.reference} · halaman ${index + 1} dari ${pages.length} · dibuat oleh Asuh`),
      {
        x: MARGIN,
        y: MARGIN / 2,
        size: 7,
        font,
        color: rgb(0.4, 0.4, 0.4),
      },
    );
  });
  return doc.save();
}

/** File names the export and the downloads share. */
export function documentFileNames(bill: Pick<Bill, 'reference' | 'document'>) {
  const list = bill.document === 'payroll_deduction' ? `${bill.reference}-potongan-gaji` : null;
  return {
    pdf: `${bill.reference}.pdf`,
    csv: list ? `${list}.csv` : null,
    xlsx: list ? `${list}.xlsx` : null,
  };
}
