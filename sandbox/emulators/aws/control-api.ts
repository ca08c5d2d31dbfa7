import type { EmulatorClock } from './clock.js';
import type { WireResponse } from './json-protocol.js';
import type { World } from './world.js';
import type { AlarmStateValue } from './world-types.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json', ...CORS }, body: JSON.stringify(body) };
}

class BadRequest extends Error {}

function readJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest('body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadRequest('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function str(obj: Record<string, unknown>, name: string, required = true): string | undefined {
  const v = obj[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw new BadRequest(`"${name}" must be a non-empty string`);
  return v;
}

function scopeOf(obj: Record<string, unknown>): { accountId?: string; region?: string } {
  const accountId = str(obj, 'accountId', false);
  const region = str(obj, 'region', false);
  return { ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) };
}

/**
 * The sandbox page's remote control: read the world, flip an alarm, roll a deployment, make AWS
 * restart a stopped database, jump simulated time. Plain JSON, no AWS signing.
 */
export function controlApi(
  world: World,
  clock: EmulatorClock,
): (method: string, path: string, body: string) => WireResponse {
  return (method, path, body) => {
    if (method === 'OPTIONS') return { status: 204, headers: CORS, body: '' };
    const route = path.replace(/^\/_emulator\/?/, '').replace(/\/$/, '');
    try {
      if (route === 'state') {
        if (method !== 'GET') return json(405, { error: 'use GET' });
        return json(200, world.snapshot());
      }
      if (method !== 'POST') {
        return ['set-alarm-state', 'storm', 'deploy-service', 'restart-db', 'advance'].includes(route)
          ? json(405, { error: 'use POST' })
          : json(404, { error: `unknown control route /_emulator/${route}` });
      }
      const input = readJson(body);
      switch (route) {
        case 'set-alarm-state': {
          const name = str(input, 'name', false) ?? str(input, 'alarmName');
          const state = str(input, 'state');
          if (state !== 'OK' && state !== 'ALARM' && state !== 'INSUFFICIENT_DATA') {
            throw new BadRequest('"state" must be OK, ALARM or INSUFFICIENT_DATA');
          }
          const reason = str(input, 'reason', false);
          const alarm = world.setAlarmState(name!, state as AlarmStateValue, {
            ...scopeOf(input),
            ...(reason ? { reason } : {}),
          });
          return json(200, { alarm });
        }
        case 'storm': {
          const count = input['count'] ?? 30;
          if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 200)
            throw new BadRequest('"count" must be an integer from 1 to 200');
          return json(200, { fired: stormAlarms(world, count, scopeOf(input)) });
        }
        case 'deploy-service': {
          const service = world.deployService(str(input, 'cluster')!, str(input, 'service')!, scopeOf(input));
          return json(200, { service });
        }
        case 'restart-db':
          return json(200, { database: world.restartDb(str(input, 'id')!, scopeOf(input)) });
        case 'advance': {
          const ms = input['ms'];
          if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
            throw new BadRequest('"ms" must be a non-negative number');
          clock.advance(ms);
          return json(200, { now: new Date(clock.now()).toISOString() });
        }
        default:
          return json(404, { error: `unknown control route /_emulator/${route}` });
      }
    } catch (e) {
      // World methods throw plain Errors (unknown alarm…) and AwsErrors (wrong DB state): both are the caller's to fix.
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
  };
}

/**
 * A storm for the sandbox: `count` alarms across dev and staging (created on first use, tagged
 * with their environment) go to ALARM at once, each sending its event to the alarm queue.
 */
function stormAlarms(world: World, count: number, scope: ReturnType<typeof scopeOf>): string[] {
  const fired: string[] = [];
  for (let i = 0; i < count; i++) {
    const env = i % 2 === 0 ? 'dev' : 'staging';
    const name = `${env}-storm-${String(i).padStart(3, '0')}-latency`;
    if (!world.alarm(name, scope)) {
      world.addAlarm({
        ...scope,
        name,
        description: `p99 latency of ${env} endpoint ${i} above 500 ms (storm demo)`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensions: { LoadBalancer: `app/${env}-alb/5f2b1c0d9e8a7b6c` },
        statistic: 'Maximum',
        threshold: 0.5,
        unit: 'Seconds',
        tags: { Environment: env },
      });
    }
    world.setAlarmState(name, 'ALARM', scope);
    fired.push(name);
  }
  return fired;
}
