# The three tokens infrabot needs in production (Socket Mode). Only the secret containers are
# managed here: there is deliberately no aws_secretsmanager_secret_version, so token values never
# appear in Terraform state or plans. Put them with `aws secretsmanager put-secret-value` (README),
# then force a new deployment: ECS reads secrets when a task starts.
#
# Encrypted with the AWS managed key aws/secretsmanager (no monthly key fee; a customer managed key
# would add $1/month per key and a kms:Decrypt grant on the execution role).

resource "aws_secretsmanager_secret" "token" {
  for_each = local.secrets

  name        = each.value
  description = "infrabot ${each.key} (injected into the task as the ${each.key} environment variable)."
  # A destroyed stack can be recovered (aws secretsmanager restore-secret) for a week.
  recovery_window_in_days = 7
}
