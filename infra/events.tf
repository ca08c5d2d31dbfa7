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
