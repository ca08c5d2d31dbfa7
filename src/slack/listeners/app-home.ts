import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs, types } from '@slack/bolt';
import type { Services } from '../../commands/context.js';
import { runCommand } from '../../commands/run-command.js';
import { homeEnvironments } from '../../schedules/home-environments.js';
import { renderBlocks } from '../render-blocks.js';

export function registerAppHome(app: App, services: Services): void {
  app.event('app_home_opened', (args) => publishHome(args, services));
}

/** App Home: who you are, the environments, recent actions and the command list, each rendered by the same handlers. */
export async function publishHome(
  { event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs,
  services: Services,
): Promise<void> {
  if (event.tab !== 'home') return;
  const invocation = {
    actor: { kind: 'slack' as const, userId: event.user },
    frontDoor: 'slack' as const,
    services,
  };
  const [sections, environments] = await Promise.all([
    Promise.all(
      ['whoami', ...(services.alerts ? ['incidents'] : []), 'audit 5', 'help'].map((line) =>
        runCommand(line, invocation),
      ),
    ),
    homeEnvironments(services, event.user),
  ]);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'infrabot' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Environments: ${
          Object.entries(services.config.environments)
            .map(([name, env]) => `*${name}*${env.protected ? ' (protected)' : ''}`)
            .join(', ') || '_none configured_'
        }`,
      },
    },
  ];
  // Environments with their buttons (command lines run as the clicker, like any button).
  // block_ids must be unique in a view: number each environment's actions block.
  environments.forEach((env, i) => {
    for (const block of renderBlocks(env).blocks) {
      blocks.push(block.type === 'actions' ? { ...block, block_id: `infrabot.env.${i}.actions` } : block);
    }
  });
  for (const result of sections) {
    blocks.push({ type: 'divider' }, ...renderBlocks({ ...result.message, buttons: [] }).blocks);
  }
  // App Home allows 100 blocks.
  await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: blocks.slice(0, 100) } });
}
