import type { Config } from '../config/schema.js';

/**
 * Hourly on-demand list prices in USD, Linux/x86, single-AZ PostgreSQL/MySQL for RDS, as published
 * on the AWS pricing pages (Fargate: aws.amazon.com/fargate/pricing, RDS:
 * aws.amazon.com/rds/postgresql/pricing) in 2025. They change rarely but they do change, and
 * discounts (Savings Plans, Spot, reserved instances) are not known here: override them per region
 * under `savings.prices` in infrabot.yml. Savings shown are estimates from these figures ("≈").
 */
export interface RegionPrices {
  fargateVcpuHour: number;
  fargateGbHour: number;
  rds: Record<string, number>;
}

const RDS_US_EAST_1: Record<string, number> = {
  'db.t3.micro': 0.018,
  'db.t3.small': 0.036,
  'db.t3.medium': 0.072,
  'db.t4g.micro': 0.016,
  'db.t4g.small': 0.032,
  'db.t4g.medium': 0.065,
  'db.m5.large': 0.178,
  'db.m6g.large': 0.159,
  'db.r5.large': 0.25,
  'db.r6g.large': 0.225,
};

export const PRICE_TABLE: Record<string, RegionPrices> = {
  'us-east-1': { fargateVcpuHour: 0.04048, fargateGbHour: 0.004445, rds: RDS_US_EAST_1 },
  'us-west-2': { fargateVcpuHour: 0.04048, fargateGbHour: 0.004445, rds: RDS_US_EAST_1 },
  'eu-west-1': {
    fargateVcpuHour: 0.04048,
    fargateGbHour: 0.004445,
    rds: {
      'db.t3.micro': 0.019,
      'db.t3.small': 0.038,
      'db.t3.medium': 0.076,
      'db.t4g.micro': 0.017,
      'db.t4g.small': 0.034,
      'db.t4g.medium': 0.068,
      'db.m5.large': 0.191,
      'db.r5.large': 0.275,
    },
  },
  'eu-central-1': {
    fargateVcpuHour: 0.04656,
    fargateGbHour: 0.00511,
    rds: {
      'db.t3.micro': 0.021,
      'db.t3.small': 0.042,
      'db.t3.medium': 0.084,
      'db.t4g.micro': 0.019,
      'db.t4g.small': 0.038,
      'db.t4g.medium': 0.076,
      'db.m5.large': 0.209,
      'db.r5.large': 0.3,
    },
  },
  'ap-northeast-1': {
    fargateVcpuHour: 0.05056,
    fargateGbHour: 0.00553,
    rds: {
      'db.t3.micro': 0.026,
      'db.t3.small': 0.052,
      'db.t3.medium': 0.104,
      'db.t4g.micro': 0.025,
      'db.t4g.small': 0.05,
      'db.t4g.medium': 0.099,
      'db.m5.large': 0.236,
      'db.r5.large': 0.305,
    },
  },
};

/** The region's prices: the built-in table, with the config's overrides on top. */
export function pricesFor(
  config: Config,
  region: string,
): Partial<RegionPrices> & { rds: Record<string, number> } {
  const base = PRICE_TABLE[region];
  const override = config.savings.prices[region];
  return {
    ...(override?.fargate_vcpu_hour !== undefined
      ? { fargateVcpuHour: override.fargate_vcpu_hour }
      : base
        ? { fargateVcpuHour: base.fargateVcpuHour }
        : {}),
    ...(override?.fargate_gb_hour !== undefined
      ? { fargateGbHour: override.fargate_gb_hour }
      : base
        ? { fargateGbHour: base.fargateGbHour }
        : {}),
    rds: { ...(base?.rds ?? {}), ...(override?.rds ?? {}) },
  };
}

/** A Fargate task's hourly price from its task definition's CPU units and memory (MiB). */
export function fargateHourly(
  prices: Partial<RegionPrices>,
  cpuUnits: number,
  memoryMiB: number,
): number | undefined {
  if (prices.fargateVcpuHour === undefined || prices.fargateGbHour === undefined) return undefined;
  return (cpuUnits / 1024) * prices.fargateVcpuHour + (memoryMiB / 1024) * prices.fargateGbHour;
}
