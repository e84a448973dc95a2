import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Language, Message } from '../core/message.ts';
import { AppError, type ErrorKind } from '../errors.ts';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** Bahasa Indonesia unless the client prefers English over it. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.split('-')[0], quality: q ? Number(q.slice(2)) || 0 : 1, position };
    })
    .filter((entry) => entry.primary === 'id' || entry.primary === 'en')
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  return ranked[0]?.primary === 'en' ? 'en' : 'id';
}

export function requestLanguage(request: FastifyRequest): Language {
  return preferredLanguage(request.headers['accept-language']);
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  text: Message,
  details?: unknown,
) {
  const language = requestLanguage(request);
  return reply
    .status(status)
    .header('content-language', language)
    .send({ error: { code, message: text[language], ...(details === undefined ? {} : { details }) } });
}

/**
 * PostgreSQL's refusals of a value itself (SQLSTATE class 22): a NUL or a byte it cannot store, a
 * number or a date out of its range, text that is not a number. Validation should have refused
 * them first; should one slip through, it is still the caller's input at fault, not the server.
 */
const INPUT_REFUSALS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

function databaseInputRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && INPUT_REFUSALS.has(code);
}

export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return send(
      request,
      reply,
      STATUS_BY_KIND[error.kind],
      error.problem.code,
      error.problem.message,
      error.details,
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map(
      (issue) => `${issue.instancePath.replace(/^\//, '') || error.validationContext}: ${issue.message}`,
    );
    return send(
      request,
      reply,
      400,
      'VALIDATION',
      { id: `Permintaan tidak sah: ${fields.join('; ')}`, en: `Invalid request: ${fields.join('; ')}` },
      error.validation.map((issue) => ({ path: issue.instancePath, message: issue.message })),
    );
  }
  if (databaseInputRefusal(error)) {
    request.log.warn({ err: error }, 'input refused by the database, not by validation');
    return send(request, reply, 400, 'INVALID_VALUE', {
      id: 'Permintaan memuat nilai yang tidak dapat disimpan (karakter, angka atau tanggal di luar batas).',
      en: 'The request holds a value that cannot be stored (a character, number or date out of range).',
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, 'INTERNAL', {
      id: 'Terjadi kesalahan di server. Silakan coba lagi; jika berulang, hubungi admin.',
      en: 'Something went wrong on the server. Please try again; if it persists, contact the administrator.',
    });
  }
  return send(request, reply, status, error.code ?? 'BAD_REQUEST', { id: error.message, en: error.message });
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, 404, 'ROUTE_NOT_FOUND', {
    id: `Alamat ${request.method} ${request.url} tidak ada.`,
    en: `There is no ${request.method} ${request.url}.`,
  });
}
