# Forwards the alarms of a staging account (eu-west-1) to infrabot's bus (account 123456789012,
# us-east-1). Run with credentials of the staging account:
#
#   cd infra/examples/alarm-forwarder
#   terraform init && terraform apply
#
# and add the staging account to alarm_source_accounts of the main deployment (the bus policy).

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
}

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = var.offline_plan ? null : [local.staging_account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan
  skip_region_validation      = var.offline_plan
}

module "alarm_forwarder" {
  source = "../../modules/alarm-forwarder"

  account_id           = local.staging_account_id
  region               = "eu-west-1"
  target_event_bus_arn = "arn:aws:events:us-east-1:123456789012:event-bus/default"
  tags                 = { Application = "infrabot" }
}

output "rule_arn" {
  value = module.alarm_forwarder.rule_arn
}
