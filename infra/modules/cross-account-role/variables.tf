variable "role_name" {
  description = "Name of the role infrabot assumes in this account (the role_arn in infrabot.yml)."
  type        = string
  default     = "infrabot"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be a valid IAM role name (1-64 characters: letters, digits and +=,.@_-)."
  }
}

variable "account_id" {
  description = "ID of the account this role is created in (where the environments live)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be exactly 12 digits."
  }
}

variable "region" {
  description = "Default region of the environments in this account."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "infrabot_task_role_arn" {
  description = "The task_role_arn output of the infrabot deployment: the only principal allowed to assume this role."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", var.infrabot_task_role_arn))
    error_message = "infrabot_task_role_arn must be an IAM role ARN like arn:aws:iam::123456789012:role/infrabot-task."
  }
}

variable "external_id" {
  description = "Shared value infrabot must present when assuming the role (external_id in infrabot.yml). Not a password, but don't reuse it elsewhere."
  type        = string

  validation {
    condition     = length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[A-Za-z0-9+=,.@:/_-]+$", var.external_id))
    error_message = "external_id must be 2-1224 characters of letters, digits and +=,.@:/_-."
  }
}

variable "environments" {
  description = "Environments in this account infrabot may look at and stop/start; same shape and meaning as the root module's managed_environments."
  type = list(object({
    name              = string
    region            = optional(string)
    ecs_cluster_names = optional(list(string), [])
    rds_tag_value     = optional(string)
    protected         = optional(bool, false)
  }))

  validation {
    condition     = length(var.environments) > 0
    error_message = "List at least one environment; a role for nothing is better not created."
  }

  validation {
    condition     = alltrue([for e in var.environments : can(regex("^[a-z][a-z0-9-]{0,30}$", e.name))])
    error_message = "Each environment name must be lower-case letters, digits and dashes (as in infrabot.yml)."
  }

  validation {
    condition     = alltrue(flatten([for e in var.environments : [for c in e.ecs_cluster_names : can(regex("^[A-Za-z0-9_-]{1,255}$", c))]]))
    error_message = "ECS cluster names are 1-255 letters, digits, hyphens and underscores (names, not ARNs)."
  }
}

variable "rds_tag_key" {
  description = "Tag key that assigns a database to an environment."
  type        = string
  default     = "Environment"
}

variable "max_session_duration" {
  description = "Longest session infrabot can get, in seconds (1-12 hours; the SDK refreshes before expiry)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "permissions_boundary_arn" {
  description = "Optional permissions boundary for the role, if your organisation requires one."
  type        = string
  default     = null
}
