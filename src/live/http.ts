/**
 * The HTTP transport of `kubesim import` and `kubesim replay`: client-node's own fetch library
 * with a per-request timeout and bounded retries with exponential back-off and jitter on 429,
 * 5xx and connection errors, honouring Retry-After (as client-go's rest client does). Every
 * request still goes through client-node's authentication (the kubeconfig's agent and headers).
 */
import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
  type KubeConfig,
  type RequestContext,
} from '@kubernetes/client-node';

/** How requests are made. */
export interface RequestPolicy {
  /** Seconds before a request is abandoned (default 30). */
  timeoutSeconds: number;
  /** Retries after the first attempt (default 5); 0 disables retrying. */
  retries: number;
  /** First back-off in seconds (doubled each retry, jittered, default 0.5). */
  backoffSeconds: number;
  /** Longest single wait (back-off or Retry-After), seconds (default 30). */
  maxWaitSeconds: number;
  /** Total time one request may take with its retries, seconds (default 120). */
  budgetSeconds: number;
  /** Waits (tests pass a fast one). */
  sleep?: (seconds: number) => Promise<void>;
  /** Uniform [0, 1) for the jitter (tests pass a seeded one). */
  random?: () => number;
  /** Told about each retry (the CLI prints a line). */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Client-side rate limit shared by every client of one command (client-go's token bucket:
   * QPS 5, burst 10 by default); each attempt, retries included, takes a token.
   */
  rateLimiter?: TokenBucket;
}

/**
 * A token bucket as client-go's flowcontrol.NewTokenBucketRateLimiter: `burst` tokens at most,
 * refilled at `qps` per second; a request waits until its token is due (reservations queue up,
 * as golang.org/x/time/rate's Wait does).
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = () => Date.now() / 1000,
    private readonly sleep: (seconds: number) => Promise<void> = realSleep,
  ) {
    if (!(qps > 0) || !Number.isFinite(qps)) throw new Error(`qps must be a positive number, got ${qps}`);
    if (!Number.isInteger(burst) || burst < 1) throw new Error(`burst must be a positive integer, got ${burst}`);
    this.tokens = burst;
  }

  /** Seconds the next request must wait, reserving its token. */
  reserve(): number {
    const t = this.now();
    if (this.last !== undefined) this.tokens = Math.min(this.burst, this.tokens + (t - this.last) * this.qps);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : -this.tokens / this.qps;
  }

  /** Waits for a token. */
  async wait(): Promise<void> {
    const w = this.reserve();
    if (w > 0) await this.sleep(w);
  }
}

/** client-go's rest.Config defaults (DefaultQPS, DefaultBurst). */
export const DEFAULT_QPS = 5;
export const DEFAULT_BURST = 10;

/** One retry about to happen. */
export interface RetryInfo {
  method: string;
  /** The request path (no host, no query: nothing secret). */
  path: string;
  attempt: number;
  /** Why: `429 TooManyRequests`, `503`, `ECONNRESET`, `timeout after 30s`. */
  reason: string;
  waitSeconds: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = { timeoutSeconds: 30, retries: 5, backoffSeconds: 0.5, maxWaitSeconds: 30, budgetSeconds: 120 };

const realSleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** A request that ran out of time (the error client-node callers see). */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(seconds: number) {
    super(`no response within ${seconds}s (--request-timeout)`);
    this.name = 'RequestTimeoutError';
  }
}

/** Seconds of a Retry-After header (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, (t - now) / 1000);
}

/** The system error code of a failed fetch (node-fetch wraps it), if any. */
function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; cause?: { code?: unknown }; type?: unknown; message?: unknown };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.errno === 'string') return e.errno;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  if (typeof e?.message === 'string' && /socket hang up/.test(e.message)) return 'ECONNRESET';
  return undefined;
}


/** Sends with timeout and retries. */
class RetryingLibrary {
  private readonly inner = new IsomorphicFetchHttpLibrary();
  constructor(private readonly policy: RequestPolicy) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const p = this.policy;
    const sleep = p.sleep ?? realSleep;
    const random = p.random ?? Math.random;
    const started = Date.now();
    const method = request.getHttpMethod().toString();
    let path = '';
    try {
      path = new URL(request.getUrl()).pathname;
    } catch {
      path = '?';
    }
    for (let attempt = 0; ; attempt++) {
      // client-go's request loop throttles every attempt (tryThrottle) before sending
      if (p.rateLimiter) await p.rateLimiter.wait();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), p.timeoutSeconds * 1000);
      request.setSignal(controller.signal as unknown as Parameters<RequestContext['setSignal']>[0]);
      let reason: string;
      let retryAfter: number | undefined;
      try {
        const res = await this.inner.send(request).toPromise();
        if (res.httpStatusCode !== 429 && res.httpStatusCode < 500) {
          // read the body now, under the same timeout, so a stalled body cannot hang the caller
          const text = await res.body.text();
          clearTimeout(timer);
          return new ResponseContext(res.httpStatusCode, res.headers, { text: async () => text, binary: async () => Buffer.from(text) });
        }
        const text = await res.body.text().catch(() => '');
        clearTimeout(timer);
        retryAfter = retryAfterSeconds(res.headers['retry-after']);
        reason = `${res.httpStatusCode}`;
        if (!this.canRetry(attempt, started, retryAfter ?? 0)) {
          return new ResponseContext(res.httpStatusCode, res.headers, { text: async () => text, binary: async () => Buffer.from(text) });
        }
      } catch (err) {
        clearTimeout(timer);
        const timedOut = controller.signal.aborted;
        const code = timedOut ? 'ETIMEDOUT' : errorCode(err);
        if (!timedOut && (code === undefined || !RETRY_CODES.has(code))) throw err;
        reason = timedOut ? `timeout after ${p.timeoutSeconds}s` : code!;
        if (!this.canRetry(attempt, started, 0)) throw timedOut ? new RequestTimeoutError(p.timeoutSeconds) : err;
      }
      const backoff = Math.min(p.maxWaitSeconds, p.backoffSeconds * 2 ** attempt) * (0.5 + random() / 2);
      const wait = Math.min(p.maxWaitSeconds, retryAfter !== undefined ? Math.max(retryAfter, 0) : backoff);
      p.onRetry?.({ method, path, attempt: attempt + 1, reason, waitSeconds: wait });
      await sleep(wait);
    }
  }

  private canRetry(attempt: number, started: number, wait: number): boolean {
    const p = this.policy;
    if (attempt >= p.retries) return false;
    return (Date.now() - started) / 1000 + Math.min(wait, p.maxWaitSeconds) < p.budgetSeconds;
  }
}

/**
 * An API client of `kc`'s current cluster (as `kc.makeApiClient` builds it) whose requests go
 * through the timeout and retry policy.
 */
export function makeApiClient<T>(kc: KubeConfig, api: new (config: ReturnType<typeof createConfiguration>) => T, policy: Partial<RequestPolicy> = {}): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: wrapHttpLibrary(new RetryingLibrary({ ...DEFAULT_REQUEST_POLICY, ...policy })),
  });
  return new api(config);
}

/**
 * Every credential string of the kubeconfig (tokens, passwords, key data, exec/auth-provider
 * secrets), to keep them out of anything kubesim prints.
 */
export function credentialStrings(kc: KubeConfig): string[] {
  const out = new Set<string>();
  const visit = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (/token|password|secret|key|cert|credential/i.test(key) && v.length >= 4) out.add(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const u of kc.getUsers()) visit(u);
  for (const c of kc.getClusters()) {
    try {
      const url = new URL(c.server);
      if (url.password) out.add(decodeURIComponent(url.password));
    } catch {
      /* not a URL */
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every credential replaced by `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[REDACTED]');
  // bearer tokens from other sources (an echoed Authorization header)
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1[REDACTED]');
}
