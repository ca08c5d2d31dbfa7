import type { Failure } from '../environments/environment-gateway.js';
import type { RolloutState } from './incident-gateway.js';

/**
 * "What changed?" as data: the items found, newest first, and for every source whether it was
 * read. The renderers word it (src/commands/render/render-what-changed.ts); "nothing changed"
 * is only ever said when every source was read.
 */

export interface DeploymentChange {
  kind: 'deployment';
  at: Date;
  cluster: string;
  service: string;
  deploymentId: string;
  /** PRIMARY (current) or ACTIVE (being replaced). */
  status: string;
  taskDefinition: string;
  family?: string;
  revision?: number;
  /** `repo:tag` of the service's first container, when the task definition could be read. */
  image?: string;
  imageTag?: string;
  /** Why the image is missing: the task definition could not be read. */
  imageFailure?: Failure;
  rolloutState?: RolloutState;
  rolloutStateReason?: string;
  /** ECS does not record who started a deployment (CloudTrail does). */
  link: string;
}

export interface PullRequestChange {
  kind: 'pull-request';
  at: Date;
  repo: string;
  number: number;
  title: string;
  url: string;
  mergedBy?: string;
  openedBy?: string;
}

export interface ActionChange {
  kind: 'environment-action';
  at: Date;
  verb: string;
  command: string;
  actor: { id: string; name?: string; kind: string };
  outcome: string;
  detail?: string;
  channelId?: string;
}

export type ChangeItem = DeploymentChange | PullRequestChange | ActionChange;

export type ChangeSourceName = 'ecs-deployments' | 'pull-requests' | 'environment-actions';

export type SourceReport =
  | { source: ChangeSourceName; state: 'read'; since: Date }
  /** Read, but parts of it could not be (a cluster, a service). */
  | {
      source: ChangeSourceName;
      state: 'partial';
      since: Date;
      unreadable: Array<{ label: string; failure: Failure }>;
    }
  | { source: ChangeSourceName; state: 'unreadable'; since: Date; failure: Failure }
  /** This build has no way to read it: said so, never taken for "nothing". */
  | { source: ChangeSourceName; state: 'not-available'; since: Date; reason: string };

export interface WhatChanged {
  environment: string;
  region: string;
  /** The moment looked back from (the incident's opening). */
  at: Date;
  items: ChangeItem[];
  sources: SourceReport[];
  /** How long it took to build, for the figures and the logs. */
  tookMs: number;
}

/** Everything was read and nothing was found: the only case "nothing changed" may be said. */
export function nothingChanged(changes: WhatChanged): boolean {
  return changes.items.length === 0 && changes.sources.every((s) => s.state === 'read');
}

export function everythingRead(changes: WhatChanged): boolean {
  return changes.sources.every((s) => s.state === 'read');
}
