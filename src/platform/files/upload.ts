import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyMultipartOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { refuseControlCharacters } from '../../server/input-guard.ts';
import { fileTooLarge } from './import-file.ts';

export interface SavedUpload {
  path: string;
  fileName: string;
  bytes: number;
}

/**
 * The multipart settings of a one-file upload route. The size limit is ours to report
 * (FILE_TOO_LARGE, bilingual): the plugin only truncates.
 */
export function uploadOptions(maxBytes: number): FastifyMultipartOptions {
  return {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024 },
  };
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
  settings: { uploadsDir: string; maxBytes: number },
  prefix: string,
  part: MultipartFile,
): Promise<SavedUpload> {
  return saveUpload(
    join(settings.uploadsDir, `${prefix}-${randomUUID()}`),
    part.filename,
    part.file,
    settings.maxBytes,
  );
}

/**
 * The fields and the one file of a multipart upload. The fields come first, so `save` may refuse
 * a caller by them before any byte reaches disk. `codePrefix` names the feature in the error
 * codes (`<prefix>_NOT_MULTIPART`, `<prefix>_NO_FILE`).
 */
export async function readUpload<U extends { path: string }>(
  request: FastifyRequest,
  codePrefix: string,
  save: (file: MultipartFile, fields: Readonly<Record<string, string>>) => Promise<U>,
): Promise<{ fields: Record<string, string>; upload: U }> {
  if (!request.isMultipart()) {
    throw invalid(
      problem(
        `${codePrefix}_NOT_MULTIPART`,
        'Kirim berkas sebagai multipart/form-data.',
        'Send the file as multipart/form-data.',
      ),
    );
  }
  const fields: Record<string, string> = {};
  let upload: U | undefined;
  try {
    for await (const part of request.parts()) {
      refuseControlCharacters(part.fieldname, part.fieldname);
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        refuseControlCharacters(fields[part.fieldname]!, part.fieldname);
        continue;
      }
      refuseControlCharacters(part.filename, 'filename');
      upload = await save(part, fields);
    }
  } catch (error) {
    if (upload) await rm(upload.path, { force: true });
    throw error;
  }
  if (!upload) {
    throw invalid(
      problem(`${codePrefix}_NO_FILE`, 'Tidak ada berkas yang diunggah.', 'No file was uploaded.'),
    );
  }
  return { fields, upload };
}

/** `readUpload`, then `use`; the file is removed from disk however `use` ends. */
export async function withUpload<U extends { path: string }, T>(
  request: FastifyRequest,
  codePrefix: string,
  save: (file: MultipartFile, fields: Readonly<Record<string, string>>) => Promise<U>,
  use: (fields: Record<string, string>, upload: U) => Promise<T>,
): Promise<T> {
  const { fields, upload } = await readUpload(request, codePrefix, save);
  try {
    return await use(fields, upload);
  } finally {
    await rm(upload.path, { force: true });
  }
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
