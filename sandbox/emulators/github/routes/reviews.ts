import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { paginate } from '../pagination.js';
import { removeRequestedReviewers, requestReviewers } from '../pull-ops.js';
import type { Route } from '../router.js';
import { parseBody } from '../validation.js';
import { teamView, userView } from '../views-core.js';
import { pullView, reviewView } from '../views-pulls.js';
import { pullFrom } from './pulls.js';

/** Review requests (users and teams) and submitted reviews. */

const REQUEST_DOCS = 'https://docs.github.com/rest/pulls/review-requests';
const REVIEW_DOCS = 'https://docs.github.com/rest/pulls/reviews';

const reviewersBody = z.object({
  reviewers: z.array(z.string()).optional(),
  team_reviewers: z.array(z.string()).optional(),
});

function parseReviewers(body: unknown): { users: string[]; teams: string[] } {
  const parsed = parseBody(reviewersBody, body);
  if (parsed.reviewers === undefined && parsed.team_reviewers === undefined) {
    throw unprocessable(
      'Invalid request.\n\nNo subschema in "anyOf" matched.\n"reviewers" wasn\'t supplied.',
    );
  }
  return { users: parsed.reviewers ?? [], teams: parsed.team_reviewers ?? [] };
}

export const reviewRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    docs: `${REQUEST_DOCS}#request-reviewers-for-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const { users, teams } = parseReviewers(ctx.body);
      requestReviewers(ctx.state, repo, pull, users, teams);
      return { status: 201, body: pullView(ctx.links, repo, pull, false) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    docs: `${REQUEST_DOCS}#get-all-requested-reviewers-for-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      return {
        status: 200,
        body: {
          users: pull.requestedReviewers.map((user) => userView(ctx.links, user)),
          teams: pull.requestedTeams.map((team) => teamView(ctx.links, repo, team)),
        },
      };
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    docs: `${REQUEST_DOCS}#remove-requested-reviewers-from-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const { users, teams } = parseReviewers(ctx.body);
      removeRequestedReviewers(ctx.state, pull, users, teams);
      return { status: 200, body: pullView(ctx.links, repo, pull, false) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    docs: `${REVIEW_DOCS}#list-reviews-for-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const reviews = repo.reviews.filter((review) => review.pullNumber === pull.number);
      const { page, headers } = paginate(reviews, ctx.query, ctx.selfUrl);
      return { status: 200, headers, body: page.map((review) => reviewView(ctx.links, repo, review)) };
    },
  },
];
