import { Registry } from './registry.js';
import { ackVerb } from './verbs/ack.js';
import { addVerb } from './verbs/add.js';
import { alarmsVerb } from './verbs/alarms.js';
import { auditVerb } from './verbs/audit.js';
import { changedVerb } from './verbs/changed.js';
import { errorsVerb } from './verbs/errors.js';
import { graphVerb } from './verbs/graph.js';
import { helpVerb } from './verbs/help.js';
import { incidentVerb } from './verbs/incident.js';
import { incidentsVerb } from './verbs/incidents.js';
import { keepVerb } from './verbs/keep.js';
import { muteVerb } from './verbs/mute.js';
import { restartVerb } from './verbs/restart.js';
import { scaleVerb } from './verbs/scale.js';
import { scheduleVerb } from './verbs/schedule.js';
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
    keepVerb,
    scheduleVerb,
    alarmsVerb,
    incidentsVerb,
    ackVerb,
    muteVerb,
    graphVerb,
    addVerb,
    // Incident context (issue 11).
    changedVerb,
    errorsVerb,
    restartVerb,
    scaleVerb,
    incidentVerb,
    auditVerb,
    whoamiVerb,
  ]);
}
