# Two roles, least privilege each:
# - the execution role is what ECS itself uses to start the task (pull the image, write logs,
#   read infrabot's token parameters);
# - the task role is what infrabot's code runs as.
# No managed policies: AmazonECSTaskExecutionRolePolicy would allow pulling from every repository
# and writing to every log group.

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    sid     = "EcsTasksOfThisAccount"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    # Confused-deputy protection: only ECS acting for this account may assume the roles.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${var.region}:${var.account_id}:*"]
    }
  }
}

# ---------------------------------------------------------------------------------------------
# Execution role
# ---------------------------------------------------------------------------------------------

resource "aws_iam_role" "execution" {
  name               = local.names.execution_role
  description        = "ECS pulls infrabot's image, writes its logs and reads its token parameters with this role."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    # GetAuthorizationToken is registry-wide and has no resource type: "*" is the only option.
    # The token alone grants nothing; pulls are limited by the next statement.
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrPullInfrabotImage"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [local.arns.repository]
  }

  statement {
    sid       = "WriteInfrabotLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.arns.log_group}:log-stream:*"]
  }

  statement {
    # Exactly infrabot's token parameters, by ARN (parameters.tf): ECS reads them with GetParameters
    # when a task starts. No kms:Decrypt: they are SecureStrings under the AWS managed key aws/ssm,
    # whose key policy lets principals of this account use it through SSM; the ECS docs ask for
    # kms:Decrypt only for a customer managed key.
    sid       = "ReadInfrabotTokenParameters"
    actions   = ["ssm:GetParameters"]
    resources = [for k in sort(keys(local.token_parameters)) : local.token_parameters[k].arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-infrabot-task"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# ---------------------------------------------------------------------------------------------
# Task role
# ---------------------------------------------------------------------------------------------

resource "aws_iam_role" "task" {
  name               = local.names.task_role
  description        = "infrabot's own permissions: its queue and table, the managed environments, cross-account roles."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.task_role
      error_message = "The task role ARN is ${self.arn}, not the ${local.arns.task_role} the policies were built for: check account_id."
    }
  }
}

# Environments in this account: the same document cross-account roles get (one source of truth).
module "environment_access" {
  source = "./modules/environment-access-policy"

  account_id     = var.account_id
  default_region = var.region
  environments   = var.managed_environments
  rds_tag_key    = var.rds_tag_key
}

data "aws_iam_policy_document" "task" {
  source_policy_documents = [module.environment_access.json]

  statement {
    # Long-poll the alarm queue; delete a message only after Slack accepted the post; push a
    # message back (ChangeMessageVisibility) when Slack is rate-limiting. No SendMessage: only
    # EventBridge writes to it. SSE-SQS is used, so no KMS permission is needed.
    sid = "ConsumeAlarmQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [local.arns.alarm_queue]
  }

  statement {
    # Item-level access to the one state table (TransactWriteItems is authorised through these
    # item actions). No Scan, no table management. The table uses the AWS managed key
    # aws/dynamodb, usable by any principal allowed to use the table, so no KMS permission.
    sid = "StateTableItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.arns.table]
  }

  dynamic "statement" {
    # Omitted when there are no cross-account environments: nothing to assume.
    for_each = length(var.cross_account_role_arns) > 0 ? [1] : []
    content {
      sid       = "AssumeCrossAccountRoles"
      actions   = ["sts:AssumeRole"]
      resources = var.cross_account_role_arns
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "infrabot"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
