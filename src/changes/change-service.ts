import {
  addressesOf,
  type DefinedResource,
  findCollision,
  HclParseError,
  resourcesInFile,
} from './existing-resources.js';
import { type InfraRepo, InfraRepoError, type PullRef, type RepoSnapshot } from './infra-repo.js';
import { branchName, commitMessage, pullBody, pullTitle, type Requester } from './pull-request-text.js';
import { type RenderedResource, renderResource } from './render-resource.js';
import type { ResourceSpec } from './resource-kind.js';
import { TemplateError } from './template-engine.js';
import { defaultTemplate, type TemplateSource, templateFileName } from './templates.js';

/** The `changes:` config the service needs (see config/schema.ts). */
export interface ChangesSettings {
  repo: string;
  base: string;
  path: string;
  reviewers: string[];
  labels: string[];
  templates_path: string;
}

export type ChangeErrorCode = InfraRepoError['code'] | 'collision' | 'template' | 'unreadable' | 'pr-exists';

/** A failure the user can act on; `link` points at what is in the way (the existing PR, the branch). */
export class ChangeError extends Error {
  constructor(
    readonly code: ChangeErrorCode,
    message: string,
    readonly link?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ChangeError';
  }
}

export interface Preview {
  rendered: RenderedResource;
  branch: string;
  title: string;
  body: string;
}

export interface Opened extends Preview {
  pull: PullRef;
  commitSha: string;
  /** Steps after the PR opened that failed (reviewers, labels): the PR is there, but not complete. */
  incomplete: string[];
}

export const NO_GITHUB =
  'infrabot has no GitHub access configured: an admin sets GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID (or GITHUB_TOKEN). Use --dry-run to see the change without GitHub.';

/** Parsed resources per blob SHA: the same content never needs reading or parsing twice. */
const MAX_CACHED_BLOBS = 5000;

export class ChangeService {
  private readonly parsed = new Map<string, DefinedResource[]>();
  private readonly blobs = new Map<string, string>();

  private repoPromise: Promise<InfraRepo> | undefined;

  /**
   * `connect` builds the GitHub adapter on first use (a GitHub App exchanges its JWT for a token
   * then); a failed connection is retried on the next request. Absent: no GitHub access.
   */
  constructor(
    readonly settings: ChangesSettings,
    private readonly connect: (() => Promise<InfraRepo>) | undefined,
  ) {}

  get connected(): boolean {
    return this.connect !== undefined;
  }

  /** The connected repo (for the PR follower). */
  repository(): Promise<InfraRepo> {
    if (!this.connect) return Promise.reject(new ChangeError('unauthorized', NO_GITHUB));
    if (!this.repoPromise) {
      this.repoPromise = this.connect();
      this.repoPromise.catch(() => {
        this.repoPromise = undefined;
      });
    }
    return this.repoPromise;
  }

  /** The dry run: infrabot's own template, no GitHub call at all. */
  async preview(spec: ResourceSpec, requester: Requester, command: string): Promise<Preview> {
    return this.describe(this.render(spec, await defaultTemplate(spec.kind)), requester, command);
  }

  private render(spec: ResourceSpec, template: TemplateSource): RenderedResource {
    try {
      return renderResource(spec, template, this.settings.path);
    } catch (error) {
      if (error instanceof TemplateError)
        throw new ChangeError('template', `${error.message}. Fix the template in ${this.settings.repo}.`);
      throw error;
    }
  }

  private describe(rendered: RenderedResource, requester: Requester, command: string): Preview {
    return {
      rendered,
      branch: branchName(rendered),
      title: pullTitle(rendered),
      body: pullBody(rendered, requester, command),
    };
  }

  private async blob(sha: string): Promise<string> {
    const cached = this.blobs.get(sha);
    if (cached !== undefined) return cached;
    const text = await (await this.repository()).readBlob(sha);
    if (this.blobs.size >= MAX_CACHED_BLOBS) this.blobs.delete(this.blobs.keys().next().value!);
    this.blobs.set(sha, text);
    return text;
  }

  private async existingResources(snapshot: RepoSnapshot): Promise<DefinedResource[]> {
    const folder = this.settings.path.replace(/^\/+|\/+$/g, '');
    const tfFiles = snapshot.files.filter(
      (f) => f.path.endsWith('.tf') && (folder === '' || f.path.startsWith(`${folder}/`)),
    );
    const all = await Promise.all(
      tfFiles.map(async (file) => {
        const key = `${file.sha}:${file.path}`;
        const hit = this.parsed.get(key);
        if (hit) return hit;
        const found = await resourcesInFile(file.path, await this.blob(file.sha));
        if (this.parsed.size >= MAX_CACHED_BLOBS) this.parsed.delete(this.parsed.keys().next().value!);
        this.parsed.set(key, found);
        return found;
      }),
    );
    return all.flat();
  }

  private async template(spec: ResourceSpec, snapshot: RepoSnapshot): Promise<TemplateSource> {
    const dir = this.settings.templates_path.replace(/^\/+|\/+$/g, '');
    const path = `${dir}/${templateFileName(spec.kind)}`;
    const override = snapshot.files.find((f) => f.path === path);
    if (!override) return defaultTemplate(spec.kind);
    return { kind: spec.kind, origin: `${this.settings.repo} ${path}`, text: await this.blob(override.sha) };
  }

  /**
   * Validates against the repo, then one commit on a new branch and a PR. Nothing half-done: if
   * the PR cannot be opened the branch is deleted again.
   */
  async open(spec: ResourceSpec, requester: Requester, command: string): Promise<Opened> {
    try {
      const repo = await this.repository();
      const snapshot = await repo.snapshot(this.settings.base);
      const rendered = this.render(spec, await this.template(spec, snapshot));
      let addresses: string[];
      try {
        addresses = await addressesOf(rendered.path, rendered.content);
      } catch (error) {
        throw new ChangeError(
          'template',
          `the template ${rendered.templateOrigin} renders invalid HCL (${(error as Error).message}). Fix the template.`,
        );
      }
      let existing: DefinedResource[];
      try {
        existing = await this.existingResources(snapshot);
      } catch (error) {
        if (error instanceof HclParseError)
          throw new ChangeError(
            'unreadable',
            `${error.message.slice(0, 300)} — infrabot cannot check for collisions until it parses. Fix that file on ${this.settings.base}.`,
          );
        throw error;
      }
      const collision = findCollision(existing, new Set(snapshot.files.map((f) => f.path)), {
        kind: spec.kind,
        name: spec.name,
        path: rendered.path,
        addresses,
      });
      if (collision) throw new ChangeError('collision', `Not added: ${collision.reason}.`);

      const preview = this.describe(rendered, requester, command);
      const commitSha = await repo.commitFiles({
        parent: snapshot.commitSha,
        baseTree: snapshot.treeSha,
        files: [{ path: rendered.path, content: rendered.content }],
        message: commitMessage(rendered, requester),
      });
      try {
        await repo.createBranch(preview.branch, commitSha);
      } catch (error) {
        if (error instanceof InfraRepoError && error.code === 'branch-exists') {
          const pull = await repo.findPullForBranch(preview.branch);
          if (pull)
            throw new ChangeError(
              'pr-exists',
              `A pull request for this already exists (#${pull.number}, ${pull.state}).`,
              pull.url,
            );
          throw new ChangeError(
            'branch-exists',
            `The branch ${preview.branch} already exists without a pull request. Delete it or open the PR from it.`,
            repo.branchUrl(preview.branch),
          );
        }
        throw error;
      }
      let pull: PullRef;
      try {
        pull = await repo.openPull({
          branch: preview.branch,
          base: this.settings.base,
          title: preview.title,
          body: preview.body,
        });
      } catch (error) {
        // Leave nothing behind: a branch without its PR would block the next attempt.
        const cleanup = await repo.deleteBranch(preview.branch).then(
          () => '',
          (e: unknown) =>
            ` The branch ${preview.branch} could not be deleted (${(e as Error).message}); delete it by hand.`,
        );
        const base =
          error instanceof InfraRepoError ? error : new InfraRepoError('unavailable', String(error));
        throw new ChangeError(base.code, `${base.message}${cleanup}`, undefined, base.retryAfterSeconds);
      }
      const incomplete: string[] = [];
      const users = this.settings.reviewers.filter((r) => !r.includes('/'));
      const teams = this.settings.reviewers.filter((r) => r.includes('/')).map((r) => r.split('/')[1]!);
      if (users.length + teams.length > 0)
        await repo.requestReviewers(pull.number, users, teams).catch((e: unknown) => {
          incomplete.push(`reviewers could not be requested (${(e as Error).message}); request them by hand`);
        });
      if (this.settings.labels.length > 0)
        await repo.addLabels(pull.number, this.settings.labels).catch((e: unknown) => {
          incomplete.push(`labels could not be added (${(e as Error).message})`);
        });
      return { ...preview, pull, commitSha, incomplete };
    } catch (error) {
      if (error instanceof ChangeError) throw error;
      if (error instanceof InfraRepoError)
        throw new ChangeError(error.code, error.message, undefined, error.retryAfterSeconds);
      throw error;
    }
  }
}
