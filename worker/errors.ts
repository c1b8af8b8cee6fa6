// The one domain error type, and the one place that maps its codes to HTTP statuses and RFC 9457 problem details.

import { HTTPException } from "hono/http-exception";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  unrenderable: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthorized: "Authentication required",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  gone: "Withdrawn",
  payload_too_large: "Request too large",
  unsupported_media_type: "Unsupported content type",
  invalid: "Invalid input",
  unrenderable: "Not available in this citation style",
  too_many_requests: "Too many attempts",
  internal: "Internal error",
  unavailable: "Temporarily unavailable",
};

/** Every problem type, for the API reference. */
export function listProblemTypes(): { code: ErrorCode; status: number; title: string }[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => ({ code, status: ERROR_STATUS[code], title: TITLES[code] }));
}

/** Thrown by logic anywhere; `onError` turns it into problem+json under /api and an HTML page elsewhere. */
export class RepositoryError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem details object, e.g. `errors` or a tombstone. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "RepositoryError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
};

export function toProblemDetails(error: RepositoryError, instance?: string): ProblemDetails {
  return {
    type: `/api/docs#problem-${error.code}`,
    title: TITLES[error.code],
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...error.extensions,
  };
}

export function problemResponse(error: RepositoryError, instance?: string): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8" };
  if (error.code === "unauthorized") headers["www-authenticate"] = 'Bearer realm="mhi-repository"';
  // A problem that says when to try again (`retry_after`, in seconds) says it to HTTP clients too.
  if (typeof error.extensions.retry_after === "number") headers["retry-after"] = String(error.extensions.retry_after);
  return new Response(JSON.stringify(toProblemDetails(error, instance)), { status: error.status, headers });
}

const HTTP_CODES: Record<number, ErrorCode> = { 400: "bad_request", 401: "unauthorized", 404: "not_found", 413: "payload_too_large", 415: "unsupported_media_type" };

/** Known errors keep their message; anything else is logged with the request id and leaks nothing. */
export function toRepositoryError(error: unknown, requestId: string): RepositoryError {
  if (error instanceof RepositoryError) return error;
  if (error instanceof HTTPException && HTTP_CODES[error.status]) {
    const message = error.status === 400 && /JSON/i.test(error.message) ? "The body is not valid JSON." : error.message;
    return new RepositoryError(HTTP_CODES[error.status], message);
  }
  console.error("unexpected error", { requestId, error: error instanceof Error ? error.stack : String(error) });
  return new RepositoryError("internal", `Something went wrong on our side. Quote request id ${requestId} if you report it.`);
}
