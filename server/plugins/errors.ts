import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Thrown by routes for a request that cannot be served as asked (4xx). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** What a parameter that failed its pattern should look like (the same words as the CLI). */
const PATTERN_HINTS: Record<string, string> = { week: 'must look like 2026-W47 (an ISO week)' };

/** One error handler: 4xx say what was wrong with the request; 5xx are logged in full and answered without detail. */
export function errorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  // A 503 we chose to send (a write that stayed busy) says so and when to come back.
  if (status === 503 && error instanceof HttpError) {
    const retryAfter = (error as HttpError & { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(503).send({ statusCode: 503, error: NAMES[503], message: error.message });
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; the error was logged.' });
  }
  let message = error.message;
  const validation = (error as FastifyError).validation;
  if (validation && validation[0]) {
    const v = validation[0];
    const where = (error as FastifyError).validationContext ?? 'request';
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const field = v.instancePath ? v.instancePath.replace(/^\//, '').replaceAll('/', '.') : (missing ?? '');
    // A union of literals fails once per literal: name the allowed values instead.
    const allowed = validation
      .filter((e) => e.instancePath === v.instancePath && e.keyword === 'const')
      .map((e) => String((e.params as { allowedValue?: unknown }).allowedValue));
    const hint = v.keyword === 'pattern' ? PATTERN_HINTS[field] : undefined;
    const what =
      hint ??
      (v.keyword === 'required' && !v.instancePath ? 'is required' : allowed.length > 1 ? `must be one of ${allowed.join(', ')}` : (v.message ?? 'is invalid'));
    message = `${where}${field ? `.${field}` : ''} ${what}`;
  }
  return reply.code(status).send({
    statusCode: status,
    error: NAMES[status] ?? 'Error',
    message,
    ...((error as HttpError).details ?? {}),
  });
}
