# What infrabot may do to the environments of ONE account, as a single IAM policy document.
#
# Used twice, so the two can never drift: by the root module for environments in infrabot's own
# account (task role), and by modules/cross-account-role for environments in other accounts.
#
# Least privilege per capability. Every Resource "*" below is there because AWS defines no
# resource type for that action (so nothing narrower is possible), and each says so.
# Pure data sources: this works offline, with no API calls.

data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition

  envs = [for e in var.environments : {
    name      = e.name
    region    = coalesce(e.region, var.default_region)
    clusters  = e.ecs_cluster_names
    tag_value = coalesce(e.rds_tag_value, e.name)
    protected = e.protected
  }]
  # Environments infrabot may change (stop/start); protected ones are status and alarms only.
  mutable_envs = [for e in local.envs : e if !e.protected]

  cluster_arns = distinct(flatten([for e in local.envs : [
    for c in e.clusters : "arn:${local.partition}:ecs:${e.region}:${var.account_id}:cluster/${c}"
  ]]))
  service_arns = distinct(flatten([for e in local.envs : [
    for c in e.clusters : "arn:${local.partition}:ecs:${e.region}:${var.account_id}:service/${c}/*"
  ]]))
  mutable_service_arns = distinct(flatten([for e in local.mutable_envs : [
    for c in e.clusters : "arn:${local.partition}:ecs:${e.region}:${var.account_id}:service/${c}/*"
  ]]))
  mutable_scalable_target_arns = distinct([
    for e in local.mutable_envs : "arn:${local.partition}:application-autoscaling:${e.region}:${var.account_id}:scalable-target/*"
    if length(e.clusters) > 0
  ])

  env_regions     = distinct([for e in local.envs : e.region])
  mutable_regions = distinct([for e in local.mutable_envs : e.region])
  alarm_regions   = distinct(concat([var.default_region], local.env_regions))

  rds_read_arns = flatten([for r in local.env_regions : [
    "arn:${local.partition}:rds:${r}:${var.account_id}:db:*",
    "arn:${local.partition}:rds:${r}:${var.account_id}:cluster:*",
  ]])
  rds_mutable_arns = flatten([for r in local.mutable_regions : [
    "arn:${local.partition}:rds:${r}:${var.account_id}:db:*",
    "arn:${local.partition}:rds:${r}:${var.account_id}:cluster:*",
  ]])
  rds_mutable_tag_values = distinct([for e in local.mutable_envs : e.tag_value])
}

data "aws_iam_policy_document" "this" {
  # --- ECS: status of the configured clusters' services; scale them to 0 and back. ---
  dynamic "statement" {
    for_each = length(local.service_arns) > 0 ? [1] : []
    content {
      sid       = "EcsReadConfiguredServices"
      actions   = ["ecs:DescribeServices"]
      resources = local.service_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.cluster_arns) > 0 ? [1] : []
    content {
      sid       = "EcsReadConfiguredClusters"
      actions   = ["ecs:DescribeClusters"]
      resources = local.cluster_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.cluster_arns) > 0 ? [1] : []
    content {
      # ListServices has no resource type (Resource must be "*"); the ecs:cluster condition key
      # limits it to the configured clusters instead.
      sid       = "EcsListServicesOfConfiguredClusters"
      actions   = ["ecs:ListServices"]
      resources = ["*"]
      condition {
        test     = "ArnEquals"
        variable = "ecs:cluster"
        values   = local.cluster_arns
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.mutable_service_arns) > 0 ? [1] : []
    content {
      sid       = "EcsScaleUnprotectedServices"
      actions   = ["ecs:UpdateService"]
      resources = local.mutable_service_arns
    }
  }

  # --- Incident context: recent errors of the services (their images and awslogs groups come
  # from DescribeTaskDefinition, granted once in ScheduleReads below). ---
  dynamic "statement" {
    for_each = length(local.service_arns) > 0 ? [1] : []
    content {
      # Log group names come from the task definitions, so the groups are narrowed to this
      # account and the environments' regions.
      sid     = "LogsInsightsQueryEnvironmentLogs"
      actions = ["logs:StartQuery"]
      resources = [for r in local.env_regions :
        "arn:${local.partition}:logs:${r}:${var.account_id}:log-group:*"
      ]
    }
  }

  dynamic "statement" {
    for_each = length(local.service_arns) > 0 ? [1] : []
    content {
      # GetQueryResults and StopQuery take a query id and have no resource type: "*" only.
      sid       = "LogsInsightsReadQueries"
      actions   = ["logs:GetQueryResults", "logs:StopQuery"]
      resources = ["*"]
    }
  }

  # --- Application Auto Scaling: save min/max, lower or suspend, restore. ---
  dynamic "statement" {
    for_each = length(local.service_arns) > 0 ? [1] : []
    content {
      # Describe* actions of Application Auto Scaling have no resource type: "*" is the only option.
      sid       = "AutoScalingReadTargets"
      actions   = ["application-autoscaling:DescribeScalableTargets"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(local.mutable_scalable_target_arns) > 0 ? [1] : []
    content {
      # Scalable-target ARNs end in a random ID, not the service name, so the resource can only
      # be narrowed to the account and region; the conditions restrict it to ECS service desired
      # counts. Application Auto Scaling also requires ecs:DescribeServices and ecs:UpdateService on
      # the target service itself, which the statements above limit to the configured clusters.
      sid       = "AutoScalingAdjustEcsServiceTargets"
      actions   = ["application-autoscaling:RegisterScalableTarget"]
      resources = local.mutable_scalable_target_arns
      condition {
        test     = "StringEquals"
        variable = "application-autoscaling:service-namespace"
        values   = ["ecs"]
      }
      condition {
        test     = "StringEquals"
        variable = "application-autoscaling:scalable-dimension"
        values   = ["ecs:service:DesiredCount"]
      }
    }
  }

  # --- RDS: status of databases; stop/start only those tagged with an unprotected environment. ---
  dynamic "statement" {
    for_each = length(local.rds_read_arns) > 0 ? [1] : []
    content {
      # Describe supports resource ARNs, so it is limited to this account and the environments'
      # regions (a tag condition would hide untagged databases the config lists explicitly).
      sid       = "RdsReadDatabases"
      actions   = ["rds:DescribeDBInstances", "rds:DescribeDBClusters"]
      resources = local.rds_read_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.rds_mutable_tag_values) > 0 ? [1] : []
    content {
      sid = "RdsStopStartTaggedDatabases"
      actions = [
        "rds:StopDBInstance",
        "rds:StartDBInstance",
        "rds:StopDBCluster",
        "rds:StartDBCluster",
      ]
      resources = local.rds_mutable_arns
      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/${var.rds_tag_key}"
        values   = local.rds_mutable_tag_values
      }
    }
  }

  # --- Resource selection by tags (`select: { tags: ... }` in infrabot.yml). ---
  dynamic "statement" {
    for_each = length(local.envs) > 0 ? [1] : []
    content {
      # The Resource Groups Tagging API has no resource types: "*" is the only option. It returns
      # ARNs and tags only; acting on what it finds still needs the statements above.
      sid       = "TagSearch"
      actions   = ["tag:GetResources"]
      resources = ["*"]
    }
  }

  # --- CloudWatch: alarm details, their tags (alert routing) and graph images for threads. ---
  statement {
    sid     = "AlarmRead"
    actions = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"]
    resources = [for r in local.alarm_regions :
      "arn:${local.partition}:cloudwatch:${r}:${var.account_id}:alarm:*"
    ]
  }

  statement {
    # GetMetricWidgetImage has no resource type: "*" is the only option. It renders metrics the
    # caller could read anyway; it cannot change anything.
    sid       = "AlarmGraphImage"
    actions   = ["cloudwatch:GetMetricWidgetImage"]
    resources = ["*"]
  }

  # --- Schedules: the optional activity signal (postpone a stop while in use) and the price of a
  # stopped service (its task definition's CPU and memory); incident context reads the image and
  # awslogs group of the same task definitions. Neither action has a resource type, so "*" is the
  # only option; both only read.
  statement {
    sid       = "ScheduleReads"
    actions   = ["cloudwatch:GetMetricStatistics", "ecs:DescribeTaskDefinition"]
    resources = ["*"]
  }
}
