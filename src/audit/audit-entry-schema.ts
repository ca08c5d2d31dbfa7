import { z } from 'zod';
import type { AuditEntry } from './audit-log.js';

/** What an audit entry read back from the store must look like (the store is outside input too). */
export const auditEntrySchema = z.object({
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  actor: z.object({
    id: z.string(),
    name: z.string().optional(),
    kind: z.enum(['slack', 'terminal', 'schedule', 'system']),
  }),
  command: z.string(),
  confirmation: z.enum(['asked', 'flag']).optional(),
  verb: z.string(),
  environment: z.string().optional(),
  channelId: z.string().optional(),
  frontDoor: z.enum(['slack', 'terminal', 'schedule', 'system']),
  outcome: z.enum(['ok', 'error', 'denied', 'started']),
  detail: z.string().optional(),
});

// The schema and the AuditEntry type must describe the same thing: this fails to compile otherwise.
// Keys are compared too: an optional field missing from the schema would otherwise still compile
// (and be silently dropped from every entry read back).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof auditEntrySchema>, AuditEntry> = true;
const keysMatch: Same<keyof z.infer<typeof auditEntrySchema>, keyof AuditEntry> = true;
void keysMatch;
void schemaMatchesType;
