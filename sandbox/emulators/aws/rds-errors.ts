import { AwsError } from './errors.js';

/** RDS errors as the Query protocol sends them: the SDK maps `<Code>` to its exception class. */
export const rdsErrors = {
  instanceNotFound: (id: string) =>
    new AwsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`, {
      status: 404,
      queryCode: 'DBInstanceNotFound',
    }),
  clusterNotFound: (id: string) =>
    new AwsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, {
      status: 404,
      queryCode: 'DBClusterNotFoundFault',
    }),
  invalidInstanceState: (message: string) =>
    new AwsError('InvalidDBInstanceStateFault', message, { queryCode: 'InvalidDBInstanceState' }),
  invalidClusterState: (message: string) =>
    new AwsError('InvalidDBClusterStateFault', message, { queryCode: 'InvalidDBClusterStateFault' }),
  invalidCombination: (message: string) => new AwsError('InvalidParameterCombination', message),
  invalidValue: (message: string) => new AwsError('InvalidParameterValue', message),
};
