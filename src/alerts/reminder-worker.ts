import type { Logger } from '../logger.js';
import type { Worker } from '../workers/worker.js';
import type { AlertsService } from './alerts-service.js';

/**
 * CloudWatch notifies only on change: while an incident stays in ALARM unacknowledged, this
 * posts a reminder into its thread every `alerts.remind_every`. The store's conditional write
 * decides which replica sends each one.
 */
export class ReminderWorker implements Worker {
  readonly name = 'alarm-reminders';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly alerts: AlertsService,
    private readonly logger: Logger,
    private readonly checkEveryMs = Math.min(
      60_000,
      Math.max(1_000, (alerts.settings.remindEveryMs ?? 60_000) / 4),
    ),
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    const tick = () => {
      if (signal.aborted) return;
      this.running = this.alerts
        .remind()
        .then((n) => {
          if (n > 0) this.logger.info({ reminders: n }, 'posted alarm reminders');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not send alarm reminders'))
        .finally(() => {
          if (!signal.aborted) this.timer = setTimeout(tick, this.checkEveryMs);
        });
    };
    this.timer = setTimeout(tick, this.checkEveryMs);
    signal.addEventListener('abort', () => clearTimeout(this.timer), { once: true });
  }

  async drain(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }
}
