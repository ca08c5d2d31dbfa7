import { formatBounds } from '../../environments/model.js';
import type { StartChange, StopChange } from '../../environments/plan.js';

/** One line saying what a change will do, for the plan and the progress message. */
export function describeStopChange(change: StopChange): string {
  if (change.kind === 'stop-db') {
    return change.waitFrom ? `stop once it is available (now ${change.waitFrom})` : 'stop';
  }
  const { service, save } = change;
  const parts = [`${service.desired} → 0 tasks`];
  if (change.lowerScaling && save.autoscaling) {
    parts.push(`${formatBounds(save.autoscaling)} held at 0 until start`);
  }
  if (!change.setDesired) parts.push('autoscaling would bring it back');
  return parts.join('; ');
}

export function describeStartChange(change: StartChange): string {
  if (change.kind === 'start-db') {
    if (change.mode === 'after-stop') return 'start once it has stopped (now stopping)';
    if (change.mode === 'wait') return `wait until available (now ${change.db.status})`;
    return 'start';
  }
  const parts = [`${change.service.desired} → ${change.target} tasks`];
  if (change.restoreScaling && change.saved.autoscaling)
    parts.push(`${formatBounds(change.saved.autoscaling)} restored`);
  return parts.join('; ');
}

export function describeChange(change: StopChange | StartChange): string {
  return change.kind === 'scale-down' || change.kind === 'stop-db'
    ? describeStopChange(change)
    : describeStartChange(change);
}
