import type { VerbDefinition } from './verb.js';

/** The verbs infrabot knows. Adding a verb is one file under verbs/ plus one line in all-verbs.ts. */
export class Registry {
  private readonly verbs = new Map<string, VerbDefinition>();

  constructor(verbs: readonly VerbDefinition[]) {
    for (const verb of verbs) {
      if (this.verbs.has(verb.name)) throw new Error(`verb ${verb.name} is registered twice`);
      const variadic = verb.args.findIndex((a) => a.variadic);
      if (variadic >= 0 && variadic !== verb.args.length - 1)
        throw new Error(`${verb.name}: only the last argument may be variadic`);
      this.verbs.set(verb.name, verb);
    }
  }

  get(name: string): VerbDefinition | undefined {
    return this.verbs.get(name);
  }

  names(): string[] {
    return [...this.verbs.keys()];
  }

  all(): VerbDefinition[] {
    return [...this.verbs.values()];
  }
}
