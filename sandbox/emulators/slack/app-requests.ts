import { type AppEnvelope, type AppResponse, type DispatchOptions, dispatchToApp } from './app-dispatch.js';
import { formatBlockKitIssue, validateView } from './block-kit-validator.js';
import { publicMessage } from './bot-message.js';
import { type EmulatorCore, EmulatorUsageError } from './core.js';
import { eventEnvelope, type SendEventOptions, type SlackEventInput } from './events-api.js';
import { withGeneratedIds } from './message-content.js';
import { deliverResponse } from './response-delivery.js';
import type { ResponseUrlContext } from './response-urls.js';
import type { Block, SlackChannel, SlackUser, SlackView } from './types.js';
import { buildViewState, elementValue, type SubmittedValues } from './view-state.js';
import { SLACKBOT_USER_ID } from './workspace.js';

/**
 * The front door: requests Slack sends to the app — slash commands, block_actions,
 * view_submission and Events API events — built with Slack's real fields, delivered to the
 * Request URL (signed) or over Socket Mode (app-dispatch.ts), with the app's answer applied as
 * Slack would apply it.
 */

export { ACK_TIMEOUT_MS, type AppResponse } from './app-dispatch.js';
export type { SendEventOptions, SlackEventInput } from './events-api.js';

type RequestOptions = DispatchOptions;

export interface SlashCommandInput extends RequestOptions {
  userId: string;
  channelId: string;
  command?: string;
  text?: string;
}

export interface ClickInput extends RequestOptions {
  userId: string;
  actionId: string;
  /** For a button, picks among buttons sharing an action_id; for menus, the chosen option value(s). */
  value?: string | string[];
  /** The message holding the element (channel message or one of the user's ephemeral ones)… */
  channel?: string;
  messageTs?: string;
  /** …or the modal / App Home view holding it. */
  viewId?: string;
}

export interface SubmitViewInput extends RequestOptions {
  userId: string;
  viewId: string;
  values?: SubmittedValues;
}

export type ViewOutcome = 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'kept';

export interface ViewSubmissionResponse extends AppResponse {
  /** What happened to the modal after the app answered. */
  viewOutcome: ViewOutcome;
  /** `response_action: 'errors'` as the app sent it (block_id → message). */
  viewErrors?: Record<string, string>;
}

export class AppRequests {
  constructor(private readonly core: EmulatorCore) {}

  async sendSlashCommand(input: SlashCommandInput): Promise<AppResponse> {
    const { workspace } = this.core;
    const user = this.user(input.userId);
    const channel = this.channel(input.channelId);
    const command = input.command ?? '/infra';
    const context: ResponseUrlContext = { source: 'slash_command', channel: channel.id, user: user.id };
    const responseUrl = this.core.responseUrls.create(context).url;
    const triggerId = this.core.triggers.create({ user: user.id });
    // Field order as Slack sends it.
    const form = new URLSearchParams({
      token: this.core.verificationToken,
      team_id: workspace.team.id,
      team_domain: workspace.team.domain,
      channel_id: channel.id,
      channel_name: channel.is_im ? 'directmessage' : channel.name,
      user_id: user.id,
      user_name: user.name,
      command,
      text: input.text ?? '',
      api_app_id: workspace.bot.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    const envelope: AppEnvelope = {
      type: 'slash_commands',
      payload: Object.fromEntries(form),
      acceptsResponsePayload: true,
    };
    const response = { ...(await this.dispatch(envelope, input)), responseUrl, triggerId };
    this.applySlashAnswer(command, context, response);
    return response;
  }

  async clickButton(input: ClickInput): Promise<AppResponse> {
    const user = this.user(input.userId);
    if (input.viewId) return this.clickInView(user, input);
    if (!input.channel || !input.messageTs) {
      throw new EmulatorUsageError('clickButton needs channel and messageTs, or viewId');
    }
    const channel = this.channel(input.channel);
    const publicMsg = this.core.workspace.message(channel.id, input.messageTs);
    const ephemeral = publicMsg
      ? undefined
      : this.core.workspace.ephemeral(channel.id, user.id, input.messageTs);
    const message = publicMsg ?? ephemeral?.message;
    if (!message)
      throw new EmulatorUsageError(`no message ${input.messageTs} in ${channel.id} visible to ${user.id}`);

    const action = this.action(message.blocks ?? [], input);
    const context: ResponseUrlContext = {
      source: 'block_actions',
      channel: channel.id,
      user: user.id,
      messageTs: message.ts,
      messageIsEphemeral: ephemeral !== undefined,
      threadTs: message.thread_ts,
    };
    const responseUrl = this.core.responseUrls.create(context).url;
    const triggerId = this.core.triggers.create({ user: user.id });
    const container: Record<string, unknown> = {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: ephemeral !== undefined,
    };
    if (message.thread_ts) container.thread_ts = message.thread_ts;
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: this.userRef(user),
      api_app_id: this.core.workspace.bot.appId,
      token: this.core.verificationToken,
      container,
      trigger_id: triggerId,
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel.id, name: channel.is_im ? 'directmessage' : channel.name },
      // Slack leaves the message out for ephemeral messages: the app never had a copy.
      ...(ephemeral ? {} : { message: publicMessage(message) }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [action],
    };
    const response = await this.dispatch(this.interactive(payload), input);
    return { ...response, responseUrl, triggerId };
  }

  async submitView(input: SubmitViewInput): Promise<ViewSubmissionResponse> {
    const user = this.user(input.userId);
    const { workspace } = this.core;
    const stack = workspace.views.modalStack(user.id);
    const view = stack[stack.length - 1];
    if (!view || view.id !== input.viewId) {
      throw new EmulatorUsageError(`view ${input.viewId} is not the modal on top for ${user.id}`);
    }
    workspace.views.setViewState(view.id, buildViewState(view, input.values ?? {}));
    const triggerId = this.core.triggers.create({ user: user.id, viewId: view.id });
    const payload = {
      type: 'view_submission',
      team: this.teamRef(),
      user: this.userRef(user),
      api_app_id: workspace.bot.appId,
      token: this.core.verificationToken,
      trigger_id: triggerId,
      view: structuredClone(workspace.views.view(view.id)),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const response = await this.dispatch(this.interactive(payload), input);
    return { ...response, triggerId, ...this.applyViewAnswer(user.id, view, response) };
  }

  /** An Events API event (e.g. `{ type: 'app_home_opened', user, tab: 'home' }`), wrapped in `event_callback`. */
  async sendEvent(event: SlackEventInput, options: SendEventOptions = {}): Promise<AppResponse> {
    return this.dispatch(eventEnvelope(this.core, event, options), options);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private interactive(payload: Record<string, unknown>): AppEnvelope {
    // Slack waits for a response_action only on view submissions (and options requests).
    return { type: 'interactive', payload, acceptsResponsePayload: payload.type === 'view_submission' };
  }

  private user(id: string): SlackUser {
    const user = this.core.workspace.user(id);
    if (!user) throw new EmulatorUsageError(`unknown user ${id}; seed it with addUser`);
    return user;
  }

  private channel(ref: string): SlackChannel {
    const channel = this.core.workspace.resolveChannel(ref);
    if (!channel) throw new EmulatorUsageError(`unknown channel ${ref}; seed it with addChannel`);
    return channel;
  }

  private userRef(user: SlackUser) {
    return { id: user.id, username: user.name, name: user.name, team_id: this.core.workspace.team.id };
  }

  private teamRef() {
    const { team } = this.core.workspace;
    return { id: team.id, domain: team.domain };
  }

  private async clickInView(user: SlackUser, input: ClickInput): Promise<AppResponse> {
    const view = this.core.workspace.views.view(input.viewId!);
    const visible =
      view &&
      (this.core.workspace.views.modalStack(user.id).some((v) => v.id === view.id) ||
        this.core.workspace.views.home(user.id)?.id === view.id);
    if (!view || !visible) throw new EmulatorUsageError(`view ${input.viewId} is not open for ${user.id}`);
    const action = this.action(view.blocks, input);
    const triggerId = this.core.triggers.create({ user: user.id, viewId: view.id });
    const payload = {
      type: 'block_actions',
      user: this.userRef(user),
      api_app_id: this.core.workspace.bot.appId,
      token: this.core.verificationToken,
      container: { type: 'view', view_id: view.id },
      trigger_id: triggerId,
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      view: structuredClone(view),
      state: structuredClone(view.state),
      actions: [action],
    };
    const response = await this.dispatch(this.interactive(payload), input);
    return { ...response, triggerId };
  }

  /** The `actions[0]` entry for the element the user operated. */
  private action(blocks: Block[], input: ClickInput): Record<string, unknown> {
    const candidates: Array<{ blockId: string; element: Record<string, unknown> }> = [];
    for (const block of blocks) {
      const elements: unknown[] = [];
      if (block.type === 'actions' && Array.isArray(block.elements)) elements.push(...block.elements);
      if (block.accessory) elements.push(block.accessory);
      if (block.type === 'input' && block.element) elements.push(block.element);
      for (const el of elements) {
        const element = el as Record<string, unknown>;
        if (element.action_id === input.actionId)
          candidates.push({ blockId: String(block.block_id), element });
      }
    }
    const wanted = typeof input.value === 'string' ? input.value : undefined;
    const match =
      candidates.find(
        (c) => c.element.type === 'button' && wanted !== undefined && c.element.value === wanted,
      ) ?? candidates[0];
    if (!match) throw new EmulatorUsageError(`no element with action_id "${input.actionId}"`);
    const { element, blockId } = match;
    const actionTs = (this.core.clock() / 1000).toFixed(6);
    if (element.type === 'button') {
      const action: Record<string, unknown> = {
        action_id: element.action_id,
        block_id: blockId,
        text: element.text,
        type: 'button',
        action_ts: actionTs,
      };
      if (element.value !== undefined) action.value = element.value;
      if (element.style !== undefined) action.style = element.style;
      return action;
    }
    return {
      ...elementValue(element, input.value),
      action_id: element.action_id,
      block_id: blockId,
      action_ts: actionTs,
    };
  }

  private dispatch(envelope: AppEnvelope, options: RequestOptions): Promise<AppResponse> {
    return dispatchToApp(this.core, envelope, options);
  }

  /**
   * A slash command's HTTP answer is itself a message (ephemeral unless `in_channel`); a failed
   * dispatch shows the user Slackbot's "/infra failed with the error …".
   */
  private applySlashAnswer(command: string, context: ResponseUrlContext, response: AppResponse): void {
    let error = response.error;
    if (!error && response.body.trim() !== '') {
      const message = response.json ?? { text: response.body };
      const delivery = deliverResponse(this.core, context, message);
      if (!delivery.ok) error = delivery.error;
    }
    if (error) {
      this.core.workspace.postEphemeral(context.channel, context.user, {
        user: SLACKBOT_USER_ID,
        text: `${command} failed with the error "${error}"`,
      });
    }
  }

  /** Slack's handling of a view_submission answer (`response_action`). */
  private applyViewAnswer(
    userId: string,
    view: SlackView,
    response: AppResponse,
  ): { viewOutcome: ViewOutcome; viewErrors?: Record<string, string> } {
    const { workspace } = this.core;
    if (response.status !== 200) return { viewOutcome: 'kept' };
    const answer = (response.json ?? {}) as Record<string, unknown>;
    switch (answer.response_action) {
      case undefined:
        workspace.views.closeTopModal(userId);
        return { viewOutcome: 'closed' };
      case 'errors':
        return { viewOutcome: 'errors', viewErrors: (answer.errors ?? {}) as Record<string, string> };
      case 'clear':
        workspace.views.closeAllModals(userId);
        return { viewOutcome: 'cleared' };
      case 'update':
      case 'push': {
        const issues = validateView(answer.view);
        const next = answer.view as Record<string, unknown>;
        if (issues.length > 0 || next.type !== 'modal') {
          console.error('[slack-emulator] invalid view in response_action:', issues.map(formatBlockKitIssue));
          return { viewOutcome: 'kept' };
        }
        const withIds = { ...next, blocks: withGeneratedIds(next.blocks as Block[], this.core.ids) };
        if (answer.response_action === 'update') {
          workspace.views.updateView(view.id, withIds);
          return { viewOutcome: 'updated' };
        }
        return workspace.views.pushModal(userId, withIds)
          ? { viewOutcome: 'pushed' }
          : { viewOutcome: 'kept' };
      }
      default:
        return { viewOutcome: 'kept' };
    }
  }
}
