# Names and ARNs in one place.
#
# ARNs are built from names instead of read from resource attributes. That keeps every IAM
# policy, the queue policy and most of the task definition known at plan time, so `terraform plan`
# shows the real JSON a reviewer has to approve (not "known after apply"), and the offline plan
# test can check it. Each resource has a postcondition comparing its real ARN with the one built
# here, so a wrong account_id or a format change fails the apply instead of silently producing
# policies that match nothing.

locals {
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix

  names = {
    cluster        = var.name_prefix
    service        = var.name_prefix
    task_family    = var.name_prefix
    container      = "infrabot"
    repository     = var.name_prefix
    table          = "${var.name_prefix}-state"
    alarm_queue    = "${var.name_prefix}-alarm-events"
    alarm_dlq      = "${var.name_prefix}-alarm-events-dlq"
    event_rule     = "${var.name_prefix}-alarm-state-change"
    log_group      = "/ecs/${var.name_prefix}"
    task_role      = "${var.name_prefix}-task"
    execution_role = "${var.name_prefix}-task-execution"
    ops_topic      = "${var.name_prefix}-ops-alarms"
    ops_alarm      = "${var.name_prefix}-ops" # prefix of infrabot's own CloudWatch alarms
  }

  arns = {
    table       = "arn:${local.partition}:dynamodb:${var.region}:${var.account_id}:table/${local.names.table}"
    alarm_queue = "arn:${local.partition}:sqs:${var.region}:${var.account_id}:${local.names.alarm_queue}"
    alarm_dlq   = "arn:${local.partition}:sqs:${var.region}:${var.account_id}:${local.names.alarm_dlq}"
    event_rule  = "arn:${local.partition}:events:${var.region}:${var.account_id}:rule/${local.names.event_rule}"
    log_group   = "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.names.log_group}"
    repository  = "arn:${local.partition}:ecr:${var.region}:${var.account_id}:repository/${local.names.repository}"
    task_role   = "arn:${local.partition}:iam::${var.account_id}:role/${local.names.task_role}"
    ops_topic   = "arn:${local.partition}:sns:${var.region}:${var.account_id}:${local.names.ops_topic}"
    # Only infrabot's own alarms may publish to its ops topic.
    ops_alarms = "arn:${local.partition}:cloudwatch:${var.region}:${var.account_id}:alarm:${local.names.ops_alarm}-*"
  }

  repository_url  = "${var.account_id}.dkr.ecr.${var.region}.${local.dns_suffix}/${local.names.repository}"
  alarm_queue_url = "https://sqs.${var.region}.${local.dns_suffix}/${var.account_id}/${local.names.alarm_queue}"


  # Fixed task size: infrabot idles at well under 200 MB and a fraction of a vCPU. 0.25 vCPU /
  # 0.5 GB is the smallest Fargate size, about $7.2/month on ARM in us-east-1.
  task_cpu    = 256
  task_memory = 512
  app_port    = 3000
}
