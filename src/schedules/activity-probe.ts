/** Whether an environment is being used right now, so a scheduled stop waits. */
export interface InUse {
  inUse: boolean;
  /** Why, for the channel: `an ECS deployment of dev/api is in progress`. */
  reasons: string[];
  /** Checks that could not be made, and why: the stop goes ahead, and says so. */
  unreadable: string[];
}

export interface ActivityProbe {
  check(environment: string, services: Array<{ cluster: string; service: string }>): Promise<InUse>;
}
