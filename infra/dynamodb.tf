# infrabot's state: incidents <-> threads, saved desired counts, schedule overrides, leases, audit.
# One table, addressed by (pk, sk) exactly like the app's Store port.
resource "aws_dynamodb_table" "state" {
  name = local.names.table

  # On-demand: a few thousand requests a month cost cents; provisioned capacity would cost more
  # idle than on-demand costs busy.
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  # Old items (idempotency keys, finished operations, expired leases) delete themselves for free.
  ttl {
    attribute_name = "ttl"
    enabled        = true
  }

  # The audit trail and saved capacities are worth keeping: restore to any second of the last 35
  # days ($0.20/GB-month; the table is kilobytes).
  point_in_time_recovery {
    enabled = true
  }

  # AWS managed key aws/dynamodb: no monthly key fee, key use visible in CloudTrail.
  server_side_encryption {
    enabled = true
  }

  # Losing it would lose the saved desired counts needed to start stopped environments again.
  deletion_protection_enabled = true

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.table
      error_message = "The table is ${self.arn}, not ${local.arns.table} as the task role assumes: check account_id."
    }
  }
}
