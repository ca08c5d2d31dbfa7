import type { Octokit } from 'octokit';
import type {
  CheckRun,
  Conditional,
  InfraRepo,
  NewPull,
  PullRef,
  PullStatus,
  RepoSnapshot,
  Review,
} from '../changes/infra-repo.js';
import { InfraRepoError } from '../changes/infra-repo.js';
import { classifyGitHubError } from './github-errors.js';

/** InfraRepo over the GitHub REST API: the git data API for the commit, then the pulls API. */
export class OctokitInfraRepo implements InfraRepo {
  readonly fullName: string;
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly octokit: Octokit,
    fullName: string,
    private readonly htmlBase = 'https://github.com',
  ) {
    this.fullName = fullName;
    [this.owner, this.repo] = fullName.split('/') as [string, string];
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyGitHubError(error, this.fullName);
    }
  }

  private async conditional<T>(
    etag: string | undefined,
    run: (headers: Record<string, string>) => Promise<{ data: unknown; headers: Record<string, unknown> }>,
    map: (data: unknown) => T,
  ): Promise<Conditional<T>> {
    try {
      const response = await run(etag ? { 'if-none-match': etag } : {});
      const next = response.headers.etag;
      return {
        notModified: false,
        value: map(response.data),
        ...(typeof next === 'string' ? { etag: next } : {}),
      };
    } catch (error) {
      if ((error as { status?: number }).status === 304) return { notModified: true };
      throw classifyGitHubError(error, this.fullName);
    }
  }

  snapshot(base: string): Promise<RepoSnapshot> {
    return this.call(async () => {
      const { data: branch } = await this.octokit.rest.repos.getBranch({
        owner: this.owner,
        repo: this.repo,
        branch: base,
      });
      const treeSha = branch.commit.commit.tree.sha;
      const { data: tree } = await this.octokit.rest.git.getTree({
        owner: this.owner,
        repo: this.repo,
        tree_sha: treeSha,
        recursive: 'true',
      });
      if (tree.truncated)
        throw new InfraRepoError(
          'invalid',
          `${this.fullName} is too large for GitHub to list in one answer; set changes.path to the Terraform folder`,
        );
      return {
        commitSha: branch.commit.sha,
        treeSha,
        files: tree.tree
          .filter((e) => e.type === 'blob' && e.path && e.sha)
          .map((e) => ({ path: e.path!, sha: e.sha! })),
      };
    });
  }

  readBlob(sha: string): Promise<string> {
    return this.call(async () => {
      const { data } = await this.octokit.rest.git.getBlob({
        owner: this.owner,
        repo: this.repo,
        file_sha: sha,
      });
      return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    });
  }

  commitFiles(input: {
    parent: string;
    baseTree: string;
    files: Array<{ path: string; content: string }>;
    message: string;
  }): Promise<string> {
    return this.call(async () => {
      // Inline contents: no separate blob calls, whatever the number of files.
      const { data: tree } = await this.octokit.rest.git.createTree({
        owner: this.owner,
        repo: this.repo,
        base_tree: input.baseTree,
        tree: input.files.map((f) => ({ path: f.path, mode: '100644', type: 'blob', content: f.content })),
      });
      const { data: commit } = await this.octokit.rest.git.createCommit({
        owner: this.owner,
        repo: this.repo,
        message: input.message,
        tree: tree.sha,
        parents: [input.parent],
      });
      return commit.sha;
    });
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    try {
      await this.octokit.rest.git.createRef({
        owner: this.owner,
        repo: this.repo,
        ref: `refs/heads/${branch}`,
        sha,
      });
    } catch (error) {
      const e = error as { status?: number; message?: string };
      if (e.status === 422 && /already exists/i.test(e.message ?? ''))
        throw new InfraRepoError('branch-exists', `the branch ${branch} already exists`);
      throw classifyGitHubError(error, this.fullName);
    }
  }

  deleteBranch(branch: string): Promise<void> {
    return this.call(async () => {
      await this.octokit.rest.git.deleteRef({ owner: this.owner, repo: this.repo, ref: `heads/${branch}` });
    });
  }

  openPull(pull: NewPull): Promise<PullRef> {
    return this.call(async () => {
      const { data } = await this.octokit.rest.pulls.create({
        owner: this.owner,
        repo: this.repo,
        head: pull.branch,
        base: pull.base,
        title: pull.title,
        body: pull.body,
        maintainer_can_modify: true,
      });
      return { number: data.number, url: data.html_url, state: 'open' };
    });
  }

  requestReviewers(number: number, users: string[], teams: string[]): Promise<void> {
    return this.call(async () => {
      await this.octokit.rest.pulls.requestReviewers({
        owner: this.owner,
        repo: this.repo,
        pull_number: number,
        reviewers: users,
        team_reviewers: teams,
      });
    });
  }

  addLabels(number: number, labels: string[]): Promise<void> {
    return this.call(async () => {
      await this.octokit.rest.issues.addLabels({
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        labels,
      });
    });
  }

  findPullForBranch(branch: string): Promise<PullRef | undefined> {
    return this.call(async () => {
      const { data } = await this.octokit.rest.pulls.list({
        owner: this.owner,
        repo: this.repo,
        head: `${this.owner}:${branch}`,
        state: 'all',
        per_page: 1,
      });
      const pull = data[0];
      if (!pull) return undefined;
      return {
        number: pull.number,
        url: pull.html_url,
        state: pull.merged_at ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
      };
    });
  }

  pullStatus(number: number, etag?: string): Promise<Conditional<PullStatus>> {
    return this.conditional(
      etag,
      (headers) =>
        this.octokit.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: number, headers }),
      (data) => {
        const pull = data as {
          state: string;
          title: string;
          merged: boolean;
          merged_at?: string | null;
          merged_by?: { login: string } | null;
          head: { sha: string };
        };
        return {
          state: pull.merged ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
          headSha: pull.head.sha,
          title: pull.title,
          ...(pull.merged_by ? { mergedBy: pull.merged_by.login } : {}),
          ...(pull.merged_at ? { mergedAt: pull.merged_at } : {}),
        };
      },
    );
  }

  reviews(number: number, etag?: string): Promise<Conditional<Review[]>> {
    return this.conditional(
      etag,
      (headers) =>
        this.octokit.rest.pulls.listReviews({
          owner: this.owner,
          repo: this.repo,
          pull_number: number,
          per_page: 100,
          headers,
        }),
      (data) =>
        (data as Array<{ id: number; user: { login: string } | null; state: string; html_url: string }>).map(
          (r) => ({ id: r.id, user: r.user?.login ?? 'someone', state: r.state, url: r.html_url }),
        ),
    );
  }

  checkRuns(sha: string, etag?: string): Promise<Conditional<CheckRun[]>> {
    return this.conditional(
      etag,
      (headers) =>
        this.octokit.rest.checks.listForRef({
          owner: this.owner,
          repo: this.repo,
          ref: sha,
          per_page: 100,
          headers,
        }),
      (data) =>
        (
          data as {
            check_runs: Array<{
              id: number;
              name: string;
              status: string;
              conclusion: string | null;
              html_url: string | null;
              details_url: string | null;
            }>;
          }
        ).check_runs.map((c) => ({
          id: c.id,
          name: c.name,
          status: c.status,
          conclusion: c.conclusion,
          url: c.details_url ?? c.html_url ?? '',
        })),
    );
  }

  branchUrl(branch: string): string {
    return `${this.htmlBase}/${this.fullName}/tree/${branch.split('/').map(encodeURIComponent).join('/')}`;
  }
}
