import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config.ts';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { fileTooLarge } from './import-file.ts';

/** Where uploads wait for the work that reads them (an import job, a response file), and how large they may be. */
export interface UploadSettings {
  /** `<ASUH_DATA_DIR>/uploads`. */
  uploadsDir: string;
  maxBytes: number;
}

export function uploadSettings(config: Pick<Config, 'dataDir' | 'importMaxBytes'>): UploadSettings {
  return { uploadsDir: join(config.dataDir, 'uploads'), maxBytes: config.importMaxBytes };
}

export interface SavedUpload {
  path: string;
  fileName: string;
  bytes: number;
}

/** Streams an upload to disk, refusing it once it passes the size limit. */
export async function saveUpload(
  path: string,
  fileName: string,
  file: Readable & { truncated?: boolean },
  maxBytes: number,
): Promise<SavedUpload> {
  await mkdir(dirname(path), { recursive: true });
  let bytes = 0;
  file.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  try {
    await pipeline(file, createWriteStream(path));
    if (file.truncated) throw fileTooLarge(null, maxBytes);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, fileName, bytes };
}

/** Saves an upload under the uploads folder, named by its feature (`prefix`) and a fresh id. */
export function saveUploadIn(
  settings: UploadSettings,
  prefix: string,
  part: { filename: string; file: Readable & { truncated?: boolean } },
): Promise<SavedUpload> {
  return saveUpload(
    join(settings.uploadsDir, `${prefix}-${randomUUID()}`),
    part.filename,
    part.file,
    settings.maxBytes,
  );
}

/** The Pemda code an upload names in its `pemda` field, which it must. */
export function pemdaField(fields: Readonly<Record<string, string>>, codePrefix: string): string {
  const pemdaCode = (fields.pemda ?? '').trim();
  if (pemdaCode === '') {
    throw invalid(
      problem(
        `${codePrefix}_PEMDA`,
        'Isian "pemda" (kode Pemda) wajib diisi.',
        'The "pemda" field is required.',
      ),
    );
  }
  return pemdaCode;
}
