import { environmentOperationVerb } from './environment-operation-verb.js';

export const stopVerb = environmentOperationVerb('stop', {
  summary: 'Stop an environment: ECS services to 0, RDS databases stopped (start puts them back)',
  details:
    'Saves each desired count and autoscaling bounds first, so `start` restores them exactly. Read replicas, Aurora members and other databases AWS cannot stop are skipped, with the reason.',
});
