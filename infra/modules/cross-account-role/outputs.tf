output "role_arn" {
  description = "Put this in infrabot.yml (environments.<name>.role_arn) and in the infrabot deployment's cross_account_role_arns."
  value       = aws_iam_role.this.arn
}
