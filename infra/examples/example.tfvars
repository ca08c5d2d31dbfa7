# Example values: copy to infra/terraform.tfvars (or pass with -var-file) and replace them.
# Everything here is fictional; 123456789012 is the account infrabot is deployed to.

name_prefix = "infrabot"
region      = "us-east-1"
account_id  = "123456789012"

# Public subnets of an existing VPC (a route to an internet gateway, no NAT needed).
vpc_id           = "vpc-0a1b2c3d4e5f67890"
subnet_ids       = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
assign_public_ip = true

# The tag you pushed (README: build and push). Immutable: a version or a commit SHA.
image_tag = "2026.11.25-3f9c2ab"

# Keep this in sync with infrabot.yml below: a plan warns when they drift.
managed_environments = [
  {
    name              = "dev"
    ecs_cluster_names = ["dev"]
    # RDS instances/clusters tagged Environment = dev may be stopped and started.
  },
  {
    name              = "prod"
    ecs_cluster_names = ["prod"]
    protected         = true # status and alarms only
  },
]

# The staging account's role, created there with examples/cross-account.
cross_account_role_arns = ["arn:aws:iam::210987654321:role/infrabot"]

alarm_email        = "platform-alerts@example.com"
log_level          = "info"
log_retention_days = 30
desired_count      = 1

# Fargate Spot (default; AWS may replace the task with two minutes' notice, nothing is lost) or
# "on_demand". README: Capacity.
capacity = "spot"

# The task reads /infrabot/GITHUB_TOKEN for /infra add (put it before the first start, README step 4).
use_github_token = true

# Usually: config_yaml = file("infrabot.yml") in a .tf file; inline here so the example is whole.
config_yaml = <<-YAML
  timezone: America/New_York
  environments:
    dev:
      description: Shared development environment
      select:
        tags:
          Environment: dev
      ecs:
        - cluster: dev
          services: [api, worker]
      rds:
        instances: [dev-db]
      schedule:
        start: "0 8 * * 1-5"
        stop: "0 20 * * 1-5"
        warn_before: 15m
        skip_dates: ["2026-12-31"]
    staging:
      region: us-east-1
      role_arn: arn:aws:iam::210987654321:role/infrabot
      external_id: infrabot-staging-6f1d2c9a
      ecs:
        - cluster: staging
      schedule:
        stop: "0 21 * * 1-5"
    prod:
      protected: true
      ecs:
        - cluster: prod
  alerts:
    channel: C0ALERTS01
    routes:
      - match:
          environment: prod
        channel: C0PRODALRT
  access:
    operators: [S0PLATFORM]
    admins: [U0ADMIN001]
    audit_channel: C0AUDITLOG
  changes:
    repo: acme/infra
    base: main
    path: aws/
    reviewers: [acme/platform]
YAML
