import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ASN_COLUMNS, type AsnColumn } from '../core/registry/asn-row.ts';
import { WORKER_COLUMNS, type WorkerColumn } from '../core/registry/worker-row.ts';
import { csvField } from '../platform/files/issue-file.ts';
import { type DemoAsn, type DemoRegions, type DemoWorker, generateAsn } from './demo-generator.ts';
import { generateWorkers } from './demo-workers.ts';

/** A generated person as the import files write them: every cell a string, by column name. */
export function asnCells(row: DemoAsn): Record<AsnColumn, string> {
  return {
    nip: row.nip,
    nama: row.name,
    opd: row.opd,
    // As personnel offices write it; the import reads `NON_ASN` and `honorer` alike.
    jenis_pegawai: row.employmentType === 'NON_ASN' ? 'Non ASN' : row.employmentType,
    golongan: row.rank ?? '',
    eselon: row.echelon ?? '',
    gaji_pokok: String(row.baseSalary),
    kode_desa: row.villageCode,
  };
}

export function workerCells(row: DemoWorker): Record<WorkerColumn, string> {
  return {
    nik: row.nik,
    nama: row.name,
    tanggal_lahir: row.birthDate,
    jenis_kelamin: row.sex === 'female' ? 'P' : 'L',
    pekerjaan: row.occupation,
    sektor: row.sector,
    kode_desa: row.villageCode,
    no_hp: row.phone ?? '',
    desil: row.welfareDecile === null ? '' : String(row.welfareDecile),
  };
}

/** One CSV record, its cells written as every CSV of Asuh's is (quoted, formulas neutralised). */
export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(csvField).join(',')}\n`;
}

/** Rows are joined into pieces of about this many characters before they reach the file. */
const CHUNK_CHARACTERS = 1 << 16;

/**
 * Writes a header and one line per row, streamed: the file is pulled from the generator only as
 * fast as the disk takes it, so memory stays the same for ten rows or ten million.
 */
export async function writeCsv<C extends string, T>(
  path: string,
  columns: readonly C[],
  rows: Iterable<T>,
  cells: (row: T) => Record<C, string>,
  onProgress?: (written: number) => void,
): Promise<number> {
  let written = 0;
  function* chunks(): Generator<string> {
    let chunk = csvLine(columns);
    for (const row of rows) {
      const record = cells(row);
      chunk += csvLine(columns.map((column) => record[column]));
      written++;
      if (chunk.length >= CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
        onProgress?.(written);
      }
    }
    if (chunk !== '') yield chunk;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
  onProgress?.(written);
  return written;
}

export interface DemoFiles {
  asn: { path: string; rows: number };
  workers: { path: string; rows: number };
}

/** `asn.csv` and `workers.csv` in `directory`, in the formats `asuh import` reads. */
export async function writeDemoFiles(
  directory: string,
  regions: DemoRegions,
  options: { seed: number; asn: number; workers: number },
  onProgress?: (file: 'asn' | 'workers', written: number, total: number) => void,
): Promise<DemoFiles> {
  await mkdir(directory, { recursive: true });
  const asnPath = join(directory, 'asn.csv');
  const workersPath = join(directory, 'workers.csv');
  const asnRows = await writeCsv(
    asnPath,
    ASN_COLUMNS,
    generateAsn(regions, { seed: options.seed, count: options.asn }),
    asnCells,
    (written) => onProgress?.('asn', written, options.asn),
  );
  const workerRows = await writeCsv(
    workersPath,
    WORKER_COLUMNS,
    generateWorkers(regions, { seed: options.seed, count: options.workers }),
    workerCells,
    (written) => onProgress?.('workers', written, options.workers),
  );
  return { asn: { path: asnPath, rows: asnRows }, workers: { path: workersPath, rows: workerRows } };
}
