resource "aws_cloudwatch_log_group" "app" {
  name              = local.names.log_group
  retention_in_days = var.log_retention_days
  # Encrypted at rest by CloudWatch Logs by default; a customer managed key would add $1/month.

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.log_group
      error_message = "The log group is ${self.arn}, not ${local.arns.log_group} as the execution role assumes: check account_id."
    }
  }
}
