# One customer managed key, for the ops alarm topic only ($1/month + negligible requests).
#
# Reviewed for the $8/month goal (issue 12): can it go while every store stays encrypted? No.
# - The queues use SSE-SQS, the table the AWS managed key aws/dynamodb, the token parameters
#   aws/ssm, the logs and ECR AES256: all free, none needs a key policy of ours.
# - The ops topic is the exception. SNS encrypts only with a KMS key, and a topic that AWS services
#   publish to (CloudWatch alarms here) must use a customer managed key whose policy grants the
#   service kms:GenerateDataKey/Decrypt: the AWS managed key aws/sns cannot grant
#   cloudwatch.amazonaws.com anything, so with it the notifications would be dropped silently,
#   exactly when infrabot itself is down.
# Dropping the key means an unencrypted ops topic, i.e. giving up "encryption everywhere"; we
# don't. The $1 stays in the cost table (README).

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
