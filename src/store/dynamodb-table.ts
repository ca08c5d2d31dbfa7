/**
 * Creates the store table when it is missing. Production tables come from the Terraform in infra/
 * (which also turns on TTL); this is only for local emulators, the sandbox and tests, where
 * expiry is enforced by the store itself and TTL deletion is merely housekeeping.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';

export interface EnsureTableOptions {
  /** How long to wait for the table to become ACTIVE. */
  timeoutMs?: number;
}

export async function ensureDynamoDbTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  if ((await tableStatus(client, tableName)) === undefined) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      // Another process (a second replica, a parallel test file) created it first: just wait.
      if (!(error instanceof ResourceInUseException || (error as Error).name === 'ResourceInUseException')) {
        throw error;
      }
    }
  }
  // A hand-rolled poll rather than waitUntilTableExists: the SDK waiter sleeps at least 20 s
  // between checks, which is an eternity for an emulator that creates tables instantly.
  for (let attempt = 0; ; attempt++) {
    const status = await tableStatus(client, tableName);
    if (status === 'ACTIVE') return;
    if (Date.now() > deadline) {
      throw new Error(
        `DynamoDB table "${tableName}" is ${status ?? 'missing'} after waiting; check the endpoint and try again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
  }
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') {
      return undefined;
    }
    throw error;
  }
}
