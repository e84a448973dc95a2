import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { type Language, problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { checkImportFile } from '../../platform/files/import-file.ts';
import { type ErrorFileFormat, streamErrorFile } from '../../platform/files/issue-file.ts';
import {
  pemdaField,
  type SavedUpload,
  saveUpload,
  type UploadSettings,
} from '../../platform/files/upload.ts';
import { createJobRunner } from '../../platform/jobs/runner.ts';
import { pemdaOutOfScope, requireOnboardedPemda } from '../../platform/pemda.ts';
import { findJob, IMPORT_OWNER_LOCK, insertJob, type JobRecord, listJobs } from './import-repository.ts';
import {
  checkImportOptions,
  failInterruptedImports,
  IMPORT_COLUMNS,
  type ImportFileOptions,
  importFile,
} from './import-service.ts';
import { type ImportJob, importKindSchema } from './import-types.ts';

/**
 * Imports uploaded from the browser: the upload is streamed to disk, checked as a whole (so a
 * refused file is a 400 at once), then queued; the platform's job runner takes the jobs one at a
 * time and the browser polls the job for progress. Each job is owned by this process through an
 * advisory lock: should the process die, the job fails as interrupted at the next read.
 */
export type ImportUpload = SavedUpload;

export interface ImportRequest {
  actor: Actor;
  fields: Record<string, string>;
  upload: ImportUpload;
  ip: string | null;
}

export interface ImportJobsDeps {
  db: Database;
  /** Where uploads wait and how large they may be. */
  uploads: UploadSettings;
  log?: { error(details: object, message: string): void };
}

const RECENT_JOBS = 50;

const jobNotFound = () =>
  notFound(problem('IMPORT_NOT_FOUND', 'Impor tersebut tidak ada.', 'There is no such import.'));

export function createImportJobs({ db, uploads, log }: ImportJobsDeps) {
  const runner = createJobRunner({ log });

  function run(id: string, path: string, options: ImportFileOptions): void {
    runner.enqueue({
      // Left queued at shutdown, its lock let go: the job fails as interrupted at the next read.
      run: (signal) => importFile(db, path, { ...options, jobId: id, signal }),
      async settle() {
        await rm(path, { force: true });
        await db.releaseLock(IMPORT_OWNER_LOCK, id).catch(() => {});
      },
      failure: { message: 'import failed', details: { importId: id } },
    });
  }

  function assertMayImport(actor: Actor, pemdaCode: string): void {
    requireAccess(actor, 'pemda.administer', { pemdaCode });
  }

  /** Only Pemda admins import; another Pemda's job reads as one that does not exist. */
  async function readableJob(id: string, actor: Actor): Promise<JobRecord> {
    requireAccess(actor, 'imports.use');
    await failInterruptedImports(db);
    const job = await findJob(db, id);
    if (!job || !may(actor, 'pemda.administer', { pemdaCode: job.pemda_code })) throw jobNotFound();
    return job;
  }

  return {
    maxBytes: uploads.maxBytes,
    assertMayImport,

    /** Streams an upload to disk, refusing it once it passes the size limit. */
    async receive(
      id: string,
      fileName: string,
      file: Readable & { truncated?: boolean },
    ): Promise<ImportUpload> {
      return saveUpload(join(uploads.uploadsDir, id), fileName, file, uploads.maxBytes);
    },

    /** Checks the request and the file as a whole, then queues the job. */
    async accept(id: string, request: ImportRequest): Promise<{ id: string; status: 'queued' }> {
      const { actor, fields, upload } = request;
      const kind = importKindSchema.safeParse(fields.kind);
      if (!kind.success) {
        throw invalid(
          problem(
            'IMPORT_KIND',
            'Isian "kind" harus "asn" (roster ASN) atau "workers" (registri pekerja).',
            'The "kind" field must be "asn" (ASN roster) or "workers" (worker registry).',
          ),
        );
      }
      const pemdaCode = pemdaField(fields, 'IMPORT');
      assertMayImport(actor, pemdaCode);
      const options = {
        kind: kind.data,
        pemdaCode,
        actor,
        dryRun: isYes(fields.dryRun),
        full: isYes(fields.full),
        fileName: upload.fileName,
        ip: request.ip,
        maxBytes: uploads.maxBytes,
      };
      checkImportOptions(options);
      await requireOnboardedPemda(db, pemdaCode);
      // The whole file, before any row of the database: a file refused is a 400 and leaves no job.
      const checked = await checkImportFile(upload.path, IMPORT_COLUMNS[options.kind], uploads);
      // This process owns the job from the queue on: should it die, the job fails at the next read.
      await db.holdLock(IMPORT_OWNER_LOCK, id);
      await insertJob(db, {
        id,
        kind: options.kind,
        pemdaCode,
        fileName: upload.fileName,
        fileBytes: upload.bytes,
        status: 'queued',
        dryRun: options.dryRun,
        full: options.full,
        runner: 'api',
        createdBy: actor.userId,
      }).catch(async (error: unknown) => {
        await db.releaseLock(IMPORT_OWNER_LOCK, id);
        throw error;
      });
      run(id, upload.path, { ...options, checked });
      return { id, status: 'queued' };
    },

    async get(id: string, actor: Actor, language: Language): Promise<ImportJob> {
      return jobView(await readableJob(id, actor), language);
    },

    async list(pemdaCode: string, actor: Actor, language: Language): Promise<ImportJob[]> {
      requireAccess(actor, 'imports.use');
      if (!may(actor, 'pemda.administer', { pemdaCode })) throw pemdaOutOfScope(pemdaCode);
      await failInterruptedImports(db);
      return (await listJobs(db, pemdaCode, RECENT_JOBS)).map((job) => jobView(job, language));
    },

    /** The error file of a completed job: checked first, then streamed as it is read. */
    async openErrorFile(id: string, actor: Actor, format: ErrorFileFormat): Promise<Readable> {
      const job = await readableJob(id, actor);
      if (job.status !== 'completed') {
        throw invalid(
          problem(
            'IMPORT_NOT_FINISHED',
            'Berkas kesalahan tersedia setelah impor selesai.',
            'The error file is available once the import has completed.',
          ),
        );
      }
      const body = new PassThrough();
      streamErrorFile(db, id, body, format).catch((error: Error) => body.destroy(error));
      return body;
    },

    /** At start: jobs a dead process left unfinished fail as interrupted. */
    failInterrupted: () => failInterruptedImports(db),

    /** Stops taking jobs, stops the running one between batches, and waits for it. */
    close: () => runner.close(),
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;

/** Form fields arrive as text: `true`, `1`, `on` (a checkbox) and `ya` mean yes. */
function isYes(value: string | undefined): boolean {
  return ['true', '1', 'on', 'yes', 'ya'].includes((value ?? '').trim().toLowerCase());
}

function jobView(job: JobRecord, language: Language): ImportJob {
  const completed = job.status === 'completed';
  const percent = completed
    ? 100
    : job.file_bytes
      ? Math.min(100, Math.floor((job.bytes_read * 100) / job.file_bytes))
      : null;
  const withIssues = completed && (job.rejected ?? 0) + (job.warned ?? 0) > 0;
  const base = `/api/v1/imports/${job.id}`;
  return {
    id: job.id,
    kind: job.kind,
    pemdaCode: job.pemda_code,
    fileName: job.file_name,
    status: job.status,
    dryRun: job.dry_run,
    progress: { rowsRead: job.rows_read, bytesRead: job.bytes_read, totalBytes: job.file_bytes, percent },
    summary: completed
      ? {
          read: job.read ?? 0,
          inserted: job.inserted ?? 0,
          updated: job.updated ?? 0,
          unchanged: job.unchanged ?? 0,
          rejected: job.rejected ?? 0,
          warned: job.warned ?? 0,
          linked: job.linked ?? 0,
          deactivated: job.deactivated ?? 0,
        }
      : null,
    error:
      job.status === 'failed'
        ? `${language === 'en' ? job.error_message_en : job.error_message_id} [${job.error_code}]`
        : null,
    errorFileUrls: withIssues ? { csv: `${base}/errors.csv`, xlsx: `${base}/errors.xlsx` } : null,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}
