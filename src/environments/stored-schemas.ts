import { z } from 'zod';
import type { ActorRef } from './model.js';

/**
 * The shapes of what the environments feature keeps in the store, checked on every read: an
 * item written by an older version or changed by hand gives a clear error, not a crash later.
 */

/**
 * Who did it. Versions before 0.2 stored a display label (`<@U123>`, `alice@laptop (terminal)`);
 * those are read back as the data they stand for.
 */
export const actorSchema: z.ZodType<ActorRef> = z.union([
  z.object({ kind: z.enum(['slack', 'terminal', 'schedule', 'system']), id: z.string().min(1) }),
  z
    .string()
    .min(1)
    .transform((label): ActorRef => {
      const slack = /^<@([A-Z0-9]+)>$/.exec(label);
      if (slack) return { kind: 'slack', id: slack[1]! };
      const terminal = /^(.+) \(terminal\)$/.exec(label);
      return terminal ? { kind: 'terminal', id: terminal[1]! } : { kind: 'system', id: label };
    }),
]);

const count = z.number().int().min(0);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

export const scalingBoundsSchema = z.object({
  min: count,
  max: count,
  suspended: z.object({ scaleIn: z.boolean(), scaleOut: z.boolean(), scheduled: z.boolean() }),
});

export const savedServiceSchema = z.object({
  cluster: z.string().min(1),
  service: z.string().min(1),
  desiredCount: count,
  autoscaling: scalingBoundsSchema.optional(),
  savedAt: isoTime,
  savedBy: actorSchema,
});

export const savedDatabaseSchema = z.object({
  kind: z.enum(['db-instance', 'db-cluster']),
  id: z.string().min(1),
  stoppedAt: isoTime,
  stoppedBy: actorSchema,
});

export const environmentRecordSchema = z.object({
  operation: z.enum(['stop', 'start']),
  outcome: z.enum(['done', 'partial', 'failed']),
  at: isoTime,
  by: actorSchema,
});

export const operationInfoSchema = z.object({
  operation: z.enum(['stop', 'start']),
  by: actorSchema,
  startedAt: isoTime,
});
