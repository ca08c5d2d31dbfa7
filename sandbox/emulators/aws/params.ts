import { AwsError } from './errors.js';

/** How a service words "missing" and "invalid" parameters; it differs between AWS API families. */
export interface ValidationErrors {
  missing(path: string): AwsError;
  invalid(path: string, value: unknown, constraint: string): AwsError;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** JSON 1.1 services (ECS, Application Auto Scaling, tagging) answer with Coral's wording. */
export const coralValidation: ValidationErrors = {
  missing: (path) =>
    new AwsError(
      'ValidationException',
      `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
    ),
  invalid: (path, value, constraint) =>
    new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${show(value)}' at '${path}' failed to satisfy constraint: ${constraint}`,
    ),
};

/** Query services (RDS, STS) and SQS. */
export const queryValidation: ValidationErrors = {
  missing: (path) => new AwsError('MissingParameter', `The request must contain the parameter ${path}`),
  invalid: (path, value, constraint) =>
    new AwsError(
      'InvalidParameterValue',
      `Value (${show(value)}) for parameter ${path} is invalid. ${constraint}`,
    ),
};

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed access to one request's parameters, for both encodings: JSON (typed values, plain arrays)
 * and Query (every scalar a string; lists wrapped as `{ member: [...] }` or `{ Filter: [...] }`).
 * Each accessor throws the service's own validation error, so handlers stay free of type checks.
 */
export class Params {
  constructor(
    readonly raw: Raw,
    private readonly errors: ValidationErrors,
    private readonly encoding: 'json' | 'query',
    private readonly prefix = '',
  ) {}

  private path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  private value(name: string): unknown {
    return Object.hasOwn(this.raw, name) ? this.raw[name] : undefined;
  }

  has(name: string): boolean {
    return this.value(name) !== undefined && this.value(name) !== null;
  }

  str(
    name: string,
    rules: { oneOf?: readonly string[]; maxLength?: number; minLength?: number } = {},
  ): string | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.errors.invalid(this.path(name), v, 'Member must be a string');
    if (rules.oneOf && !rules.oneOf.includes(v)) {
      throw this.errors.invalid(
        this.path(name),
        v,
        `Member must satisfy enum value set: [${rules.oneOf.join(', ')}]`,
      );
    }
    if (rules.maxLength !== undefined && v.length > rules.maxLength) {
      throw this.errors.invalid(
        this.path(name),
        v,
        `Member must have length less than or equal to ${rules.maxLength}`,
      );
    }
    if (rules.minLength !== undefined && v.length < rules.minLength) {
      throw this.errors.invalid(
        this.path(name),
        v,
        `Member must have length greater than or equal to ${rules.minLength}`,
      );
    }
    return v;
  }

  reqStr(
    name: string,
    rules: { oneOf?: readonly string[]; maxLength?: number; minLength?: number } = {},
  ): string {
    const v = this.str(name, rules);
    if (v === undefined) throw this.errors.missing(this.path(name));
    return v;
  }

  int(name: string, rules: { min?: number; max?: number } = {}): number | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    let n: number;
    if (this.encoding === 'query' && typeof v === 'string' && /^-?\d+$/.test(v)) n = Number(v);
    else if (typeof v === 'number' && Number.isInteger(v)) n = v;
    else throw this.errors.invalid(this.path(name), v, 'Member must be an integer');
    if (rules.min !== undefined && n < rules.min) {
      throw this.errors.invalid(
        this.path(name),
        v,
        `Member must have value greater than or equal to ${rules.min}`,
      );
    }
    if (rules.max !== undefined && n > rules.max) {
      throw this.errors.invalid(
        this.path(name),
        v,
        `Member must have value less than or equal to ${rules.max}`,
      );
    }
    return n;
  }

  reqInt(name: string, rules: { min?: number; max?: number } = {}): number {
    const v = this.int(name, rules);
    if (v === undefined) throw this.errors.missing(this.path(name));
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (this.encoding === 'query' && (v === 'true' || v === 'false')) return v === 'true';
    throw this.errors.invalid(this.path(name), v, 'Member must be a boolean');
  }

  private list(name: string): unknown[] | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    if (this.encoding === 'query') {
      // The Query serializer sends an empty list as `Name=` and a full one as `Name.member.1=...`
      // (or a named member such as `Filters.Filter.1`).
      if (v === '') return [];
      if (isRecord(v)) {
        const keys = Object.keys(v);
        const only = keys.length === 1 ? v[keys[0]!] : undefined;
        if (Array.isArray(only)) return only;
      }
    }
    throw this.errors.invalid(this.path(name), v, 'Member must be a list');
  }

  /** A list no longer than `maxItems`, answered with the length constraint AWS names when it is. */
  private boundedList(name: string, rules: { maxItems?: number }): unknown[] | undefined {
    const list = this.list(name);
    if (list === undefined) return undefined;
    if (rules.maxItems !== undefined && list.length > rules.maxItems) {
      throw this.errors.invalid(
        this.path(name),
        list,
        `Member must have length less than or equal to ${rules.maxItems}`,
      );
    }
    return list;
  }

  strList(name: string, rules: { maxItems?: number } = {}): string[] | undefined {
    const list = this.boundedList(name, rules);
    if (list === undefined) return undefined;
    return list.map((item, i) => {
      if (typeof item !== 'string')
        throw this.errors.invalid(`${this.path(name)}.${i + 1}`, item, 'Member must be a string');
      return item;
    });
  }

  obj(name: string): Params | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) throw this.errors.invalid(this.path(name), v, 'Member must be a structure');
    return new Params(v, this.errors, this.encoding, this.path(name));
  }

  objList(name: string, rules: { maxItems?: number } = {}): Params[] | undefined {
    const list = this.boundedList(name, rules);
    if (list === undefined) return undefined;
    return list.map((item, i) => {
      const path = `${this.path(name)}.${i + 1}`;
      if (!isRecord(item)) throw this.errors.invalid(path, item, 'Member must be a structure');
      return new Params(item, this.errors, this.encoding, path);
    });
  }

  /** A JSON map of strings (`{ "k": "v" }`), e.g. SQS queue attributes. */
  strMap(name: string): Record<string, string> | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) throw this.errors.invalid(this.path(name), v, 'Member must be a map');
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v)) {
      if (typeof item !== 'string')
        throw this.errors.invalid(`${this.path(name)}.${k}`, item, 'Member must be a string');
      out[k] = item;
    }
    return out;
  }

  /** A JSON map of structures, e.g. SQS message attributes. */
  objMap(name: string): Record<string, Params> | undefined {
    const v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) throw this.errors.invalid(this.path(name), v, 'Member must be a map');
    const out: Record<string, Params> = {};
    for (const [k, item] of Object.entries(v)) {
      if (!isRecord(item))
        throw this.errors.invalid(`${this.path(name)}.${k}`, item, 'Member must be a structure');
      out[k] = new Params(item, this.errors, this.encoding, `${this.path(name)}.${k}`);
    }
    return out;
  }

  invalid(name: string, value: unknown, constraint: string): AwsError {
    return this.errors.invalid(this.path(name), value, constraint);
  }

  missing(name: string): AwsError {
    return this.errors.missing(this.path(name));
  }
}
