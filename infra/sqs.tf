# CloudWatch alarm state changes arrive here from EventBridge (events.tf); infrabot long-polls.
#
# Encryption: SQS-managed SSE (SSE-SQS). It is free, and EventBridge can write to it without
# any KMS key policy. A customer managed key would cost $1/month and need a key policy granting
# events.amazonaws.com kms:GenerateDataKey/Decrypt; alarm state changes are not sensitive enough
# to justify either.

resource "aws_sqs_queue" "alarms_dlq" {
  name                    = local.names.alarm_dlq
  sqs_managed_sse_enabled = true
  # The maximum: time to notice (ops alarm in monitoring.tf) and redrive by hand.
  message_retention_seconds = 1209600 # 14 days

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.alarm_dlq
      error_message = "The dead-letter queue is ${self.arn}, not ${local.arns.alarm_dlq}: check account_id."
    }
  }
}

resource "aws_sqs_queue" "alarms" {
  name                    = local.names.alarm_queue
  sqs_managed_sse_enabled = true

  # Long polling: one request per 20 s when idle, about 130k requests a month, inside the SQS free
  # tier (and far fewer empty receives than short polling).
  receive_wait_time_seconds = 20
  # Long enough to post to Slack (paced per channel) and upload a graph before the message
  # becomes visible again; infrabot deletes it only after Slack accepted the post.
  visibility_timeout_seconds = 120
  # Alarm events older than 4 days are history, not news (e.g. after a long outage of infrabot).
  message_retention_seconds = 345600

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.alarms_dlq.arn
    # A message that failed 5 times is poison (or Slack is down for long); park it.
    maxReceiveCount = 5
  })

  lifecycle {
    postcondition {
      # Only the ARN: any URL form SQS returns addresses the same queue as the one infrabot is given.
      condition     = self.arn == local.arns.alarm_queue
      error_message = "The alarm queue is ${self.arn}, not ${local.arns.alarm_queue} as the task role assumes: check account_id."
    }
  }
}

# Only the alarm queue may dead-letter into the DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "alarms_dlq" {
  queue_url = aws_sqs_queue.alarms_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [local.arns.alarm_queue]
  })
}

data "aws_iam_policy_document" "alarm_queue" {
  statement {
    sid       = "EventBridgeAlarmRuleOnly"
    actions   = ["sqs:SendMessage"]
    resources = [local.arns.alarm_queue]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.arns.event_rule]
    }
  }

  statement {
    sid       = "DenyUnencryptedTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [local.arns.alarm_queue]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "alarms" {
  queue_url = aws_sqs_queue.alarms.id
  policy    = data.aws_iam_policy_document.alarm_queue.json
}

# The DLQ also catches events EventBridge could not deliver to the queue (events.tf).
data "aws_iam_policy_document" "alarm_dlq" {
  statement {
    sid       = "EventBridgeAlarmRuleDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [local.arns.alarm_dlq]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.arns.event_rule]
    }
  }

  statement {
    sid       = "DenyUnencryptedTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [local.arns.alarm_dlq]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "alarms_dlq" {
  queue_url = aws_sqs_queue.alarms_dlq.id
  policy    = data.aws_iam_policy_document.alarm_dlq.json
}
