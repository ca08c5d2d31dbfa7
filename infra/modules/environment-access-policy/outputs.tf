output "json" {
  description = "The IAM policy document (JSON) with infrabot's permissions on the environments."
  value       = data.aws_iam_policy_document.this.json
}
