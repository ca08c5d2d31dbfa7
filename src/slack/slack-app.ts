import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Services } from '../commands/context.js';
import type { Logger } from '../logger.js';
import type { InFlight } from '../workers/in-flight.js';
import { boltLogger } from './bolt-logger.js';
import type { ChannelPacer } from './channel-pacer.js';
import { type Health, healthHandler, startHealthServer } from './health-server.js';
import { registerAddModal } from './listeners/add-modal.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerButtonActions } from './listeners/button-actions.js';
import { registerSlashCommand } from './listeners/slash-command.js';
import { disconnectSocketMode } from './socket-mode-disconnect.js';
import { VerifyingHTTPReceiver } from './verifying-http-receiver.js';

export interface SlackFrontDoorOptions {
  botToken: string;
  /** Socket Mode when set (production: no public endpoint). */
  appToken?: string;
  /** HTTP mode: verifies every request's signature with it. */
  signingSecret?: string;
  /** Web API base URL ending in /api/ (SLACK_API_URL); Slack's own when unset. */
  slackApiUrl?: string;
  port: number;
  host: string;
  botId: string;
  botUserId: string;
  services: Services;
  logger: Logger;
  /** Shared with everything else that posts (the audit feed), so Slack's per-channel limit holds overall. */
  pacer: ChannelPacer;
  /** Commands still running after their ack register here, so shutdown can wait for them. */
  inFlight?: InFlight;
}

export interface RunningSlackApp {
  mode: 'socket' | 'http';
  /** The port /healthz (and, in HTTP mode, /slack/events) listens on. */
  port: number;
  app: InstanceType<typeof App>;
  stop(): Promise<void>;
}

export async function startSlackFrontDoor(options: SlackFrontDoorOptions): Promise<RunningSlackApp> {
  const { services, logger } = options;
  const health: Health = { mode: options.appToken ? 'socket' : 'http', startedAt: new Date() };
  const common = {
    token: options.botToken,
    // Known from our own auth.test at start-up; without them Bolt calls auth.test on every request.
    botId: options.botId,
    botUserId: options.botUserId,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
    // Bolt's conversation store keeps per-conversation state infrabot never uses; it costs every request.
    convoStore: false as const,
  };

  let app: InstanceType<typeof App>;
  let stopExtra: () => Promise<void> = async () => undefined;
  let stopApp = () => app.stop() as Promise<unknown>;
  let port: number;
  if (options.appToken) {
    // Our own receiver so SLACK_API_URL also reaches apps.connections.open (emulators, GovSlack).
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: common.logger,
      installerOptions: { clientOptions: common.clientOptions },
    });
    app = new App({ ...common, receiver });
    wire(app, services, logger, options.pacer, options.inFlight);
    await app.start();
    const healthServer = await startHealthServer(health, options.port, options.host);
    port = healthServer.port;
    // Instead of app.stop(), which does not wait for the connection to close.
    stopApp = () => disconnectSocketMode(receiver, logger);
    stopExtra = () => new Promise((resolve) => healthServer.server.close(() => resolve()));
  } else {
    if (!options.signingSecret) {
      throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode).');
    }
    const receiver = new VerifyingHTTPReceiver(
      {
        signingSecret: options.signingSecret,
        endpoints: '/slack/events',
        customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(health) }],
        logger: common.logger,
        // Slack gives up after 3 s; answer something before that even if a listener forgot to ack.
        unhandledRequestTimeoutMillis: 2_900,
      },
      logger,
    );
    app = new App({ ...common, receiver });
    wire(app, services, logger, options.pacer, options.inFlight);
    const server = (await app.start({ port: options.port, host: options.host })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  logger.info({ mode: health.mode, port }, 'slack front door ready');
  return {
    mode: health.mode as 'socket' | 'http',
    port,
    app,
    async stop() {
      await stopApp();
      await stopExtra();
    },
  };
}

function wire(
  app: InstanceType<typeof App>,
  services: Services,
  logger: Logger,
  pacer: ChannelPacer,
  inFlight: InFlight | undefined,
): void {
  registerSlashCommand(app, services, pacer, inFlight);
  registerButtonActions(app, services, pacer, inFlight);
  registerAppHome(app, services);
  registerAddModal(app, services);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}
