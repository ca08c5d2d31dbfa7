import type { IdGenerator } from './ids.js';
import type { Block, Clock, SlackView, TeamInfo, WorkspaceChange } from './types.js';
import type { BotIdentity } from './workspace.js';

/**
 * Views of the workspace: modals (a stack per user, as Slack keeps them) and each user's
 * published App Home. Views keep their id across updates; each update gets a new hash.
 */

/** Modal stacks hold at most 3 views (views.push answers `push_limit_reached` beyond that). */
export const MODAL_STACK_LIMIT = 3;

export class ViewStore {
  private readonly views = new Map<string, SlackView>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();

  constructor(
    private readonly team: TeamInfo,
    private readonly bot: BotIdentity,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly emit: (change: WorkspaceChange) => void,
  ) {}

  view(id: string): SlackView | undefined {
    return this.views.get(id);
  }

  viewByExternalId(externalId: string): SlackView | undefined {
    if (!externalId) return undefined;
    return [...this.views.values()].find((v) => v.external_id === externalId);
  }

  /** The open modal stack of a user, bottom first. */
  modalStack(user: string): SlackView[] {
    return (this.modalStacks.get(user) ?? []).map((id) => this.views.get(id)!);
  }

  /** Which user a modal is open for (undefined when it is closed or a home view). */
  modalOwner(viewId: string): string | undefined {
    for (const [user, stack] of this.modalStacks) if (stack.includes(viewId)) return user;
    return undefined;
  }

  openModal(user: string, payload: Record<string, unknown>): SlackView {
    this.closeAllModals(user, false);
    const view = this.buildView(payload, null, null);
    view.root_view_id = view.id;
    this.modalStacks.set(user, [view.id]);
    this.emit({ kind: 'view.opened', user, viewId: view.id });
    return view;
  }

  /** Pushes onto the user's stack; returns undefined when the stack is already full. */
  pushModal(user: string, payload: Record<string, unknown>): SlackView | undefined {
    const stack = this.modalStacks.get(user) ?? [];
    if (stack.length >= MODAL_STACK_LIMIT) return undefined;
    const previous = stack[stack.length - 1] ?? null;
    const root = stack[0] ?? null;
    const view = this.buildView(payload, root, previous);
    if (!root) view.root_view_id = view.id;
    stack.push(view.id);
    this.modalStacks.set(user, stack);
    this.emit({ kind: 'view.opened', user, viewId: view.id });
    return view;
  }

  /** Replaces a view's content in place (same id, new hash), as views.update does. */
  updateView(id: string, payload: Record<string, unknown>): SlackView {
    const current = this.views.get(id);
    if (!current) throw new Error(`unknown view ${id}`);
    const next = this.buildView(payload, current.root_view_id, current.previous_view_id, current.id);
    next.type = current.type;
    this.views.set(id, next);
    this.emit({ kind: 'view.updated', viewId: id, user: this.modalOwner(id) ?? this.homeOwner(id) });
    return next;
  }

  closeTopModal(user: string): void {
    const stack = this.modalStacks.get(user);
    const top = stack?.pop();
    if (!stack || !top) return;
    if (stack.length === 0) this.modalStacks.delete(user);
    this.emit({ kind: 'view.closed', user, viewId: top });
  }

  closeAllModals(user: string, announce = true): void {
    const stack = this.modalStacks.get(user);
    if (!stack) return;
    this.modalStacks.delete(user);
    if (announce) for (const id of stack) this.emit({ kind: 'view.closed', user, viewId: id });
  }

  setViewState(id: string, values: SlackView['state']['values']): void {
    const view = this.views.get(id);
    if (view) view.state = { values };
  }

  publishHome(user: string, payload: Record<string, unknown>): SlackView {
    const existing = this.homes.get(user);
    let view: SlackView;
    if (existing) {
      view = this.updateView(existing, payload);
    } else {
      view = this.buildView(payload, null, null);
      this.homes.set(user, view.id);
    }
    this.emit({ kind: 'home.published', user, viewId: view.id });
    return view;
  }

  home(user: string): SlackView | undefined {
    const id = this.homes.get(user);
    return id ? this.views.get(id) : undefined;
  }

  private homeOwner(viewId: string): string | undefined {
    for (const [user, id] of this.homes) if (id === viewId) return user;
    return undefined;
  }

  allHomes(): Array<{ user: string; view: SlackView }> {
    return [...this.homes].map(([user, id]) => ({ user, view: this.views.get(id)! }));
  }

  allModalStacks(): Array<{ user: string; views: SlackView[] }> {
    return [...this.modalStacks.keys()].map((user) => ({ user, views: this.modalStack(user) }));
  }

  private buildView(
    payload: Record<string, unknown>,
    rootViewId: string | null,
    previousViewId: string | null,
    id = this.ids.next('V'),
  ): SlackView {
    const view: SlackView = {
      id,
      team_id: this.team.id,
      type: payload.type === 'home' ? 'home' : 'modal',
      blocks: (payload.blocks as Block[] | undefined) ?? [],
      private_metadata: typeof payload.private_metadata === 'string' ? payload.private_metadata : '',
      callback_id: typeof payload.callback_id === 'string' ? payload.callback_id : '',
      state: { values: {} },
      hash: `${Math.floor(this.clock() / 1000)}.${this.ids.secret(4)}`,
      clear_on_close: payload.clear_on_close === true,
      notify_on_close: payload.notify_on_close === true,
      root_view_id: rootViewId,
      previous_view_id: previousViewId,
      app_id: this.bot.appId,
      external_id: typeof payload.external_id === 'string' ? payload.external_id : '',
      app_installed_team_id: this.team.id,
      bot_id: this.bot.botId,
    };
    if (payload.title !== undefined) view.title = payload.title;
    if (payload.submit !== undefined) view.submit = payload.submit;
    if (payload.close !== undefined) view.close = payload.close;
    this.views.set(view.id, view);
    return view;
  }
}
