# Every CloudWatch alarm state change in this region, on the default bus, goes to the alarm queue.
# Events from AWS services are free, and alarm events are delivered at least once.
resource "aws_cloudwatch_event_rule" "alarm_state_change" {
  name        = local.names.event_rule
  description = "CloudWatch alarm state changes for infrabot's alarm threads."

  event_pattern = jsonencode({
    source        = ["aws.cloudwatch"]
    "detail-type" = ["CloudWatch Alarm State Change"]
  })

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.event_rule
      error_message = "The rule is ${self.arn}, not ${local.arns.event_rule} as the queue policies assume: check account_id."
    }
  }
}

resource "aws_cloudwatch_event_target" "alarm_queue" {
  rule      = aws_cloudwatch_event_rule.alarm_state_change.name
  target_id = "infrabot-alarm-queue"
  arn       = aws_sqs_queue.alarms.arn

  # EventBridge retries for up to a day; what still fails (e.g. a broken queue policy) lands in
  # the DLQ, whose alarm (monitoring.tf) makes it visible instead of silently lost.
  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.alarms_dlq.arn
  }

  # The queue must accept EventBridge before the first event is routed to it.
  depends_on = [aws_sqs_queue_policy.alarms, aws_sqs_queue_policy.alarms_dlq]
}

# Alarm state changes forwarded from other accounts (modules/alarm-forwarder) arrive on this
# region's default bus, where the rule above sends them to the queue. Only the listed accounts
# may put events here, and only CloudWatch alarm state changes.
data "aws_iam_policy_document" "alarm_bus" {
  count = length(var.alarm_source_accounts) > 0 ? 1 : 0

  statement {
    sid       = "AlarmStateChangesFromListedAccounts"
    actions   = ["events:PutEvents"]
    resources = ["arn:${local.partition}:events:${var.region}:${var.account_id}:event-bus/default"]
    principals {
      type        = "AWS"
      identifiers = [for a in var.alarm_source_accounts : "arn:${local.partition}:iam::${a}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "events:source"
      values   = ["aws.cloudwatch"]
    }
    condition {
      test     = "StringEquals"
      variable = "events:detail-type"
      values   = ["CloudWatch Alarm State Change"]
    }
  }
}

resource "aws_cloudwatch_event_bus_policy" "alarm_sources" {
  count          = length(var.alarm_source_accounts) > 0 ? 1 : 0
  event_bus_name = "default"
  policy         = data.aws_iam_policy_document.alarm_bus[0].json
}
