# infrabot's tokens: SSM Parameter Store SecureString parameters, one per token, under
# /<name_prefix>/ (e.g. /infrabot/SLACK_BOT_TOKEN), encrypted with the AWS managed key aws/ssm.
#
# Terraform does NOT create them; it only references them by ARN (built from the name in
# locals.tf), in the task definition's `secrets` and in the execution role's policy. Why not an
# aws_ssm_parameter with a placeholder value and `lifecycle { ignore_changes = [value] }`: the
# provider reads a SecureString parameter WITH decryption on every refresh and stores the value in
# state, so after the first refresh following `aws ssm put-parameter` the real token would sit in
# terraform.tfstate (and in every state backup). ignore_changes only hides the diff. Referencing
# parameters that are created out of band keeps the tokens out of Terraform entirely: not in the
# configuration, the plan or the state. It also means `terraform destroy` leaves them alone, so a
# mistaken destroy does not lose the tokens (what Secrets Manager's 7-day recovery window gave).
#
# Put them with `aws ssm put-parameter --type SecureString` (README, step 4) before the first task
# starts: ECS refuses to start a task whose parameter is missing (ResourceInitializationError),
# and the deployment circuit breaker rolls back. `infrabot doctor --ssm-prefix /<name_prefix>`
# names a missing, empty or unencrypted one with the exact command that fixes it.
#
# Cost: standard-tier parameters are free (no per-parameter fee, standard throughput), and aws/ssm
# has no monthly key fee; Secrets Manager charged $0.40/month for the one secret this replaces.

locals {
  parameter_prefix = "/${var.name_prefix}"

  # Token (= environment variable) names. SSM parameters cannot hold an empty value, so the
  # optional GitHub token is left out (and /infra add stays off) with use_github_token = false.
  token_names = concat(
    ["SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"],
    var.use_github_token ? ["GITHUB_TOKEN"] : [],
  )

  token_parameters = {
    for name in local.token_names : name => {
      name = "${local.parameter_prefix}/${name}"
      # For a name starting with "/", the ARN drops that slash: parameter/infrabot/SLACK_BOT_TOKEN.
      arn = "arn:${local.partition}:ssm:${var.region}:${var.account_id}:parameter${local.parameter_prefix}/${name}"
    }
  }
}
