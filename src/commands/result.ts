import type { OutcomeKind } from '../environments/outcome.js';
import { type Message, textMessage } from './message.js';

/**
 * ok: done (or nothing to do); error: could not do it, the message says how to fix it;
 * denied: not allowed; confirm: needs an explicit yes before anything changes.
 */
export type Outcome = 'ok' | 'error' | 'denied' | 'confirm';

export interface CommandResult {
  outcome: Outcome;
  message: Message;
  /** private: only the asker sees it (Slack ephemeral); channel: everyone in the channel. */
  visibility: 'private' | 'channel';
  /**
   * Later versions of the message for long work (stop/start): each one replaces the previous,
   * so Slack edits one message and the terminal prints each step. The last one is the summary.
   */
  progress?: AsyncIterable<Message>;
  /**
   * With `progress`: how the long work ended, as data. The runner audits it and the CLI exits
   * with it; it resolves once the work is over (the last progress message is its summary).
   * A stop or start that changed nothing (nothing to do, or nothing could be read) has no
   * progress but still says how it ended here, so callers like the scheduler read data, not words.
   */
  completion?: Promise<Completion>;
  /** What the audit trail records as the outcome detail (defaults to the message title). */
  auditDetail?: string;
  /** A plan that would change nothing: no confirmation is asked for it. */
  noChange?: boolean;
  /** The words did not make a command (unknown verb, typo, bad argument): the CLI exits 2. */
  usage?: boolean;
}

export interface Completion {
  outcome: 'ok' | 'error';
  /** What the audit trail records (the summary's headline). */
  detail: string;
  /** A stop or start: its OperationOutcome's kind (partial and failed are both `error` above). */
  kind?: OutcomeKind;
}

export const ok = (message: Message, visibility: CommandResult['visibility'] = 'private'): CommandResult => ({
  outcome: 'ok',
  message,
  visibility,
});

export const failure = (text: string): CommandResult => ({
  outcome: 'error',
  message: textMessage(text, 'danger'),
  visibility: 'private',
  auditDetail: text,
});

export const denial = (text: string): CommandResult => ({
  outcome: 'denied',
  message: textMessage(`🚫 ${text}`),
  visibility: 'private',
  auditDetail: text,
});
