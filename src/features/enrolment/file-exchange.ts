import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { openImportFile } from '../../platform/files/import-file.ts';
import { type ErrorFileFormat, streamTable } from '../../platform/files/issue-file.ts';
import {
  type BatchLine,
  type BatchReceipt,
  type EnrolmentExchange,
  type IncomingResponse,
  type OutgoingBatch,
  RESPONSE_COLUMNS,
} from './enrolment-exchange.ts';

/**
 * The exchange by files, as branches work today (docs/formats/enrolment-batch.md and
 * enrolment-response.md): a batch is written as CSV or XLSX, into a folder or a download; a
 * response is read from a CSV or XLSX file with the import feature's streamed readers.
 */
export type BatchFileFormat = ErrorFileFormat;

/** The batch file's columns, in order; the same in CSV and in the XLSX's one sheet. */
export const BATCH_COLUMNS = [
  'no_batch',
  'jenis_wadah',
  'pemegang_wadah',
  'nik',
  'nama',
  'tanggal_lahir',
  'jenis_kelamin',
  'kode_desa',
  'nama_desa',
  'pekerjaan',
  'no_hp',
  'program',
  'penghasilan',
  'bulan_iuran_pertama',
  'ref_asuh',
] as const;

export interface FileExchangeOptions {
  /** Where batches go: a stream (a download) or a folder that gets `<reference>.<format>`. */
  send?: { format: BatchFileFormat } & ({ output: Writable } | { directory: string });
  /** The response file to read, refused beyond `maxBytes`. */
  receive?: { path: string; fileName?: string; maxBytes: number };
}

export const FILE_CHANNEL = 'file';

export function batchFileName(reference: string, format: BatchFileFormat): string {
  return `${reference}.${format}`;
}

function cells(reference: string, line: BatchLine): (string | number)[] {
  return [
    reference,
    line.groupAccountType ?? '',
    line.groupHolder,
    line.nik,
    line.name,
    line.birthDate,
    line.sex === 'male' ? 'L' : 'P',
    line.villageCode ?? '',
    line.villageName ?? '',
    line.occupation ?? '',
    line.phone ?? '',
    line.programmes.map((programme) => programme.toUpperCase()).join('+'),
    line.declaredIncome,
    line.firstMonth,
    line.sponsorshipReference,
  ];
}

export function createFileExchange(options: FileExchangeOptions): EnrolmentExchange {
  return {
    channel: FILE_CHANNEL,

    async sendBatch(batch: OutgoingBatch): Promise<BatchReceipt> {
      const send = options.send;
      if (!send) throw new Error('this file exchange has no destination for batches');
      let lines = 0;
      async function* rows() {
        for await (const line of batch.lines()) {
          lines += 1;
          yield cells(batch.reference, line);
        }
      }
      let output: Writable;
      let location: string | null = null;
      if ('directory' in send) {
        await mkdir(send.directory, { recursive: true });
        location = join(send.directory, batchFileName(batch.reference, send.format));
        output = createWriteStream(location);
      } else {
        output = send.output;
      }
      // Waited on beside the writer: the XLSX writer returns before the file is on disk.
      const written = finished(output);
      await streamTable(output, send.format, 'Peserta', BATCH_COLUMNS, rows());
      await written;
      return { lines, location };
    },

    async *fetchResponses(): AsyncGenerator<IncomingResponse> {
      const receive = options.receive;
      if (!receive) return;
      const file = await openImportFile(receive.path, RESPONSE_COLUMNS, { maxBytes: receive.maxBytes });
      try {
        yield {
          name: receive.fileName ?? null,
          // Known before the lines are read, so a file already applied is recognised at once.
          sha256: await file.sha256(),
          lines: file.rows,
          close: file.close,
        };
      } finally {
        file.close();
      }
    },
  };
}
