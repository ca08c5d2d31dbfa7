import type { Message } from '../commands/message.js';
import type { ScheduledAction } from './schedule-times.js';

/** How a scheduled stop or start ended: from the operation's structured outcome, never from its wording. */
export type RunOutcome = 'done' | 'partial' | 'failed' | 'nothing-to-do' | 'refused';

/** A scheduled stop or start on its way: the first message, its progress, and how it ended. */
export interface ScheduledRun {
  /** refused: it could not begin (busy, not configured, no AWS, nothing could be read); the message says why. */
  kind: 'started' | 'nothing-to-do' | 'refused';
  message: Message;
  /** Later versions of the message (the last is the summary); only when started. */
  progress?: AsyncIterable<Message>;
  /** Resolves once the progress has been read to its end. */
  outcome(): Promise<RunOutcome>;
}

/** Something running while the schedule wants the environment off. */
export interface RunningResource {
  label: string;
  kind: 'ecs' | 'db';
  /** Why it runs, as far as infrabot can tell. */
  cause: 'aws-auto-restart' | 'started-outside-infrabot';
}

export interface EnvironmentSnapshot {
  /** Resources that run now (desired count above 0, database available or starting). */
  running: RunningResource[];
  /** ECS services of the environment, for the in-use check. */
  services: Array<{ cluster: string; service: string }>;
  /** Resources infrabot could not read: a stop judged on this snapshot would be a guess. */
  unreadable: string[];
  /** A stop or start running right now (by anyone). */
  busy: boolean;
}

/**
 * The one narrow way the schedule reaches environments: run a stop or start as the schedule (the
 * same operation as the command: plan, saved counts, lease, progress, audit), and look at what
 * runs. One adapter (environment-operations-adapter.ts) implements it over today's environments
 * capability, so a change there is one file here.
 */
export interface EnvironmentOperations {
  run(environment: string, action: ScheduledAction, reason: string): Promise<ScheduledRun>;
  snapshot(environment: string): Promise<EnvironmentSnapshot>;
}
