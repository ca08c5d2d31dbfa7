import type { Services } from '../commands/context.js';
import type { EnvironmentOperations } from './environment-operations.js';
import type { ScheduleSpec } from './schedule-spec.js';
import { Scheduler, type ScheduleView } from './scheduler.js';

/** Reading a schedule needs no AWS: this stands in for the operations a view never calls. */
const READ_ONLY: EnvironmentOperations = {
  run: () => Promise.reject(new Error('a schedule view does not run operations')),
  snapshot: () => Promise.reject(new Error('a schedule view does not read AWS')),
};

/** The schedule of an environment as the scheduler sees it now (keep and schedule verbs, status, App Home). */
export function scheduleView(
  services: Pick<Services, 'config' | 'store' | 'clock' | 'logger'>,
  spec: ScheduleSpec,
  now: Date,
): Promise<ScheduleView> {
  return new Scheduler({ ...services, operations: READ_ONLY }).view(spec, now);
}
