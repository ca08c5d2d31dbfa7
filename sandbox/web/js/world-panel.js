import { aws, github } from './api.js';
import { h, mount } from './dom.js';
import { showNotice } from './notice.js';

/**
 * The "World" panel: the fake AWS account and GitHub repo the bot works on, refreshed every
 * 2 s, with the levers a demo needs: fire or resolve an alarm (and see its event land on the
 * alarm queue), roll a service, have AWS restart a stopped database, approve or merge a PR.
 */

const POLL_MS = 2000;
/** Who approves and merges in the demo repo (a collaborator seeded by demo-workspace.ts). */
const REVIEWER = 'platform-lead';

export function createWorldPanel({ root }) {
  const clock = h('span', { class: 'world-clock', 'aria-label': 'Simulated time' });
  // The emulated AWS runs on a fast clock; say so, or "stopped in 5 s" looks like a lie.
  const clockNote = h('p', { class: 'world-clock-note' });
  const body = h('div', { class: 'world-body' });
  mount(
    root,
    h('header', { class: 'pane-header' }, h('h2', { class: 'pane-title' }, 'World'), clock),
    clockNote,
    body,
  );
  let lastKey = '';
  let timer;

  const act = async (button, work, done) => {
    button.disabled = true;
    try {
      await work();
      if (done) showNotice(done, 'info');
    } catch (error) {
      showNotice(error.message);
    } finally {
      button.disabled = false;
      await refresh();
    }
  };

  async function refresh() {
    clearTimeout(timer);
    try {
      const [world, repos] = await Promise.all([aws.state(), github.state()]);
      clock.textContent = `${new Date(world.now).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })} · ×${world.speed}`;
      const note = clockNoteText(world.speed);
      clock.title = note;
      if (clockNote.textContent !== note) clockNote.textContent = note;
      const { now: _now, ...rest } = world;
      const key = JSON.stringify([rest, repos]);
      if (key !== lastKey) {
        lastKey = key;
        mount(body, ecs(world, act), rds(world, act), alarms(world, act), queues(world), pulls(repos, act));
      }
    } catch (error) {
      clock.textContent = `unreachable: ${error.message}`;
    } finally {
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  refresh();
  return { refresh };
}

/** What ×N means, in words: the simulated clock of the emulated AWS account. */
export function clockNoteText(speed) {
  if (speed === 1) return 'AWS time runs at real speed.';
  const perSecond =
    speed % 60 === 0
      ? `${speed / 60} simulated minute${speed === 60 ? '' : 's'}`
      : `${speed} simulated seconds`;
  return `AWS time runs ×${speed}: every real second is ${perSecond}, so a database stops or starts in seconds instead of minutes.`;
}

const section = (title, ...children) =>
  h('section', { class: 'world-section', 'aria-label': title }, h('h3', {}, title), ...children);
/** name · state · actions on one line, the note under the name. */
const row = (name, state, note, actions) =>
  h('div', { class: 'world-row' }, name, state, h('span', { class: 'row-actions' }, actions), note);
const small = (label, text, onclick, extra = {}) =>
  h(
    'button',
    {
      type: 'button',
      class: ['btn', 'small', extra.class],
      'aria-label': label,
      onclick,
      disabled: extra.disabled,
      title: extra.title,
    },
    text,
  );

function ecs(world, act) {
  const targets = new Map(world.ecs.scalableTargets.map((t) => [`${t.cluster}/${t.service}`, t]));
  return section(
    'ECS services',
    world.ecs.services.map((s) => {
      const name = `${s.cluster}/${s.name}`;
      const target = targets.get(name);
      const rolling = s.deployments.length > 1 || s.deployments.some((d) => d.rolloutState === 'IN_PROGRESS');
      return row(
        h('span', { class: 'res-name' }, name),
        h(
          'span',
          {
            class: [
              'res-state',
              s.runningCount === s.desiredCount && s.desiredCount > 0
                ? 'good'
                : s.desiredCount === 0
                  ? 'off'
                  : 'busy',
            ],
            title: 'running / desired',
          },
          `${s.runningCount} / ${s.desiredCount}`,
          s.pendingCount > 0 ? ` (+${s.pendingCount} pending)` : '',
        ),
        h(
          'span',
          { class: 'res-note' },
          [target && `autoscaling ${target.minCapacity}–${target.maxCapacity}`, rolling && 'deploying']
            .filter(Boolean)
            .join(' · '),
        ),
        small(
          `Deploy ${name}`,
          'Deploy',
          (e) =>
            act(
              e.currentTarget,
              () => aws.deployService(s.cluster, s.name),
              `New deployment of ${name} started.`,
            ),
          {
            title: 'Roll out a new deployment, as a CI pipeline would',
          },
        ),
      );
    }),
  );
}

function rds(world, act) {
  const restart = (id) => (e) =>
    act(
      e.currentTarget,
      () => aws.restartDb(id),
      `AWS is starting ${id} by itself (as after 7 days stopped).`,
    );
  const restartButton = (id, status) =>
    small(`Restart ${id}`, 'AWS restart', restart(id), {
      disabled: status !== 'stopped',
      title:
        status === 'stopped'
          ? 'Do what AWS does to a database stopped for 7 days: start it'
          : 'Only a stopped database can be restarted by AWS',
    });
  const standalone = world.rds.instances.filter((i) => !i.clusterId);
  return section(
    'RDS databases',
    standalone.map((i) =>
      row(
        h('span', { class: 'res-name' }, i.id),
        h('span', { class: ['res-state', stateClass(i.status)] }, i.status),
        h('span', { class: 'res-note' }, i.replicaSourceId ? `replica of ${i.replicaSourceId}` : i.engine),
        restartButton(i.id, i.status),
      ),
    ),
    world.rds.clusters.map((c) =>
      row(
        h('span', { class: 'res-name' }, c.id),
        h('span', { class: ['res-state', stateClass(c.status)] }, c.status),
        h(
          'span',
          { class: 'res-note' },
          `${c.engine} cluster · ${c.members.length} instance${c.members.length === 1 ? '' : 's'}`,
        ),
        restartButton(c.id, c.status),
      ),
    ),
  );
}

function stateClass(status) {
  if (status === 'available') return 'good';
  if (status === 'stopped') return 'off';
  return 'busy';
}

function alarms(world, act) {
  const set = (name, state) => (e) =>
    act(
      e.currentTarget,
      () => aws.setAlarmState(name, state),
      `${name} → ${state}: the event went to the alarm queue.`,
    );
  const storm = (e) =>
    act(
      e.currentTarget,
      () => aws.storm(30),
      '30 alarms fired at once: watch #alerts group them into one thread per environment.',
    );
  return section(
    'Alarms',
    row(
      h('span', { class: 'res-name' }, 'Alarm storm'),
      h('span', { class: 'res-note' }, '30 alarms in dev and staging'),
      h('span', { class: 'res-note' }, 'Fires them all at once: the bot groups, paces and batches.'),
      small('Fire an alarm storm', 'Storm', storm, { class: 'danger' }),
    ),
    ...world.alarms.map((a) =>
      row(
        h('span', { class: 'res-name', title: a.description ?? '' }, a.name),
        h(
          'span',
          { class: ['alarm-state', a.state.toLowerCase()], 'aria-label': `${a.name} is ${a.state}` },
          a.state === 'INSUFFICIENT_DATA' ? 'NO DATA' : a.state,
        ),
        h('span', { class: 'res-note' }, (a.description ?? '').replace(/\s*Runbook: \S+$/, '')),
        h(
          'span',
          { class: 'button-pair' },
          small(`Fire alarm ${a.name}`, 'Fire', set(a.name, 'ALARM'), {
            class: 'danger',
            disabled: a.state === 'ALARM',
          }),
          small(`Resolve alarm ${a.name}`, 'Resolve', set(a.name, 'OK'), { disabled: a.state === 'OK' }),
        ),
      ),
    ),
  );
}

function queues(world) {
  const recent = world.events.slice(-3).reverse();
  return section(
    'Alarm queue (SQS)',
    world.queues.map((q) => {
      const depth = q.visible + q.inFlight + q.delayed;
      return row(
        h('span', { class: 'res-name' }, q.name),
        h(
          'output',
          {
            class: ['queue-depth', depth > 0 && 'nonzero'],
            'data-testid': `queue-depth-${q.name}`,
            'aria-label': `${q.name} queue depth`,
          },
          String(depth),
        ),
        h('span', { class: 'res-note' }, `${q.visible} waiting · ${q.inFlight} being read`),
      );
    }),
    h(
      'ul',
      { class: 'event-list', 'aria-label': 'Recent alarm events' },
      recent.length === 0
        ? h('li', { class: 'res-note' }, 'No alarm events yet: fire one above.')
        : recent.map(({ event, queueUrl }) => {
            const detail = event.detail ?? {};
            const time = new Date(event.time).toLocaleTimeString([], {
              hour: '2-digit',
              minute: '2-digit',
              second: '2-digit',
            });
            const queue = queueUrl ? queueUrl.split('/').pop() : 'no queue';
            return h(
              'li',
              {},
              `${time} ${detail.alarmName ?? '?'} ${detail.previousState?.value ?? '?'} → ${detail.state?.value ?? '?'} ⇒ ${queue}`,
            );
          }),
    ),
  );
}

function pulls(snapshot, act) {
  const open = snapshot.repos.flatMap((repo) =>
    repo.pulls.filter((p) => p.state === 'open').map((pull) => ({ repo, pull })),
  );
  return section(
    'GitHub pull requests',
    open.length === 0
      ? h(
          'p',
          { class: 'res-note' },
          `No open pull requests in ${snapshot.repos.map((r) => r.fullName).join(', ') || 'the demo repos'}.`,
        )
      : open.map(({ repo, pull }) => {
          const approvals = pull.reviews.filter((r) => r.state === 'APPROVED').map((r) => r.user);
          const checks = pull.checkRuns.map((c) => `${c.name}: ${c.conclusion ?? c.status}`).join(', ');
          const label = `PR #${pull.number}`;
          return h(
            'div',
            { class: 'pull' },
            h('div', { class: 'pull-title' }, `${repo.fullName}#${pull.number} `, h('span', {}, pull.title)),
            h(
              'div',
              { class: 'res-note' },
              [
                `${pull.headRef} → ${pull.baseRef} by ${pull.user}`,
                approvals.length > 0 ? `approved by ${approvals.join(', ')}` : 'no approval yet',
                checks,
                pull.mergeable === false ? 'conflicts' : '',
              ]
                .filter(Boolean)
                .join(' · '),
            ),
            h(
              'div',
              { class: 'button-pair' },
              small(
                `Approve ${label}`,
                'Approve',
                (e) =>
                  act(
                    e.currentTarget,
                    () => github.review(repo.owner, repo.name, pull.number, REVIEWER, 'APPROVED'),
                    `${label} approved by ${REVIEWER}.`,
                  ),
                {
                  disabled: approvals.includes(REVIEWER),
                },
              ),
              small(
                `Merge ${label}`,
                'Merge',
                (e) =>
                  act(
                    e.currentTarget,
                    () => github.merge(repo.owner, repo.name, pull.number, REVIEWER),
                    `${label} merged.`,
                  ),
                {
                  class: 'primary',
                },
              ),
            ),
          );
        }),
  );
}
