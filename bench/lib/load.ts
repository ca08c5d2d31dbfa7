import { Agent, request } from 'node:http';
import { signedSlashCommand } from './signed-slash-command.js';

/**
 * Sends `total` signed slash commands with `concurrency` in flight over keep-alive connections
 * and returns each request's latency (send → full response) in milliseconds.
 */
export async function slashCommandLoad(options: {
  port: number;
  secret: string;
  text: string;
  total: number;
  concurrency: number;
}): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const { body, headers } = signedSlashCommand(options.secret, options.text, i);
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          path: '/slack/events',
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) failures++;
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (next < options.total) await one(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  if (failures > 0) throw new Error(`${failures} of ${options.total} requests were not answered 200`);
  return latencies;
}
