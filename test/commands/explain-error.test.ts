import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/commands/explain-error.js';
import { ConditionFailedError } from '../../src/store/store.js';

const err = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('explainError', () => {
  it('says what to do for each kind of AWS failure, without a stack trace', () => {
    expect(
      explainError(err('CredentialsProviderError', 'Could not load credentials from any providers')),
    ).toContain('infrabot has no AWS credentials');
    expect(
      explainError(
        err(
          'AccessDeniedException',
          'User: x is not authorized to perform: rds:StopDBInstance on resource: y',
        ),
      ),
    ).toContain("infrabot's role may not rds:StopDBInstance");
    expect(explainError(err('ThrottlingException', 'Rate exceeded'))).toContain('AWS is throttling requests');
    expect(explainError(err('RequestLimitExceeded', 'slow down'))).toContain('AWS is throttling requests');
    expect(
      explainError(err('ExpiredTokenException', 'The security token included in the request is expired')),
    ).toContain('credentials have expired');
    expect(
      explainError(err('Error', 'connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' })),
    ).toContain('could not be reached');
  });

  it('explains a lost race and anything else plainly', () => {
    expect(explainError(new ConditionFailedError({ pk: 'a', sk: 'b' }, 'version 2'))).toContain(
      'Someone else changed',
    );
    const other = explainError(new Error('boom\n    at somewhere (file.js:1:1)'));
    expect(other).toBe(
      "Something went wrong: boom. Nothing further was changed; the details are in infrabot's logs.",
    );
  });
});
