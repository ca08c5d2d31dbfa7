/**
 * GitHub calls and wall time to open one `/infra add` pull request, against the GitHub emulator
 * with 100 ms of latency per call (a distant API). Baseline, measured in the same run: the naive
 * way — the contents API, reading every .tf file one by one for the collision check, then one
 * commit per file (createOrUpdateFileContents) — done with the same octokit.
 */
import { Octokit } from 'octokit';
import { type GitHubEmulator, startGitHubEmulator } from '../sandbox/emulators/github/index.js';
import { ChangeService, type ChangesSettings } from '../src/changes/change-service.js';
import { renderResource } from '../src/changes/render-resource.js';
import { parseResourceSpec } from '../src/changes/resource-options.js';
import { defaultTemplate } from '../src/changes/templates.js';
import { infraRepoConnector } from '../src/github/github-client.js';
import { createLogger } from '../src/logger.js';
import { readRuntimeEnv } from '../src/runtime-env.js';
import { ratio, row } from './lib/stats.js';

const LATENCY_MS = 100;
const EXISTING_TF_FILES = 20;
const SETTINGS: ChangesSettings = {
  repo: 'acme/infra',
  base: 'main',
  path: 'aws',
  reviewers: ['alice', 'acme/platform'],
  labels: ['infrabot'],
  templates_path: '.infrabot/templates',
};

async function emulator(): Promise<GitHubEmulator> {
  const github = await startGitHubEmulator({ latencyMs: LATENCY_MS, contentCreationLimitPerMinute: 10_000 });
  const files: Record<string, string> = { 'aws/providers.tf': 'provider "aws" {}\n' };
  for (let i = 0; i < EXISTING_TF_FILES; i++)
    files[`aws/queue-existing-${i}.tf`] =
      `resource "aws_sqs_queue" "existing_${i}" {\n  name = "existing-${i}"\n}\n`;
  github.createRepo('acme', 'infra', { files, collaborators: ['alice'], teams: ['platform'] });
  return github;
}

const spec = (name: string) => {
  const r = parseResourceSpec('queue', name, {});
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};

async function measure(
  github: GitHubEmulator,
  run: () => Promise<unknown>,
): Promise<{ calls: number; ms: number }> {
  const before = github.requests.length;
  const started = performance.now();
  await run();
  return { calls: github.requests.length - before, ms: performance.now() - started };
}

/** The naive way: contents API, each file read and written on its own. */
async function naivePullRequest(octokit: Octokit, name: string): Promise<void> {
  const [owner, repo] = ['acme', 'infra'];
  const { data: dir } = await octokit.rest.repos.getContent({ owner, repo, path: 'aws', ref: 'main' });
  for (const entry of dir as Array<{ path: string; name: string }>)
    if (entry.name.endsWith('.tf'))
      await octokit.rest.repos.getContent({ owner, repo, path: entry.path, ref: 'main' });
  const rendered = renderResource(spec(name), await defaultTemplate('queue'), 'aws');
  const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  const branch = `naive/add-queue-${name}`;
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: ref.object.sha });
  await octokit.rest.repos.createOrUpdateFileContents({
    owner,
    repo,
    path: rendered.path,
    branch,
    message: `Add SQS queue ${name}`,
    content: Buffer.from(rendered.content).toString('base64'),
  });
  const { data: pull } = await octokit.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base: 'main',
    title: name,
    body: '',
  });
  await octokit.rest.pulls.requestReviewers({
    owner,
    repo,
    pull_number: pull.number,
    reviewers: ['alice'],
    team_reviewers: ['platform'],
  });
  await octokit.rest.issues.addLabels({ owner, repo, issue_number: pull.number, labels: ['infrabot'] });
}

export async function benchPullRequest(): Promise<string[]> {
  const github = await emulator();
  try {
    const logger = createLogger({ level: 'silent' });
    const runtime = readRuntimeEnv({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url });
    const unpaced = new ChangeService(
      SETTINGS,
      infraRepoConnector(runtime, logger, SETTINGS.repo, { paceWrites: false }),
    );
    const paced = new ChangeService(SETTINGS, infraRepoConnector(runtime, logger, SETTINGS.repo));
    const requester = { terminal: 'bench@localhost' };

    const cold = await measure(github, () => unpaced.open(spec('cold'), requester, 'add queue cold'));
    const warmRuns = [];
    for (let i = 0; i < 3; i++)
      warmRuns.push(await measure(github, () => unpaced.open(spec(`warm-${i}`), requester, 'add')));
    const warm = warmRuns.sort((a, b) => a.ms - b.ms)[1]!;
    await paced.open(spec('paced-prime'), requester, 'add'); // fills its blob cache
    const production = await measure(github, () => paced.open(spec('paced'), requester, 'add'));

    const octokit = new Octokit({
      auth: 'test-token',
      baseUrl: github.url,
      throttle: { enabled: false },
      retry: { enabled: false },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    const naiveRuns = [];
    for (let i = 0; i < 3; i++)
      naiveRuns.push(await measure(github, () => naivePullRequest(octokit, `naive-${i}`)));
    const naive = naiveRuns.sort((a, b) => a.ms - b.ms)[1]!;

    const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
    return [
      `repo with ${EXISTING_TF_FILES + 1} .tf files, ${LATENCY_MS} ms emulated latency per GitHub call; median of 3 where repeated`,
      row(
        'calls per PR (warm cache)',
        String(warm.calls),
        String(naive.calls),
        ratio(warm.calls, naive.calls),
      ),
      row(
        'calls per PR (first, cold)',
        String(cold.calls),
        String(naive.calls),
        ratio(cold.calls, naive.calls),
      ),
      `calls per PR target ≤ 8: ${warm.calls <= 8 ? '✓' : '✗'} (${warm.calls}; the first PR also reads each .tf blob once, then they are cached by SHA)`,
      row('time to PR (warm, unpaced)', s(warm.ms), s(naive.ms), ratio(warm.ms, naive.ms)),
      row('time to PR (first, cold)', s(cold.ms), s(naive.ms), ratio(cold.ms, naive.ms)),
      row('time to PR (production pacing)', s(production.ms), s(naive.ms), ratio(production.ms, naive.ms)),
      'production pacing = octokit throttling: GitHub asks for ≥ 1 s between writes; tests and the unpaced rows turn it off',
    ];
  } finally {
    await github.close();
  }
}
