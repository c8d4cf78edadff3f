/**
 * API failures in one line: the HTTP code, the Status reason and the Status message the API
 * server sent (metav1.Status), or the transport error when no response came.
 */
import { ApiException } from '@kubernetes/client-node';

/** What went wrong with one request. */
export interface ApiFailure {
  /** HTTP status code; absent when the server was not reached. */
  code?: number;
  /** metav1.Status reason (NotFound, Conflict, Invalid, Forbidden, ...). */
  reason?: string;
  /** metav1.Status message, or the transport error. */
  message: string;
}

function parseStatus(body: unknown): { reason?: string; message?: string } | undefined {
  let v: unknown = body;
  if (typeof body === 'string') {
    try {
      v = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().split('\n')[0] } : undefined;
    }
  }
  if (!v || typeof v !== 'object') return undefined;
  const s = v as { kind?: unknown; reason?: unknown; message?: unknown };
  return {
    reason: typeof s.reason === 'string' && s.reason ? s.reason : undefined,
    message: typeof s.message === 'string' && s.message ? s.message : undefined,
  };
}

const HTTP_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Describes an error thrown by a client-node call. */
export function apiFailure(err: unknown): ApiFailure {
  if (err instanceof ApiException) {
    const code = err.code;
    const status = parseStatus(err.body);
    return {
      code,
      reason: status?.reason ?? HTTP_REASONS[code],
      message: status?.message ?? `HTTP ${code}`,
    };
  }
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const sys = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const msg = typeof e.message === 'string' ? e.message : String(err);
  return { message: sys && !msg.includes(sys) ? `${msg} (${sys})` : msg };
}

/** `404 NotFound: deployments.apps "web" not found`, or the transport error. */
export function formatFailure(f: ApiFailure): string {
  if (f.code === undefined) return f.message;
  return `${f.code}${f.reason ? ` ${f.reason}` : ''}: ${f.message}`;
}
