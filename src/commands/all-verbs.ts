import { Registry } from './registry.js';
import { alarmsVerb } from './verbs/alarms.js';
import { auditVerb } from './verbs/audit.js';
import { changedVerb } from './verbs/changed.js';
import { errorsVerb } from './verbs/errors.js';
import { helpVerb } from './verbs/help.js';
import { incidentVerb } from './verbs/incident.js';
import { restartVerb } from './verbs/restart.js';
import { scaleVerb } from './verbs/scale.js';
import { startVerb } from './verbs/start.js';
import { statusVerb } from './verbs/status.js';
import { stopVerb } from './verbs/stop.js';
import { whoamiVerb } from './verbs/whoami.js';

/** Every verb, in the order `help` lists them. */
export function createRegistry(): Registry {
  return new Registry([
    helpVerb,
    statusVerb,
    stopVerb,
    startVerb,
    alarmsVerb,
    // Incident context (issue 11): one line each, so merging with the alert verbs stays simple.
    changedVerb,
    errorsVerb,
    restartVerb,
    scaleVerb,
    incidentVerb,
    auditVerb,
    whoamiVerb,
  ]);
}
