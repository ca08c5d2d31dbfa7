import { z } from 'zod';
import type { EmulatorControl } from './control.js';
import { notFound } from './errors.js';
import { Router } from './router.js';
import { parseBody } from './validation.js';

/**
 * The JSON control API under `/_emulator/`, for the sandbox web page: read the whole state and
 * act as reviewer, CI or merger. Unauthenticated (it only ever listens on 127.0.0.1), exempt
 * from faults and rate limits, and kept out of the request log so assertions see only the client.
 */

export interface ControlRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface ControlResponse {
  status: number;
  json?: unknown;
  raw?: { contentType: string; data: Buffer };
}

interface ControlRoute {
  method: string;
  pattern: string;
  handle(control: EmulatorControl, params: Record<string, string>, body: unknown): ControlResponse;
}

const reviewBody = z.object({
  user: z.string(),
  state: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED']),
  body: z.string().optional(),
});

const checkRunBody = z.object({
  sha: z.string(),
  name: z.string(),
  status: z.enum(['queued', 'in_progress', 'completed']).optional(),
  conclusion: z
    .enum(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale'])
    .optional(),
  details_url: z.string().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
});

const statusBody = z.object({
  sha: z.string(),
  context: z.string(),
  state: z.enum(['error', 'failure', 'pending', 'success']),
  description: z.string().optional(),
  target_url: z.string().optional(),
});

const pushBody = z.object({
  files: z.record(z.string(), z.string().nullable()),
  message: z.string().optional(),
  author: z.string().optional(),
});

const mergeBody = z.object({
  by: z.string(),
  merge_method: z.enum(['merge', 'squash']).optional(),
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  delete_branch: z.boolean().optional(),
});

function pullNumber(params: Record<string, string>): number {
  const raw = params['number'] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}

/** Drops keys whose value is undefined, for option objects built from optional body fields. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const routes: ControlRoute[] = [
  {
    method: 'GET',
    pattern: '/_emulator/state',
    handle: (control) => ({ status: 200, json: control.snapshot() }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/pulls/{number}/reviews',
    handle: (control, params, body) => {
      const input = parseBody(reviewBody, body);
      return {
        status: 201,
        json: control.addReview(params['owner']!, params['repo']!, pullNumber(params), input),
      };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/check-runs',
    handle: (control, params, body) => {
      const input = parseBody(checkRunBody, body);
      const run = control.setCheckRun(
        params['owner']!,
        params['repo']!,
        input.sha,
        defined({
          name: input.name,
          status: input.status,
          conclusion: input.conclusion,
          detailsUrl: input.details_url,
          title: input.title,
          summary: input.summary,
        }),
      );
      return { status: 201, json: run };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/statuses',
    handle: (control, params, body) => {
      const input = parseBody(statusBody, body);
      const status = control.setCommitStatus(
        params['owner']!,
        params['repo']!,
        input.sha,
        defined({
          context: input.context,
          state: input.state,
          description: input.description,
          targetUrl: input.target_url,
        }),
      );
      return { status: 201, json: status };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/pulls/{number}/merge',
    handle: (control, params, body) => {
      const input = parseBody(mergeBody, body);
      const result = control.mergePull(
        params['owner']!,
        params['repo']!,
        pullNumber(params),
        defined({
          by: input.by,
          method: input.merge_method,
          commitTitle: input.commit_title,
          commitMessage: input.commit_message,
          deleteHeadBranch: input.delete_branch,
        }),
      );
      return { status: 200, json: { merged: true, ...result } };
    },
  },
  {
    // Simulates someone pushing to a branch (e.g. main moving under an open PR).
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/branches/{branch+}/commits',
    handle: (control, params, body) => {
      const input = parseBody(pushBody, body);
      const push = control.pushCommit(
        params['owner']!,
        params['repo']!,
        params['branch']!,
        defined({ files: input.files, message: input.message, author: input.author }),
      );
      return { status: 201, json: push };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/repos/{owner}/{repo}/pulls/{number}/close',
    handle: (control, params) => ({
      status: 200,
      json: control.closePull(params['owner']!, params['repo']!, pullNumber(params)),
    }),
  },
  {
    // The target of contents `download_url`s; `{ref}` is one %-encoded segment.
    method: 'GET',
    pattern: '/_emulator/raw/{owner}/{repo}/{ref}/{path+}',
    handle: (control, params) => {
      const text = control.readFile(params['owner']!, params['repo']!, params['ref']!, params['path']!);
      if (text === undefined) throw notFound();
      return {
        status: 200,
        raw: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text, 'utf8') },
      };
    },
  },
];

const router = new Router(routes);

/** Throws ApiError for failures; the server renders those like REST errors. */
export function handleControl(control: EmulatorControl, request: ControlRequest): ControlResponse {
  const match = router.match(request.method, request.path);
  if (!match) throw notFound();
  return match.route.handle(control, match.params, request.body);
}
