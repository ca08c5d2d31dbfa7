import type { AwsServiceName } from './service.js';

export type FaultKind = 'throttle' | 'server-error' | 'latency';

export interface Fault {
  kind: FaultKind;
  /** How many matching requests it affects; unlimited until cleared when omitted. */
  times?: number;
  /** For `latency`: real milliseconds added before the request is served. */
  latencyMs?: number;
}

interface Rule {
  service: AwsServiceName;
  action: string;
  fault: Fault;
  remaining: number;
}

/**
 * Faults injected by tests, matched per service and action (`'*'` matches every action of the
 * service). Rules apply in the order they were added; each matching request uses up one `times`.
 */
export class FaultInjector {
  private rules: Rule[] = [];

  inject(service: AwsServiceName, action: string, fault: Fault): void {
    if (fault.kind === 'latency' && !(typeof fault.latencyMs === 'number' && fault.latencyMs >= 0)) {
      throw new RangeError('a latency fault needs latencyMs >= 0');
    }
    const remaining = fault.times ?? Number.POSITIVE_INFINITY;
    if (!(remaining > 0)) throw new RangeError(`times must be positive, got ${fault.times}`);
    this.rules.push({ service, action, fault: { ...fault }, remaining });
  }

  /** Removes rules for a service (and action), or all of them. */
  clear(service?: AwsServiceName, action?: string): void {
    this.rules = this.rules.filter(
      (r) =>
        !(service === undefined || (r.service === service && (action === undefined || r.action === action))),
    );
  }

  list(): Array<{ service: AwsServiceName; action: string; fault: Fault; remaining: number }> {
    return this.rules.map((r) => ({ ...r, fault: { ...r.fault } }));
  }

  /** The fault to apply to this request, if any, consuming one use of it. */
  take(service: AwsServiceName, action: string): Fault | undefined {
    const rule = this.rules.find((r) => r.service === service && (r.action === action || r.action === '*'));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}
