# The role infrabot assumes in another account. Apply it IN THAT ACCOUNT (examples/cross-account),
# after the infrabot deployment exists: IAM checks that the trusted task role is real.
#
# Same permissions as infrabot has on its own account's environments (one shared policy module),
# nothing else: no access to infrabot's queue, table or secrets, which live in its own account.

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "InfrabotTaskRoleWithExternalId"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.infrabot_task_role_arn]
    }
    # Confused-deputy protection: the caller must also know the external ID from infrabot.yml.
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

module "environment_access" {
  source = "../environment-access-policy"

  account_id     = var.account_id
  default_region = var.region
  environments   = var.environments
  rds_tag_key    = var.rds_tag_key
}

resource "aws_iam_role" "this" {
  name                 = var.role_name
  description          = "Assumed by infrabot (${var.infrabot_task_role_arn}) to see and stop/start environments in this account."
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  permissions_boundary = var.permissions_boundary_arn
}

resource "aws_iam_role_policy" "this" {
  name   = "infrabot-environments"
  role   = aws_iam_role.this.id
  policy = module.environment_access.json
}
