variable "account_id" {
  description = "Account whose environments the policy covers (12 digits)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be exactly 12 digits."
  }
}

variable "default_region" {
  description = "Region of environments that don't name one, and where alarms are read."
  type        = string
}

variable "environments" {
  description = "Environments to cover; same shape as the root module's managed_environments."
  type = list(object({
    name              = string
    region            = optional(string)
    ecs_cluster_names = optional(list(string), [])
    rds_tag_value     = optional(string)
    protected         = optional(bool, false)
  }))
}

variable "rds_tag_key" {
  description = "Tag key that assigns a database to an environment."
  type        = string
}
