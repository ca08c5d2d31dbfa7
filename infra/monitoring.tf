# Who watches the watcher: e-mail (or any other subscriber of the ops topic) when infrabot is not
# running, not consuming alarm events, or dropping them. These alarms also reach Slack through
# infrabot's own alarm pipeline, but that is of no use when infrabot itself is down.

resource "aws_sns_topic" "ops" {
  name              = local.names.ops_topic
  kms_master_key_id = aws_kms_key.ops_topic.arn # customer managed: see kms.tf for why

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.ops_topic
      error_message = "The ops topic is ${self.arn}, not ${local.arns.ops_topic}: check account_id."
    }
  }
}

data "aws_iam_policy_document" "ops_topic" {
  statement {
    sid       = "InfrabotOpsAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [local.arns.ops_topic]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.arns.ops_alarms]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

# Replaces the default topic policy. IAM principals of this account still manage the topic and
# its subscriptions through their identity policies.
resource "aws_sns_topic_policy" "ops" {
  arn    = aws_sns_topic.ops.arn
  policy = data.aws_iam_policy_document.ops_topic.json
}

resource "aws_sns_topic_subscription" "ops_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.ops.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  ops_actions = [aws_sns_topic.ops.arn]
}

# Container Insights is off (ecs.tf), so ECS/ContainerInsights RunningTaskCount does not exist.
# The free AWS/ECS service metrics are published once a minute only while at least one task of
# the service runs, so "no CPUUtilization sample" means "no task running": SampleCount < 1 with
# missing data treated as breaching. Five minutes rides out a deploy (old task stopped, new one
# starting) without paging anyone.
resource "aws_cloudwatch_metric_alarm" "not_running" {
  alarm_name        = "${local.names.ops_alarm}-not-running"
  alarm_description = "No infrabot task has been running for 5 minutes: Slack commands, schedules and alarm threads are down. Check the ECS service events and the /ecs/${var.name_prefix} logs."

  namespace   = "AWS/ECS"
  metric_name = "CPUUtilization"
  dimensions = {
    ClusterName = local.names.cluster
    ServiceName = local.names.service
  }
  statistic           = "SampleCount"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"

  # Parked on purpose (desired_count = 0): don't page.
  actions_enabled = var.desired_count > 0
  alarm_actions   = local.ops_actions
  ok_actions      = local.ops_actions
}

# Running but not consuming: alarm events pile up unread (stuck poller, lost permissions).
resource "aws_cloudwatch_metric_alarm" "queue_stalled" {
  alarm_name        = "${local.names.ops_alarm}-alarm-queue-stalled"
  alarm_description = "An alarm event has waited more than 15 minutes in ${local.names.alarm_queue}: infrabot is not consuming it. Check the logs for SQS or Slack errors."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateAgeOfOldestMessage"
  dimensions = {
    QueueName = aws_sqs_queue.alarms.name
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 900
  # SQS stops publishing metrics for a queue that has been idle for hours: quiet is fine.
  treat_missing_data = "notBreaching"

  actions_enabled = var.desired_count > 0
  alarm_actions   = local.ops_actions
  ok_actions      = local.ops_actions
}

# Anything in the DLQ is an alarm event infrabot never posted (failed 5 times, or EventBridge
# could not deliver it).
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name        = "${local.names.ops_alarm}-alarm-events-dead-lettered"
  alarm_description = "Alarm events are in ${local.names.alarm_dlq}: they were never posted to Slack. Inspect them, fix the cause, then redrive (SQS console: Start DLQ redrive)."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.alarms_dlq.name
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.ops_actions
  ok_actions    = local.ops_actions
}
