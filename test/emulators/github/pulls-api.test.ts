import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { commitFiles, failure, looseRequest, OWNER, octokitFor, REPO } from './helpers.js';

let emulator: GitHubEmulator;
let octokit: ReturnType<typeof octokitFor>;
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  emulator.createRepo(OWNER, REPO, {
    files: { 'README.md': '# infra\n', 'aws/main.tf': 'provider "aws" {}\n' },
    collaborators: ['alice', 'bob'],
    teams: ['platform'],
  });
  octokit = octokitFor(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

describe('the add-a-resource pull request flow', () => {
  const branch = 'infrabot/add-queue-orders';
  let number: number;
  let headSha: string;

  it('opens a pull request for a branch with one commit', async () => {
    headSha = await commitFiles(
      octokit,
      { ...repo, branch },
      { 'aws/queues/orders.tf': 'a\nb\n' },
      'Add queue orders',
    );
    const { data, status } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Add queue orders',
      head: branch,
      base: 'main',
      body: 'Requested by @alice in Slack',
    });
    expect(status).toBe(201);
    number = data.number;
    expect(data).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
      mergeable: true,
      mergeable_state: 'clean',
      draft: false,
      commits: 1,
      changed_files: 1,
      additions: 2,
      deletions: 0,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/1`,
      head: { ref: branch, sha: headSha, label: `${OWNER}:${branch}` },
      base: { ref: 'main', sha: emulator.branchSha(OWNER, REPO, 'main') },
      user: { login: 'infrabot[bot]', type: 'Bot' },
    });
  });

  it('refuses a duplicate, an empty and a headless pull request with 422 Validation Failed', async () => {
    const duplicate = await failure(
      octokit.rest.pulls.create({ ...repo, title: 't', head: `${OWNER}:${branch}`, base: 'main' }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.data).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${OWNER}:${branch}.`,
        },
      ],
    });

    const main = emulator.branchSha(OWNER, REPO, 'main')!;
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/nothing-new', sha: main });
    const empty = await failure(
      octokit.rest.pulls.create({ ...repo, title: 't', head: 'nothing-new', base: 'main' }),
    );
    expect(empty.data).toMatchObject({
      errors: [
        { resource: 'PullRequest', code: 'custom', message: 'No commits between main and nothing-new' },
      ],
    });

    const headless = await failure(
      octokit.rest.pulls.create({ ...repo, title: 't', head: 'ghost', base: 'main' }),
    );
    expect(headless.data).toMatchObject({
      errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
    });
    const untitled = await failure(
      looseRequest(octokit, 'POST /repos/{owner}/{repo}/pulls', { ...repo, head: branch, base: 'main' }),
    );
    expect(untitled.data).toMatchObject({ errors: [{ field: 'title', code: 'missing_field' }] });
  });

  it('requests reviewers (users and teams) and rejects non-collaborators', async () => {
    const { data, status } = await octokit.rest.pulls.requestReviewers({
      ...repo,
      pull_number: number,
      reviewers: ['alice', 'bob'],
      team_reviewers: ['platform'],
    });
    expect(status).toBe(201);
    expect(data.requested_reviewers?.map((user) => user.login)).toEqual(['alice', 'bob']);
    expect(data.requested_teams?.map((team) => team.slug)).toEqual(['platform']);

    const outsider = await failure(
      octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ['mallory'] }),
    );
    expect(outsider.status).toBe(422);
    expect(outsider.message).toContain(
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${OWNER}/${REPO} repository.`,
    );
    const unknownTeam = await failure(
      octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, team_reviewers: ['ghosts'] }),
    );
    expect(unknownTeam.status).toBe(422);
  });

  it('labels the pull request and comments on it', async () => {
    const { data: labels } = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ['infrabot', 'queue'],
    });
    expect(labels.map((label) => label.name)).toEqual(['infrabot', 'queue']);
    await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: ['Queue'] });
    const { data: listed } = await octokit.rest.issues.listLabelsOnIssue({ ...repo, issue_number: number });
    expect(listed.map((label) => label.name)).toEqual(['infrabot', 'queue']);

    const { data: comment, status } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'Plan looks good',
    });
    expect(status).toBe(201);
    expect(comment.html_url).toBe(
      `https://github.com/${OWNER}/${REPO}/pull/${number}#issuecomment-${comment.id}`,
    );
    const { data: comments } = await octokit.rest.issues.listComments({ ...repo, issue_number: number });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([['infrabot[bot]', 'Plan looks good']]);
    expect(emulator.listComments(OWNER, REPO, number)).toEqual([
      { id: comment.id, user: 'infrabot[bot]', body: 'Plan looks good' },
    ]);
    const missing = await failure(
      octokit.rest.issues.createComment({ ...repo, issue_number: 999, body: 'x' }),
    );
    expect(missing.status).toBe(404);
  });

  it('shows reviews, check runs and statuses set through the control API', async () => {
    emulator.addReview(OWNER, REPO, number, { user: 'bob', state: 'CHANGES_REQUESTED', body: 'Add a DLQ' });
    emulator.addReview(OWNER, REPO, number, { user: 'alice', state: 'APPROVED', body: 'LGTM' });
    const { data: reviews } = await octokit.rest.pulls.listReviews({ ...repo, pull_number: number });
    expect(reviews.map((r) => [r.user?.login, r.state, r.body, r.commit_id])).toEqual([
      ['bob', 'CHANGES_REQUESTED', 'Add a DLQ', headSha],
      ['alice', 'APPROVED', 'LGTM', headSha],
    ]);
    const { data: requested } = await octokit.rest.pulls.listRequestedReviewers({
      ...repo,
      pull_number: number,
    });
    expect(requested.users.map((user) => user.login)).toEqual([]);
    expect(requested.teams.map((team) => team.slug)).toEqual(['platform']);

    emulator.setCheckRun(OWNER, REPO, headSha, { name: 'terraform plan', status: 'in_progress' });
    let { data: checks } = await octokit.rest.checks.listForRef({ ...repo, ref: branch });
    expect(checks.check_runs.map((run) => [run.name, run.status, run.conclusion])).toEqual([
      ['terraform plan', 'in_progress', null],
    ]);
    emulator.setCheckRun(OWNER, REPO, headSha, {
      name: 'terraform plan',
      status: 'completed',
      conclusion: 'success',
    });
    ({ data: checks } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha }));
    expect(checks.total_count).toBe(1);
    expect(checks.check_runs[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      head_sha: headSha,
    });
    expect(checks.check_runs[0]?.pull_requests.map((pull) => pull.number)).toEqual([number]);

    const { data: pending } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: headSha });
    expect(pending).toMatchObject({ state: 'pending', total_count: 0 });
    emulator.setCommitStatus(OWNER, REPO, headSha, { context: 'ci/lint', state: 'failure' });
    emulator.setCommitStatus(OWNER, REPO, headSha, { context: 'ci/lint', state: 'success' });
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: branch });
    expect(combined).toMatchObject({ state: 'success', total_count: 1, sha: headSha });
  });

  it('merges through the control API and reports the merge over REST', async () => {
    const mainBefore = emulator.branchSha(OWNER, REPO, 'main')!;
    const { sha } = emulator.mergePull(OWNER, REPO, number, { by: 'alice' });
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    expect(data).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: sha,
      merged_by: { login: 'alice' },
      base: { sha: mainBefore },
      commits: 1,
    });
    const { data: mergeCommit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });
    expect(mergeCommit.parents.map((p) => p.sha)).toEqual([mainBefore, headSha]);
    expect(mergeCommit.message).toBe(
      `Merge pull request #${number} from ${OWNER}/${branch}\n\nAdd queue orders`,
    );
    expect(emulator.readFile(OWNER, REPO, 'main', 'aws/queues/orders.tf')).toBe('a\nb\n');

    const { data: closed } = await octokit.rest.pulls.list({
      ...repo,
      state: 'closed',
      head: `${OWNER}:${branch}`,
    });
    expect(closed.map((pull) => pull.number)).toEqual([number]);
    expect(closed[0]).not.toHaveProperty('merged');
    const { data: open } = await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:${branch}` });
    expect(open).toEqual([]);
    expect(() => emulator.mergePull(OWNER, REPO, number, { by: 'alice' })).toThrow(
      'Pull Request is not mergeable',
    );
  });
});

describe('pull request lifecycle', () => {
  it('tracks the head branch, closes, reopens and edits', async () => {
    const branch = 'lifecycle';
    await commitFiles(octokit, { ...repo, branch }, { 'lifecycle.txt': '1\n' });
    const { data: pull } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Lifecycle',
      head: branch,
      base: 'main',
    });
    const newHead = await commitFiles(octokit, { ...repo, branch }, { 'lifecycle.txt': '2\n' });
    const { data: moved } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(moved.head.sha).toBe(newHead);
    expect(moved.commits).toBe(2);

    const { data: closed } = await octokit.rest.pulls.update({
      ...repo,
      pull_number: pull.number,
      state: 'closed',
    });
    expect(closed.state).toBe('closed');
    expect(closed.closed_at).not.toBeNull();
    const { data: reopened } = await octokit.rest.pulls.update({
      ...repo,
      pull_number: pull.number,
      state: 'open',
      title: 'Lifecycle (renamed)',
    });
    expect(reopened).toMatchObject({ state: 'open', title: 'Lifecycle (renamed)', closed_at: null });

    await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
    expect(emulator.listPulls(OWNER, REPO, { state: 'open' }).map((p) => p.number)).not.toContain(
      pull.number,
    );
    const badState = await failure(
      looseRequest(octokit, 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repo,
        pull_number: pull.number,
        state: 'merged',
      }),
    );
    expect(badState.status).toBe(422);
  });

  it('reports conflicts as unmergeable and refuses to merge them', async () => {
    await commitFiles(octokit, { ...repo, branch: 'edit-a' }, { 'README.md': 'A\n' });
    await commitFiles(octokit, { ...repo, branch: 'edit-b' }, { 'README.md': 'B\n' });
    const { data: first } = await octokit.rest.pulls.create({
      ...repo,
      title: 'A',
      head: 'edit-a',
      base: 'main',
    });
    const { data: second } = await octokit.rest.pulls.create({
      ...repo,
      title: 'B',
      head: 'edit-b',
      base: 'main',
    });
    emulator.mergePull(OWNER, REPO, first.number, { by: 'bob', method: 'squash' });
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: second.number });
    expect(data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    expect(() => emulator.mergePull(OWNER, REPO, second.number, { by: 'bob' })).toThrow(
      'Pull Request is not mergeable',
    );
    const squash = await octokit.rest.repos.getCommit({ ...repo, ref: 'main' });
    expect(squash.data.parents).toHaveLength(1);
    expect(squash.data.commit.message.startsWith(`A (#${first.number})`)).toBe(true);
  });

  it('notices the base branch moving under an open pull request', async () => {
    await commitFiles(
      octokit,
      { ...repo, branch: 'edit-main-tf' },
      { 'aws/main.tf': 'provider "aws" { region = "x" }\n' },
    );
    const { data: pull } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Region',
      head: 'edit-main-tf',
      base: 'main',
    });
    expect(pull.mergeable).toBe(true);
    emulator.pushCommit(OWNER, REPO, 'main', { files: { 'docs/unrelated.md': 'x\n' }, author: 'bob' });
    const { data: stillClean } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(stillClean).toMatchObject({
      mergeable: true,
      base: { sha: emulator.branchSha(OWNER, REPO, 'main') },
    });
    emulator.pushCommit(OWNER, REPO, 'main', { files: { 'aws/main.tf': null }, message: 'Drop main.tf' });
    const { data: conflicted } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(conflicted).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
  });

  it('ignores a head filter without owner, as GitHub does, and paginates with Link headers', async () => {
    const all = await octokit.rest.pulls.list({ ...repo, state: 'all' });
    const bare = await octokit.rest.pulls.list({ ...repo, state: 'all', head: 'edit-a' });
    expect(bare.data.length).toBe(all.data.length);
    expect(all.data.map((p) => p.number)).toEqual([...all.data.map((p) => p.number)].sort((a, b) => b - a));
    const onePerPage = await octokit.rest.pulls.list({ ...repo, state: 'all', per_page: 1 });
    expect(onePerPage.headers.link).toContain('rel="next"');
    const paged = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'all', per_page: 1 });
    expect(paged.map((p) => p.number)).toEqual(all.data.map((p) => p.number));
  });
});
