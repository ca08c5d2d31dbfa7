# Inputs. Everything that differs between deployments is here; the rest is fixed on purpose
# (see the README's "Why these defaults").

variable "name_prefix" {
  description = "Prefix for every resource name (cluster, service, queues, table, roles, token parameters under /<name_prefix>/). Change it to run a second infrabot in the same account."
  type        = string
  default     = "infrabot"

  validation {
    # Lower-case because ECR repository names must be; 24 characters leave room for the longest
    # suffix ("-alarm-events-dlq") within SQS, IAM and ECS name limits.
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-24 characters of lower-case letters, digits and dashes, starting with a letter (e.g. infrabot)."
  }
}

variable "region" {
  description = "AWS region infrabot runs in. CloudWatch alarm events are collected from this region's default event bus."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as us-east-1 or ap-northeast-1."
  }
}

variable "account_id" {
  description = "The 12-digit ID of the account infrabot is deployed to. Taken as an input (not looked up) so plans work offline; the provider refuses to run against any other account."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be exactly 12 digits, e.g. 123456789012 (see `aws sts get-caller-identity`)."
  }
}

variable "offline_plan" {
  description = "Only for validating this configuration without AWS access (CI, test/infra): skips the provider's credential, account and region checks. Never set it for a real deployment."
  type        = bool
  default     = false
}

variable "vpc_id" {
  description = "VPC of the subnets below; the security group is created in it."
  type        = string

  validation {
    condition     = can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Subnets for the task. With assign_public_ip = true these are public subnets (route to an internet gateway); with false they must route to a NAT gateway, because Slack and GitHub are on the internet."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "subnet_ids must list at least one subnet ID like subnet-0123456789abcdef0."
  }

  validation {
    condition     = length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids contains the same subnet twice."
  }
}

variable "assign_public_ip" {
  description = "Give the task a public IPv4 address so it reaches Slack, GitHub and AWS APIs without a NAT gateway. Nothing can connect in: the security group has no ingress rules. Costs $0.005/hour (about $3.65/month) for the address."
  type        = bool
  default     = true
}

variable "image_tag" {
  description = "Tag of the infrabot image in the ECR repository this configuration creates (tags are immutable: use a version or a commit SHA, never latest)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a Docker tag (letters, digits, _ . -, at most 128 characters) and not \"latest\": the repository is immutable, so deploy a version or a commit SHA."
  }
}

variable "config_yaml" {
  description = "The whole infrabot.yml, passed to the container as INFRABOT_CONFIG_YAML. It must not contain secrets: task definitions are readable by anyone with ecs:DescribeTaskDefinition. Tip: config_yaml = file(\"infrabot.yml\")."
  type        = string

  validation {
    condition     = can(yamldecode(var.config_yaml)) && can(keys(yamldecode(var.config_yaml)))
    error_message = "config_yaml must be a YAML mapping (the content of infrabot.yml), and it must parse."
  }

  validation {
    # The whole task definition is limited to 64 KiB; keep the config well below that.
    condition     = length(var.config_yaml) <= 32768
    error_message = "config_yaml is longer than 32 KiB; ECS task definitions are limited to 64 KiB in total."
  }
}

variable "managed_environments" {
  description = <<-EOT
    Environments in THIS account that infrabot may look at and stop/start. Each grants, and only grants:
    ECS describe (and, unless protected, update) on the services of the listed clusters; RDS stop/start
    on databases tagged <rds_tag_key> = <rds_tag_value> (default: the environment name); Application
    Auto Scaling on ECS service targets. Keep it in sync with `environments` in config_yaml (a plan
    warns when they drift). Environments in other accounts use cross_account_role_arns instead.
  EOT
  type = list(object({
    name              = string
    region            = optional(string)
    ecs_cluster_names = optional(list(string), [])
    rds_tag_value     = optional(string)
    protected         = optional(bool, false)
  }))
  default = []

  validation {
    condition     = alltrue([for e in var.managed_environments : can(regex("^[a-z][a-z0-9-]{0,30}$", e.name))])
    error_message = "Each managed environment name must be lower-case letters, digits and dashes (as in infrabot.yml), e.g. dev."
  }

  validation {
    condition     = length(distinct([for e in var.managed_environments : e.name])) == length(var.managed_environments)
    error_message = "managed_environments lists the same environment name twice."
  }

  validation {
    condition     = alltrue([for e in var.managed_environments : e.region == null || can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", e.region))])
    error_message = "A managed environment's region must be an AWS region code such as eu-west-1 (or left out to use var.region)."
  }

  validation {
    condition     = alltrue(flatten([for e in var.managed_environments : [for c in e.ecs_cluster_names : can(regex("^[A-Za-z0-9_-]{1,255}$", c))]]))
    error_message = "ECS cluster names are 1-255 letters, digits, hyphens and underscores (names, not ARNs)."
  }

  validation {
    condition     = alltrue([for e in var.managed_environments : e.rds_tag_value == null || try(length(e.rds_tag_value) > 0 && length(e.rds_tag_value) <= 256, false)])
    error_message = "rds_tag_value must be 1-256 characters (or left out to use the environment name)."
  }
}

variable "rds_tag_key" {
  description = "Tag key whose value says which environment an RDS instance or Aurora cluster belongs to. Stop/start is only allowed on databases carrying it (also databases listed explicitly in infrabot.yml)."
  type        = string
  default     = "Environment"

  validation {
    condition     = can(regex("^[A-Za-z0-9 _.:/=+@-]{1,128}$", var.rds_tag_key)) && !startswith(var.rds_tag_key, "aws:")
    error_message = "rds_tag_key must be a valid tag key (1-128 characters, not starting with aws:)."
  }
}

variable "cross_account_role_arns" {
  description = "Roles in other accounts infrabot may assume (created with modules/cross-account-role). The task role gets sts:AssumeRole on exactly these."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.cross_account_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", arn))])
    error_message = "Each cross_account_role_arns entry must be an IAM role ARN like arn:aws:iam::210987654321:role/infrabot."
  }
}

variable "alarm_source_accounts" {
  description = "Other AWS accounts whose alarm state changes reach infrabot (forwarded with modules/alarm-forwarder). Their EventBridge rules may put events on this region's default bus; nobody else may."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.alarm_source_accounts : can(regex("^[0-9]{12}$", a))])
    error_message = "Each alarm_source_accounts entry must be a 12-digit AWS account id."
  }
}

variable "alarm_email" {
  description = "Optional address that gets e-mail when infrabot itself is down or its dead-letter queue fills (confirm the subscription e-mail AWS sends). Null: no subscription; subscribe to the alarm_topic_arn output some other way."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address (or null)."
  }
}

variable "log_level" {
  description = "LOG_LEVEL for infrabot (pino levels)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["trace", "debug", "info", "warn", "error", "fatal"], var.log_level)
    error_message = "log_level must be one of trace, debug, info, warn, error, fatal."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch Logs keeps infrabot's logs. The audit trail lives in DynamoDB, not in logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "desired_count" {
  description = "Number of infrabot tasks. 1 is the normal value; 0 parks it (first apply, before an image is pushed and the tokens are put). 2 keeps infrabot up while one task is replaced (README: Two tasks), at the cost of a second task and public IPv4 address."
  type        = number
  default     = 1

  validation {
    # Slack allows at most 10 Socket Mode connections per app.
    condition     = var.desired_count >= 0 && var.desired_count <= 10 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number from 0 to 10 (Slack allows 10 Socket Mode connections per app)."
  }
}

variable "capacity" {
  description = "Where the task runs. \"spot\" (default): Fargate Spot, ARM64, up to 70 % cheaper; AWS may reclaim the task with two minutes' notice, ECS then starts a replacement, and alarm events wait in the SQS queue meanwhile (nothing is lost). \"on_demand\": regular Fargate, never interrupted by AWS."
  type        = string
  default     = "spot"

  validation {
    condition     = contains(["spot", "on_demand"], var.capacity)
    error_message = "capacity must be \"spot\" (Fargate Spot, the default) or \"on_demand\" (regular Fargate)."
  }
}

variable "use_github_token" {
  description = "Whether the task reads the GITHUB_TOKEN parameter (/<name_prefix>/GITHUB_TOKEN) for /infra add. false: no such parameter is needed and /infra add stays off (SSM parameters cannot be empty)."
  type        = bool
  default     = true
}

variable "zero_downtime_deploys" {
  description = "false (default): a deploy stops the old task before starting the new one (about a minute without infrabot, never two bots at once). true: the new task starts first and the two overlap briefly, relying on infrabot's DynamoDB leases and idempotency keys."
  type        = bool
  default     = false
}

variable "ecr_keep_images" {
  description = "How many images the ECR lifecycle policy keeps (older ones are deleted; keep enough to roll back)."
  type        = number
  default     = 10

  validation {
    condition     = var.ecr_keep_images >= 2 && var.ecr_keep_images <= 1000 && floor(var.ecr_keep_images) == var.ecr_keep_images
    error_message = "ecr_keep_images must be a whole number from 2 to 1000 (at least the running image and one to roll back to)."
  }
}

variable "tags" {
  description = "Extra tags for every resource (merged into the provider's default_tags)."
  type        = map(string)
  default     = {}
}
