import { createHash } from 'node:crypto';
import type { EmulatorClock } from './clock.js';
import type { Scope } from './world-types.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced' | 'Intelligent-Tiering';

export interface StoredParameter extends Scope {
  name: string;
  type: ParameterType;
  value: string;
  /** SecureString only: the KMS key, as AWS reports it (`alias/aws/ssm` by default). */
  keyId?: string;
  tier: Exclude<ParameterTier, 'Intelligent-Tiering'>;
  version: number;
  lastModified: number;
  description?: string;
  dataType: string;
}

export interface NewParameter {
  name: string;
  type: ParameterType;
  value: string;
  keyId?: string;
  tier?: Exclude<ParameterTier, 'Intelligent-Tiering'>;
  description?: string;
}

/** Parameter names as Parameter Store accepts them: a hierarchy must be fully qualified. */
const NAME = /^(\/[a-zA-Z0-9_.-]+)+$|^[a-zA-Z0-9_.-]+$/;

/**
 * Parameter Store's parameters per account and region. Values are kept as given; what a caller
 * sees of a SecureString without decryption is a stand-in for the KMS ciphertext, never the value.
 */
export class SsmState {
  private readonly parameters = new Map<string, StoredParameter>();

  constructor(private readonly clock: EmulatorClock) {}

  private key(scope: Scope, name: string): string {
    return `${scope.accountId}|${scope.region}|${name}`;
  }

  /** Seeds (or overwrites, as `put-parameter --overwrite` does: a new version) one parameter. */
  put(scope: Scope, input: NewParameter): StoredParameter {
    if (!NAME.test(input.name) || input.name.length > 2048 || input.name.toLowerCase().startsWith('/aws')) {
      throw new RangeError(`invalid parameter name ${input.name}`);
    }
    if (input.value.length === 0)
      throw new RangeError('a parameter value must not be empty (AWS refuses it)');
    const previous = this.parameters.get(this.key(scope, input.name));
    const stored: StoredParameter = {
      ...scope,
      name: input.name,
      type: input.type,
      value: input.value,
      ...(input.type === 'SecureString' ? { keyId: input.keyId ?? 'alias/aws/ssm' } : {}),
      tier: input.tier ?? 'Standard',
      version: (previous?.version ?? 0) + 1,
      lastModified: this.clock.now(),
      ...(input.description !== undefined ? { description: input.description } : {}),
      dataType: 'text',
    };
    this.parameters.set(this.key(scope, input.name), stored);
    return structuredClone(stored);
  }

  get(scope: Scope, name: string): StoredParameter | undefined {
    const found = this.parameters.get(this.key(scope, name));
    return found ? structuredClone(found) : undefined;
  }

  delete(scope: Scope, name: string): boolean {
    return this.parameters.delete(this.key(scope, name));
  }

  list(scope: Scope): StoredParameter[] {
    return [...this.parameters.values()]
      .filter((p) => p.accountId === scope.accountId && p.region === scope.region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((p) => structuredClone(p));
  }
}

export function parameterArn(p: StoredParameter): string {
  return `arn:aws:ssm:${p.region}:${p.accountId}:parameter${p.name.startsWith('/') ? '' : '/'}${p.name}`;
}

/** What GetParameter(s) return for a SecureString without WithDecryption: an opaque blob, like KMS ciphertext. */
export function ciphertextOf(p: StoredParameter): string {
  const digest = createHash('sha256').update(`${p.accountId}|${p.name}|${p.version}|${p.value}`).digest();
  return Buffer.concat([Buffer.from([1, 2, 2, 0]), digest, digest]).toString('base64');
}
