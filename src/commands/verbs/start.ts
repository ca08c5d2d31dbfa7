import { environmentOperationVerb } from './environment-operation-verb.js';

export const startVerb = environmentOperationVerb('start', {
  summary: 'Start an environment: databases first, then services back to their saved counts',
  details:
    'Starts the RDS databases and waits until they are available, then restores each service’s autoscaling bounds and desired count, and waits until its tasks are running.',
});
