# Creates the role infrabot assumes in ANOTHER account (here: a staging account). Run it with
# credentials for that account, after the main infrabot deployment exists:
#
#   cd infra/examples/cross-account
#   terraform init && terraform apply
#
# then add the role_arn output to infrabot.yml (environments.<name>.role_arn, with the same
# external_id) and to cross_account_role_arns of the main deployment, and apply that again.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

variable "offline_plan" {
  description = "Only for validating without AWS access (test/infra); never for real use."
  type        = bool
  default     = false
}

locals {
  staging_account_id = "210987654321"
  region             = "us-east-1"
}

provider "aws" {
  region              = local.region
  allowed_account_ids = var.offline_plan ? null : [local.staging_account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan
  skip_region_validation      = var.offline_plan
}

module "infrabot_role" {
  source = "../../modules/cross-account-role"

  account_id = local.staging_account_id
  region     = local.region
  # The task_role_arn output of the main deployment (account 123456789012).
  infrabot_task_role_arn = "arn:aws:iam::123456789012:role/infrabot-task"
  # Any unguessable string; the same value goes into infrabot.yml as external_id.
  external_id = "infrabot-staging-6f1d2c9a"

  environments = [
    {
      name              = "staging"
      ecs_cluster_names = ["staging"]
    },
  ]
}

output "role_arn" {
  description = "Goes into infrabot.yml and the main deployment's cross_account_role_arns."
  value       = module.infrabot_role.role_arn
}
