output "ecr_repository_url" {
  description = "Push infrabot images here (README: build and push)."
  value       = aws_ecr_repository.app.repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster running infrabot."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  description = "ECS service running infrabot (for `aws ecs update-service --force-new-deployment`)."
  value       = aws_ecs_service.app.name
}

output "task_role_arn" {
  description = "Role infrabot runs as. Trust it from other accounts with modules/cross-account-role."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "Role ECS uses to pull the image, write logs and read the token parameters."
  value       = aws_iam_role.execution.arn
}

output "token_parameters" {
  description = "The SSM SecureString parameters the task reads, by environment variable: put each with `aws ssm put-parameter --type SecureString` (README, step 4) before the first task starts."
  value       = { for k, p in local.token_parameters : k => p.name }
}

output "token_parameter_prefix" {
  description = "Path of the token parameters (for `infrabot doctor --ssm-prefix <prefix>`)."
  value       = local.parameter_prefix
}

output "alarm_queue_url" {
  description = "SQS queue receiving CloudWatch alarm state changes (INFRABOT_ALARM_QUEUE_URL)."
  value       = aws_sqs_queue.alarms.url
}

output "alarm_dead_letter_queue_url" {
  description = "Where alarm events go that infrabot could not post; redrive them once the cause is fixed."
  value       = aws_sqs_queue.alarms_dlq.url
}

output "state_table_name" {
  description = "DynamoDB table with infrabot's state (INFRABOT_STORE=dynamodb:<name>)."
  value       = aws_dynamodb_table.state.name
}

output "log_group_name" {
  description = "CloudWatch Logs group of the infrabot task (`aws logs tail <name> --follow`)."
  value       = aws_cloudwatch_log_group.app.name
}

output "ops_alarm_topic_arn" {
  description = "SNS topic for infrabot's own health alarms; subscribe more endpoints here."
  value       = aws_sns_topic.ops.arn
}

output "security_group_id" {
  description = "Security group of the task (no ingress, HTTPS egress)."
  value       = aws_security_group.app.id
}
