terraform {
  # 1.5: `check` blocks and `optional()` object attributes with defaults, both used here.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the version tested offline (test/infra); stay on 5.x until 6.x is tested too.
      version = "~> 5.100"
    }
  }
}
