# Forwards CloudWatch alarm state changes of THIS account and region to infrabot's event bus in
# another account or region, where infrabot's own rule (infra/events.tf) puts them on the alarm
# queue. Apply it with credentials of the account the alarms live in, once per region.
#
# EventBridge needs a role to put events on a bus in another region (and recommends one for
# another account): the role below may do exactly one thing, events:PutEvents on that one bus.

data "aws_partition" "current" {}

locals {
  rule_name = "${var.name_prefix}-forward"
  # Known before apply, so the trust policy can name it (and plans can be checked offline).
  rule_arn = "arn:${data.aws_partition.current.partition}:events:${var.region}:${var.account_id}:rule/${local.rule_name}"
  detail = length(var.alarm_name_prefixes) == 0 ? {} : {
    alarmName = [for p in var.alarm_name_prefixes : { prefix = p }]
  }
}

resource "aws_cloudwatch_event_rule" "alarm_state_change" {
  name        = local.rule_name
  description = "Forwards CloudWatch alarm state changes to infrabot's event bus (${var.target_event_bus_arn})."

  event_pattern = jsonencode(merge(
    {
      source        = ["aws.cloudwatch"]
      "detail-type" = ["CloudWatch Alarm State Change"]
    },
    length(local.detail) == 0 ? {} : { detail = local.detail },
  ))

  tags = var.tags

  lifecycle {
    postcondition {
      condition     = self.arn == local.rule_arn
      error_message = "The rule is ${self.arn}, not ${local.rule_arn} as the role's trust policy assumes: check account_id and region."
    }
  }
}

data "aws_iam_policy_document" "assume_by_eventbridge" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    # Only this account's rules may use the role (confused deputy).
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.rule_arn]
    }
  }
}

resource "aws_iam_role" "forwarder" {
  name               = "${var.name_prefix}-forwarder"
  description        = "Lets EventBridge put alarm state changes on infrabot's event bus, nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_by_eventbridge.json
  tags               = var.tags
}

data "aws_iam_policy_document" "put_events" {
  statement {
    actions   = ["events:PutEvents"]
    resources = [var.target_event_bus_arn]
  }
}

resource "aws_iam_role_policy" "put_events" {
  name   = "put-events-on-infrabot-bus"
  role   = aws_iam_role.forwarder.id
  policy = data.aws_iam_policy_document.put_events.json
}

resource "aws_cloudwatch_event_target" "infrabot_bus" {
  rule      = aws_cloudwatch_event_rule.alarm_state_change.name
  target_id = "infrabot-event-bus"
  arn       = var.target_event_bus_arn
  role_arn  = aws_iam_role.forwarder.arn

  # Alarm events are guaranteed to EventBridge; keep retrying a day if infrabot's bus refuses.
  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}
