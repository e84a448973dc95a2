import type { FastifyError, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maskNik } from '../core/identifiers/nik.ts';

/** A NIK is 16 digits; a longer run of digits is something else and stays as it is. */
const NIK_IN_TEXT = /(?<!\d)\d{16}(?!\d)/g;

export function maskNiksInText(text: string): string {
  return text.replace(NIK_IN_TEXT, (nik) => maskNik(nik));
}

/** Fields named `nik` wherever a log line may carry them: a request's params, query or body, or a log call's own object. */
const NIK_FIELDS = [
  'nik',
  '*.nik',
  'req.params.nik',
  'req.query.nik',
  'req.body.nik',
  'params.nik',
  'query.nik',
  'body.nik',
];

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * The server's log must not hold a full NIK (personal data kept for as long as the log is): URLs
 * such as `/api/v1/workers/{nik}` or `?nik=` are logged with the NIK masked as the app shows it to
 * roles without full access, and so is any field named `nik` and any NIK in an error's text.
 */
export function redactingLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options: LoggerOptions = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: maskNiksInText(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      err: (error: FastifyError) => ({
        type: error.constructor?.name ?? 'Error',
        message: maskNiksInText(String(error.message)),
        stack: maskNiksInText(error.stack ?? ''),
        code: error.code,
        statusCode: error.statusCode,
      }),
    },
    redact: {
      paths: NIK_FIELDS,
      censor: (value: unknown) => (typeof value === 'string' ? maskNik(value) : '[redacted]'),
    },
  };
}
