import type { Failure } from '../../environments/environment-gateway.js';
import type { Problem, ProblemReason } from '../../environments/model.js';
import { explainFailure, whyUnreadable } from '../explain-error.js';

/** Why a resource could not be read, in words. */
export function problemText(reason: ProblemReason): string {
  switch (reason.code) {
    case 'aws':
      return explainFailure(reason.failure);
    case 'autoscaling-unreadable':
      return `could not read its autoscaling: ${explainFailure(reason.failure)}`;
    case 'service-missing':
      return `not found: there is no active service ${reason.service} in cluster ${reason.cluster}`;
    case 'database-missing':
      return 'not found: no such database in this account and Region';
    case 'cluster-empty':
      return 'the cluster has no services';
    case 'old-arn':
      return 'tagged, but its ARN has no cluster (old ECS ARN format); list it under `ecs` instead';
  }
}

/**
 * The short "why" of `could not read dev: <why>`: the AWS failure shared by the problems (no
 * credentials, a permission, an endpoint), else the first problem's reason.
 */
export function whyNotRead(problems: readonly Problem[]): string {
  const failures = problems
    .map((p) => ('failure' in p.reason ? p.reason.failure : undefined))
    .filter((f): f is Failure => f !== undefined);
  const first = failures[0];
  if (first) return whyUnreadable(first);
  const p = problems[0];
  return p ? `${p.label}: ${problemText(p.reason)}` : 'nothing was found';
}
