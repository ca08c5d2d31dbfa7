# infrabot's tokens (Socket Mode) in ONE Secrets Manager secret whose value is a JSON object:
#   {"SLACK_BOT_TOKEN": "xoxb-…", "SLACK_APP_TOKEN": "xapp-…", "GITHUB_TOKEN": "…" or ""}
# One secret instead of one per token saves $0.80/month (Secrets Manager bills $0.40 per secret);
# ECS picks each key out with the `<arn>:<json-key>::` form of valueFrom (ecs.tf). The price is
# that rotating one token re-puts the whole object (README: get, edit, put).
#
# Only the secret container is managed here: there is deliberately no
# aws_secretsmanager_secret_version, so token values never appear in Terraform state or plans. Put
# the value with `aws secretsmanager put-secret-value` (README), then force a new deployment: ECS
# reads secrets when a task starts.
#
# Encrypted with the AWS managed key aws/secretsmanager (no monthly key fee; a customer managed key
# would add $1/month and a kms:Decrypt grant on the execution role).

resource "aws_secretsmanager_secret" "tokens" {
  name        = local.names.secret
  description = "infrabot's tokens as one JSON object with the keys ${join(", ", local.secret_keys)}; each is injected into the task as the environment variable of the same name."
  # A destroyed stack can be recovered (aws secretsmanager restore-secret) for a week.
  recovery_window_in_days = 7
}
