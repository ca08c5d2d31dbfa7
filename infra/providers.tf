provider "aws" {
  region = var.region

  # Refuse to run against any other account: account_id is also used to build ARNs (locals.tf),
  # so a wrong value would otherwise produce policies that silently grant nothing.
  allowed_account_ids = var.offline_plan ? null : [var.account_id]

  # Offline validation only (CI, test/infra): lets `terraform plan` run with dummy credentials and
  # no network. Real deployments leave offline_plan = false so every check stays on.
  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan
  skip_region_validation      = var.offline_plan

  default_tags {
    tags = merge(var.tags, {
      Application = "infrabot"
      ManagedBy   = "terraform"
    })
  }
}

# Works offline: the partition and its DNS suffix come from the region, not from an API call.
data "aws_partition" "current" {}
