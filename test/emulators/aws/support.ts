import { inflateSync } from 'node:zlib';
import { afterEach } from 'vitest';
import {
  type AwsEmulator,
  type AwsEmulatorOptions,
  startAwsEmulator,
} from '../../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../../sandbox/emulators/aws/seed-demo-world.js';

export const REGION = 'ap-northeast-1';
export const ACCOUNT = '111111111111';
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Client options every SDK client in these tests uses: the emulator, fake static credentials. */
export function clientConfig(emulator: AwsEmulator, extra: { maxAttempts?: number } = {}) {
  return { endpoint: emulator.url, region: REGION, credentials, ...extra };
}

export function startEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  return startAwsEmulator({ accountId: ACCOUNT, ...options });
}

/** SDK client classes by the name a test file wants them under, e.g. `{ ecs: ECSClient }`. */
type ClientClasses = Record<string, new (config: ReturnType<typeof clientConfig>) => unknown>;

export interface EmulatorSetupOptions extends AwsEmulatorOptions {
  /** Seed the demo world (dev and staging) before the clients are built; default true. */
  seed?: boolean;
}

/**
 * One emulator per test: registers the afterEach that closes every emulator the test started and
 * returns the `setup` each test calls. `setup` starts an emulator (options over `defaults`),
 * seeds the demo world unless `seed: false`, and builds the named SDK clients against it with a
 * single attempt, so an emulator error reaches the assertion instead of being retried away.
 */
export function emulatorPerTest<C extends ClientClasses>(clients: C, defaults: EmulatorSetupOptions = {}) {
  const started: AwsEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((emu) => emu.close()));
  });
  return async (options: EmulatorSetupOptions = {}) => {
    const { seed = true, ...emulatorOptions } = { ...defaults, ...options };
    const emu = await startEmulator(emulatorOptions);
    started.push(emu);
    if (seed) seedDemoWorld(emu.world);
    const config = clientConfig(emu, { maxAttempts: 1 });
    const built = Object.fromEntries(
      Object.entries(clients).map(([name, Client]) => [name, new Client(config)]),
    );
    return { emu, ...(built as { [K in keyof C]: InstanceType<C[K]> }) };
  };
}

/** Captures the rejection of a promise, failing if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Polls until `check` returns a value (not undefined), within real `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  chunkTypes: string[];
  /** Decompressed IDAT data: one filter byte plus the pixel bytes per row. */
  raw: Buffer;
}

/** An independent PNG reader: checks the signature and every chunk's CRC, inflates IDAT. */
export function readPng(bytes: Uint8Array): PngInfo {
  const buf = Buffer.from(bytes);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(signature)) throw new Error('bad PNG signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  let offset = 8;
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.subarray(offset + 4, offset + 8).toString('ascii');
    const data = buf.subarray(offset + 8, offset + 8 + length);
    const crc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (!ihdr) throw new Error('no IHDR');
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colourType: ihdr[9]!,
    chunkTypes,
    raw: inflateSync(Buffer.concat(idat)),
  };
}
