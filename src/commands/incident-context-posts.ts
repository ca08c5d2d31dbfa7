import type { WhatChanged } from '../incidents/change-items.js';
import type { ErrorsLookup } from '../incidents/incident-context-service.js';
import type { PostedRef } from '../ports/publisher.js';
import type { Services } from './context.js';
import type { Button } from './message.js';
import { renderErrors } from './render/render-errors.js';
import { renderWhatChanged } from './render/render-what-changed.js';
import { quoteWord } from './tokenize.js';

/**
 * What the alert threads call (src/alerts/), so incident context plugs in through one seam:
 *
 *   postIncidentContext(services, incident)  when an incident's thread exists: posts "what
 *                                            changed" in it, and for an alarm on a service the top
 *                                            errors (in the background, never blocking the thread).
 *   incidentButtons(env, service)            "Show errors", "Restart" for the parent message.
 *   timelineButton(id)                       the "Timeline" button of a resolved parent.
 *
 * Buttons are command lines run as the clicker, through the grammar, with authz and audit.
 */

export interface OpenedIncident {
  id: string;
  environment?: string;
  /** The ECS service the alarm is about (from its tags or dimensions). */
  service?: string;
  openedAt: Date;
  thread: PostedRef;
}

export interface IncidentContextPosted {
  changes?: WhatChanged;
  /** Resolves once the errors reply was posted (or could not be); absent without a service. */
  errors?: Promise<ErrorsLookup | undefined>;
}

function timeZoneOf(services: Services, environment: string): string {
  return services.config.environments[environment]?.schedule?.timezone ?? services.config.timezone;
}

export async function postIncidentContext(
  services: Services,
  incident: OpenedIncident,
): Promise<IncidentContextPosted> {
  const { incidents, publisher, logger } = services;
  const env = incident.environment;
  if (!incidents || !publisher || !env || !services.config.environments[env]) return {};
  const tz = timeZoneOf(services, env);
  const changes = await incidents.whatChanged(env, incident.openedAt);
  await publisher.postInThread(incident.thread, renderWhatChanged(changes, tz));
  await incidents.keep(
    incident.id,
    { kind: 'context', at: services.clock.now().toISOString(), what: 'changes', summary: summary(changes) },
    changes,
  );
  logger.info(
    { incident: incident.id, environment: env, tookMs: Math.round(changes.tookMs) },
    'what changed posted',
  );
  const service = incident.service;
  if (!service) return { changes };
  // The errors query takes seconds: the thread goes on meanwhile, and a failure says so itself.
  const errors = (async () => {
    try {
      const found = await incidents.recentErrors(env, service, {
        since: new Date(incident.openedAt.getTime() - 30 * 60_000),
      });
      await publisher.postInThread(incident.thread, renderErrors(found, tz));
      await incidents.keep(incident.id, {
        kind: 'context',
        at: services.clock.now().toISOString(),
        what: 'errors',
        summary:
          found.kind === 'found'
            ? `${found.lines.length} error messages, top ${found.lines[0]?.count}× `
            : found.kind,
      });
      return found;
    } catch (error) {
      logger.warn({ err: error, incident: incident.id }, 'could not post the recent errors');
      return undefined;
    }
  })();
  return { changes, errors };
}

function summary(changes: WhatChanged): string {
  const count = (kind: string, one: string, many: string) => {
    const n = changes.items.filter((i) => i.kind === kind).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  const unread = changes.sources.filter((s) => s.state !== 'read').map((s) => `${s.source} ${s.state}`);
  return [
    count('deployment', 'deployment', 'deployments'),
    count('pull-request', 'merged PR', 'merged PRs'),
    count('environment-action', 'environment action', 'environment actions'),
    ...(unread.length > 0 ? [`(${unread.join(', ')})`] : []),
  ].join(', ');
}

export function incidentButtons(environment: string, service: string): Button[] {
  const target = `${quoteWord(environment)} ${quoteWord(service)}`;
  return [
    { label: 'Show errors', command: `errors ${target}` },
    // No --yes: the click shows the plan and asks, like /infra restart.
    { label: 'Restart', command: `restart ${target}`, style: 'danger' },
  ];
}

export function timelineButton(incidentId: string): Button {
  return { label: 'Timeline', command: `incident timeline ${quoteWord(incidentId)}` };
}
