output "rule_arn" {
  description = "The forwarding rule."
  value       = aws_cloudwatch_event_rule.alarm_state_change.arn
}

output "role_arn" {
  description = "The role EventBridge uses to put events on infrabot's bus."
  value       = aws_iam_role.forwarder.arn
}
