variable "account_id" {
  description = "The account this forwarder is applied in (where the alarms are)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "region" {
  description = "The region this forwarder is applied in (where the alarms are)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of the rule and role names (one forwarder per account and region)."
  type        = string
  default     = "infrabot-alarms"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,40}$", var.name_prefix))
    error_message = "name_prefix is 1-40 letters, digits, dots, dashes or underscores."
  }
}

variable "target_event_bus_arn" {
  description = "infrabot's event bus (the default bus of infrabot's account and region), e.g. arn:aws:events:us-east-1:123456789012:event-bus/default."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._/-]+$", var.target_event_bus_arn))
    error_message = "target_event_bus_arn must be an event bus ARN like arn:aws:events:us-east-1:123456789012:event-bus/default."
  }
}

variable "alarm_name_prefixes" {
  description = "Forward only alarms whose names start with one of these (empty: every alarm of this account and region)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for the rule and the role."
  type        = map(string)
  default     = {}
}
