/**
 * One-shot (or n-shot) failures for testing a client's error handling: the next matching requests
 * get the given status before any other processing, then the fault is used up.
 */

export interface FaultSpec {
  /** Only requests with this method (any when omitted). */
  method?: string;
  /**
   * Which paths: a RegExp tested against the decoded path, or a string where `*` matches any run
   * of characters and the whole path must match (e.g. `/repos/acme/infra/git/*`). Any when omitted.
   */
  pathPattern?: string | RegExp;
  status: 403 | 429 | 500 | 502 | 503;
  /** How many requests to fail; default 1. `Infinity` keeps failing until `clearFaults()`. */
  times?: number;
  /** Sent as `retry-after` (403/429 only). */
  retryAfterSeconds?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  matcher: (path: string) => boolean;
  remaining: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const pattern = spec.pathPattern;
    const regex =
      pattern === undefined ? undefined : typeof pattern === 'string' ? globToRegExp(pattern) : pattern;
    this.faults.push({
      spec,
      matcher: (path) => (regex ? regex.test(path) : true),
      remaining: spec.times ?? 1,
    });
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.spec.method === undefined || candidate.spec.method.toUpperCase() === method) &&
        candidate.matcher(path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault.spec;
  }

  clear(): void {
    this.faults = [];
  }
}
