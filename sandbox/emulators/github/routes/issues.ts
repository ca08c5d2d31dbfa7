import { z } from 'zod';
import { notFound } from '../errors.js';
import { paginate } from '../pagination.js';
import type { CommentRecord, PullRecord, Repository } from '../repo-store.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody } from '../validation.js';
import { labelView } from '../views-core.js';
import { commentView } from '../views-pulls.js';
import { pullFrom } from './pulls.js';

/**
 * The issue side of pull requests: labels and conversation comments. Only pull requests exist
 * as issues here, so an issue number that isn't a PR is a 404.
 */

const LABEL_DOCS = 'https://docs.github.com/rest/issues/labels';
const COMMENT_DOCS = 'https://docs.github.com/rest/issues/comments';

/** GitHub accepts `{labels: [...]}`, a bare array, and label objects `{name}` in either. */
const labelName = z.union([z.string(), z.object({ name: z.string() }).transform((label) => label.name)]);
const labelsBody = z.union([
  z.object({ labels: z.array(labelName) }),
  z.array(labelName).transform((labels) => ({ labels })),
]);

const commentBody = z.object({ body: z.string() });

function issueLabels(ctx: RouteContext, repo: Repository, pull: PullRecord) {
  return pull.labels.flatMap((name) => {
    const label = repo.label(name);
    return label ? [labelView(ctx.links, repo, label)] : [];
  });
}

function commentFrom(ctx: RouteContext): { repo: Repository; comment: CommentRecord } {
  const repo = ctx.repo();
  const id = Number(ctx.params['comment_id']);
  const comment = repo.comments.find((candidate) => candidate.id === id);
  if (!comment) throw notFound();
  return { repo, comment };
}

export const issueRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    docs: `${LABEL_DOCS}#add-labels-to-an-issue`,
    createsContent: true,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const { labels } = parseBody(labelsBody, ctx.body);
      for (const name of labels) {
        let label = repo.label(name);
        if (!label) {
          // Unknown labels are created on the fly with GitHub's default grey.
          label = { id: ctx.state.nextId(), name, color: 'ededed', description: null };
          repo.labels.set(name.toLowerCase(), label);
        }
        if (!pull.labels.some((existing) => existing.toLowerCase() === name.toLowerCase()))
          pull.labels.push(label.name);
      }
      pull.updatedAt = ctx.state.now();
      return { status: 200, body: issueLabels(ctx, repo, pull) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    docs: `${LABEL_DOCS}#list-labels-for-an-issue`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      return { status: 200, body: issueLabels(ctx, repo, pull) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    docs: `${LABEL_DOCS}#remove-a-label-from-an-issue`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const name = ctx.params['name']!.toLowerCase();
      if (!pull.labels.some((label) => label.toLowerCase() === name)) throw notFound('Label does not exist');
      pull.labels = pull.labels.filter((label) => label.toLowerCase() !== name);
      pull.updatedAt = ctx.state.now();
      return { status: 200, body: issueLabels(ctx, repo, pull) };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    docs: `${COMMENT_DOCS}#create-an-issue-comment`,
    createsContent: true,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const { body } = parseBody(commentBody, ctx.body);
      const now = ctx.state.now();
      const comment: CommentRecord = {
        id: ctx.state.nextId(),
        issueNumber: pull.number,
        user: ctx.actor,
        body,
        createdAt: now,
        updatedAt: now,
      };
      repo.comments.push(comment);
      const view = commentView(ctx.links, repo, comment);
      return { status: 201, body: view, headers: { location: String(view['url']) } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    docs: `${COMMENT_DOCS}#list-issue-comments`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const since = ctx.query.get('since');
      const sinceTime = since ? Date.parse(since) : Number.NaN;
      const comments = repo.comments.filter(
        (comment) =>
          comment.issueNumber === pull.number &&
          (Number.isNaN(sinceTime) || comment.updatedAt.getTime() >= sinceTime),
      );
      const { page, headers } = paginate(comments, ctx.query, ctx.selfUrl);
      return { status: 200, headers, body: page.map((comment) => commentView(ctx.links, repo, comment)) };
    },
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    docs: `${COMMENT_DOCS}#update-an-issue-comment`,
    handle: (ctx) => {
      const { repo, comment } = commentFrom(ctx);
      const { body } = parseBody(commentBody, ctx.body);
      comment.body = body;
      comment.updatedAt = ctx.state.now();
      return { status: 200, body: commentView(ctx.links, repo, comment) };
    },
  },
];
