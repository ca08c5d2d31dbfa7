import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, emulatorPerTest, REGION, rejectionOf } from './support.js';

const setup = emulatorPerTest({ ssm: SSMClient }, { seed: false });

async function seeded() {
  const env = await setup();
  const scope = env.emu.world.scope();
  env.emu.world.ssm.put(scope, {
    name: '/infrabot/SLACK_BOT_TOKEN',
    type: 'SecureString',
    value: 'xoxb-1-2-3',
  });
  env.emu.world.ssm.put(scope, {
    name: '/infrabot/SLACK_APP_TOKEN',
    type: 'SecureString',
    value: 'xapp-1-A-2',
  });
  env.emu.world.ssm.put(scope, { name: '/infrabot/NOTE', type: 'String', value: 'plain' });
  env.emu.world.ssm.put(scope, {
    name: '/other/THING',
    type: 'SecureString',
    value: 'x',
    keyId: 'alias/mine',
  });
  return env;
}

const arn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;

describe('SSM Parameter Store emulator', () => {
  it('GetParameter decrypts a SecureString only WithDecryption, by name or by ARN', async () => {
    const { ssm } = await seeded();
    const plain = await ssm.send(
      new GetParameterCommand({ Name: '/infrabot/SLACK_BOT_TOKEN', WithDecryption: true }),
    );
    expect(plain.Parameter).toMatchObject({
      Name: '/infrabot/SLACK_BOT_TOKEN',
      Type: 'SecureString',
      Value: 'xoxb-1-2-3',
      Version: 1,
      ARN: arn('/infrabot/SLACK_BOT_TOKEN'),
      DataType: 'text',
    });
    expect(plain.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    const sealed = await ssm.send(new GetParameterCommand({ Name: arn('/infrabot/SLACK_BOT_TOKEN') }));
    expect(sealed.Parameter?.Value).not.toContain('xoxb');
    expect(sealed.Parameter?.Value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // WithDecryption is ignored for String parameters.
    const note = await ssm.send(new GetParameterCommand({ Name: '/infrabot/NOTE' }));
    expect(note.Parameter?.Value).toBe('plain');
  });

  it('GetParameter answers ParameterNotFound and ParameterVersionNotFound as SSM does', async () => {
    const { ssm } = await seeded();
    const missing = await rejectionOf(ssm.send(new GetParameterCommand({ Name: '/infrabot/GITHUB_TOKEN' })));
    expect(missing.name).toBe('ParameterNotFound');
    expect(missing.$metadata).toMatchObject({ httpStatusCode: 400 });
    const otherAccount = await rejectionOf(
      ssm.send(
        new GetParameterCommand({
          Name: 'arn:aws:ssm:us-east-1:222222222222:parameter/infrabot/SLACK_BOT_TOKEN',
        }),
      ),
    );
    expect(otherAccount.name).toBe('ParameterNotFound');
    const version = await ssm.send(new GetParameterCommand({ Name: '/infrabot/SLACK_BOT_TOKEN:1' }));
    expect(version.Parameter?.Selector).toBe(':1');
    const wrongVersion = await rejectionOf(
      ssm.send(new GetParameterCommand({ Name: '/infrabot/SLACK_BOT_TOKEN:7' })),
    );
    expect(wrongVersion.name).toBe('ParameterVersionNotFound');
    const empty = await rejectionOf(ssm.send(new GetParameterCommand({ Name: '' })));
    expect(empty.name).toBe('ValidationException');
  });

  it('GetParameters lists found parameters alphabetically and the rest in InvalidParameters', async () => {
    const { ssm } = await seeded();
    const out = await ssm.send(
      new GetParametersCommand({
        Names: ['/infrabot/SLACK_BOT_TOKEN', '/infrabot/GITHUB_TOKEN', arn('/infrabot/SLACK_APP_TOKEN')],
        WithDecryption: true,
      }),
    );
    expect(out.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/infrabot/SLACK_APP_TOKEN', 'xapp-1-A-2'],
      ['/infrabot/SLACK_BOT_TOKEN', 'xoxb-1-2-3'],
    ]);
    expect(out.InvalidParameters).toEqual(['/infrabot/GITHUB_TOKEN']);
  });

  it('GetParameters validates Names: 1 to 10 of them', async () => {
    const { ssm } = await seeded();
    const none = await rejectionOf(ssm.send(new GetParametersCommand({ Names: [] })));
    expect(none.name).toBe('ValidationException');
    const eleven = await rejectionOf(
      ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p/${i}`) })),
    );
    expect(eleven.name).toBe('ValidationException');
    expect(eleven.message).toContain('Member must have length less than or equal to 10');
  });

  it('DescribeParameters returns metadata only (type, key, tier), filtered and paginated', async () => {
    const { ssm } = await seeded();
    const out = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/infrabot'] }],
      }),
    );
    expect(out.Parameters?.map((p) => [p.Name, p.Type, p.KeyId, p.Tier])).toEqual([
      ['/infrabot/NOTE', 'String', undefined, 'Standard'],
      ['/infrabot/SLACK_APP_TOKEN', 'SecureString', 'alias/aws/ssm', 'Standard'],
      ['/infrabot/SLACK_BOT_TOKEN', 'SecureString', 'alias/aws/ssm', 'Standard'],
    ]);
    expect(JSON.stringify(out)).not.toContain('xoxb');
    const byName = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/other/THING'] }],
      }),
    );
    expect(byName.Parameters?.map((p) => p.KeyId)).toEqual(['alias/mine']);
    const first = await ssm.send(new DescribeParametersCommand({ MaxResults: 2 }));
    expect(first.Parameters).toHaveLength(2);
    const rest = await ssm.send(new DescribeParametersCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(rest.Parameters).toHaveLength(2);
    expect(rest.NextToken).toBeUndefined();
  });

  it('DescribeParameters refuses bad filters, options and tokens with SSM’s errors', async () => {
    const { ssm } = await seeded();
    const badKey = await rejectionOf(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Colour', Values: ['red'] }] })),
    );
    expect(badKey.name).toBe('InvalidFilterKey');
    const badOption = await rejectionOf(
      ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['S'] }],
        }),
      ),
    );
    expect(badOption.name).toBe('InvalidFilterOption');
    const noValues = await rejectionOf(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [] }] })),
    );
    expect(noValues.name).toBe('InvalidFilterValue');
    const token = await rejectionOf(ssm.send(new DescribeParametersCommand({ NextToken: 'garbage!' })));
    expect(token.name).toBe('InvalidNextToken');
    const tooMany = await rejectionOf(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })));
    expect(tooMany.name).toBe('ValidationException');
  });

  it('answers an operation it does not emulate as an unknown operation', async () => {
    const { ssm } = await seeded();
    const put = await rejectionOf(
      ssm.send(new PutParameterCommand({ Name: '/infrabot/X', Value: 'v', Type: 'SecureString' })),
    );
    expect(put.name).toBe('UnknownOperationException');
  });
});
