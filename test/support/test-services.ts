import type { GroupDirectory } from '../../src/access/access-policy.js';
import type { Services } from '../../src/commands/context.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { buildServices } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { captureLogger } from './capture-logger.js';

export const TEST_CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
    schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5", warn_before: 15m }
  staging:
    region: ap-northeast-1
  prod:
    protected: true
access:
  viewers: []
  operators: [S0PLATFORM, U0OPERATOR]
  admins: [U0ADMIN]
  channels: [C0INFRA]
`;

export interface TestServices {
  services: Services;
  logs: () => string[];
  close: () => Promise<void>;
}

export async function testServices(
  options: { config?: string; groups?: GroupDirectory; now?: () => Date } = {},
): Promise<TestServices> {
  const config = parseConfigText(options.config ?? TEST_CONFIG, 'test.yml');
  const store = await openStore('memory');
  const { logger, lines } = captureLogger();
  const services = buildServices({
    config,
    store,
    logger,
    region: 'ap-northeast-1',
    groups: options.groups ?? { membersOf: async (id) => (id === 'S0PLATFORM' ? ['U0MEMBER'] : []) },
    ...(options.now ? { clock: { now: options.now } } : {}),
  });
  return { services, logs: lines, close: () => store.close() };
}
