# One customer managed key, for the ops alarm topic only ($1/month + negligible requests).
#
# Why a CMK here and AWS managed/owned keys everywhere else: CloudWatch alarms cannot publish to
# an SNS topic encrypted with the AWS managed key aws/sns (its key policy can't grant
# cloudwatch.amazonaws.com), so the notifications would be silently dropped exactly when infrabot
# is down. The queues (SSE-SQS), the table (aws/dynamodb), the tokens secret
# (aws/secretsmanager), the logs and ECR (AES256) need no key policy of ours and cost nothing extra.

data "aws_iam_policy_document" "ops_topic_key" {
  statement {
    # AWS's default key policy statement: the account (i.e. IAM policies) controls the key.
    # Without it the key could become unmanageable. kms:* here is scoped to this key only (in a
    # key policy, Resource "*" means "this key").
    sid       = "AccountAdministersKeyThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${var.account_id}:root"]
    }
  }

  statement {
    # What an SNS publisher needs on the topic's key (SNS encrypts with a data key under it).
    # No condition: CloudWatch's calls through SNS carry no caller-account context (a
    # kms:CallerAccount condition makes them fail). Which alarms may publish is limited by the
    # topic policy (monitoring.tf) instead, and the key encrypts nothing but that topic.
    sid       = "CloudWatchAlarmsPublishToOpsTopic"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "ops_topic" {
  description         = "Encrypts infrabot's ops alarm SNS topic (CloudWatch alarms need a customer managed key)."
  enable_key_rotation = true
  # The default; stated because lowering it makes an accidental deletion unrecoverable sooner.
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.ops_topic_key.json
}

resource "aws_kms_alias" "ops_topic" {
  name          = "alias/${var.name_prefix}-ops-alarms"
  target_key_id = aws_kms_key.ops_topic.key_id
}
