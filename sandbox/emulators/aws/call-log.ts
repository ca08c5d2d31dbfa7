import type { AwsServiceName } from './service.js';

export interface CallRecord {
  service: AwsServiceName;
  action: string;
  /** The decoded request parameters (JSON body, or the Query form decoded into a tree). */
  params: Record<string, unknown>;
  /** Simulated epoch milliseconds when the call arrived. */
  at: number;
  region: string;
  accountId: string;
  accessKeyId: string;
  /** The error code the call was answered with, when it failed. */
  error?: string;
}

export interface CallFilter {
  service?: AwsServiceName;
  action?: string;
}

/** Every API call the emulator answered, for assertions such as "stopped the DB exactly once". */
export class CallLog {
  private readonly records: CallRecord[] = [];

  /** Beyond this the oldest records go, so a long sandbox session does not grow without bound. */
  constructor(private readonly limit = 10_000) {}

  record(call: CallRecord): void {
    this.records.push(call);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter(
      (c) =>
        (filter.service === undefined || c.service === filter.service) &&
        (filter.action === undefined || c.action === filter.action),
    );
  }

  count(filter: CallFilter = {}): number {
    return this.list(filter).length;
  }

  clear(): void {
    this.records.length = 0;
  }
}
