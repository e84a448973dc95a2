import { rm } from 'node:fs/promises';
import type { FastifyMultipartOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { problem } from '../core/message.ts';
import { invalid } from '../errors.ts';
import { refuseControlCharacters } from './input-guard.ts';

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
