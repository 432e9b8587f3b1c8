import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isOrquestaError, type ErrorCode } from '../core/errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Fastify's own client errors, mapped to Orquesta's stable codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/**
 * One place that turns every error into `{ error: { code, message, details? } }`. Client errors are
 * answered as they are; anything unexpected is logged once and answered as `internal` without its details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const details = error.validation.map((issue) => ({
        // instancePath is "/" for the whole body and "/text" or "/a/0/b" below it.
        where: `${context}${issue.instancePath === '/' ? '' : issue.instancePath.replaceAll('/', '.')}`,
        problem: describeProblem(issue),
      }));
      const summary = details.map((detail) => `${detail.where}: ${detail.problem}`).join('; ');
      return reply
        .code(400)
        .send(
          body(
            'invalid_request',
            `the request is not valid: ${summary} — correct these fields (the format is in /docs)`,
            details,
          ),
        );
    }
    if (isOrquestaError(error)) {
      return reply.code(error.status).send(body(error.code, error.message, error.details));
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped === 'invalid_json') {
      return reply.code(400).send(body('invalid_json', 'the body is not valid JSON — send a JSON object'));
    }
    if (mapped === 'payload_too_large') {
      return reply
        .code(413)
        .send(
          body(
            'payload_too_large',
            `the body is larger than this server accepts (${request.routeOptions.bodyLimit} bytes) — send less`,
          ),
        );
    }
    if (mapped === 'unsupported_media_type') {
      const type = request.headers['content-type'] ?? 'none';
      return reply
        .code(415)
        .send(
          body(
            'unsupported_media_type',
            `content type "${type}" is not accepted — send JSON with "Content-Type: application/json"`,
          ),
        );
    }
    if (mapped) return reply.code(error.statusCode ?? 400).send(body(mapped, error.message));
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send(body('invalid_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(body('internal', 'something went wrong on our side; it was logged'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        body(
          'not_found',
          `no route ${request.method} ${request.url.split('?')[0]} — check the method and path (the routes are in /docs)`,
        ),
      ),
  );
}

/** Zod's words, except that a missing field says so plainly. */
function describeProblem(issue: {
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}): string {
  const message = issue.message ?? issue.keyword;
  if (issue.keyword === 'invalid_type' && / received undefined$/.test(message)) {
    return `required, expected ${String(issue.params.expected)}`;
  }
  return message;
}

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
