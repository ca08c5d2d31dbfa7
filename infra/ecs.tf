resource "aws_ecs_cluster" "this" {
  name = local.names.cluster

  # Container Insights off: for one small task it would cost about as much as the task itself
  # (its per-task/service/cluster metrics are billed as custom metrics, plus performance log
  # ingestion). The free AWS/ECS CPU and memory metrics are enough to know infrabot is running
  # (monitoring.tf).
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

locals {
  capacity_provider = var.capacity == "spot" ? "FARGATE_SPOT" : "FARGATE"

  # Seconds between SIGTERM and SIGKILL (container stopTimeout below). The app gets the same number
  # (INFRABOT_STOP_TIMEOUT_SECONDS) and exits by itself 2 s before it, whatever still hangs.
  stop_timeout_seconds = 30
}

# Both Fargate providers are associated, so switching `capacity` is an in-place service update;
# the cluster default (for `aws ecs run-task` without a launch type or strategy) follows `capacity`.
#
# Fargate Spot runs Linux ARM64 tasks on platform 1.4.0 or later (ECS API reference,
# CapacityProviderStrategyItem); this task is Linux/ARM64 on LATEST (>= 1.4.0). When AWS needs the
# capacity back it gives two minutes' notice, ECS stops the task (SIGTERM, SIGKILL after
# stopTimeout) and the service starts a replacement. The trade-off: during a replacement (a minute
# or two, longer if Spot capacity is short) infrabot does not answer Slack and alarm events wait in
# the SQS queue (retained 4 days); nothing is lost, threads and state are in DynamoDB.
# capacity = "on_demand" removes the interruptions for about $5/month more (README: Monthly cost).
resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = local.capacity_provider
    weight            = 1
  }
}

locals {
  # Everything the app reads from its environment (see the app's env contract). No secrets here:
  # those come from the SSM token parameters through `secrets` below.
  container_environment = {
    INFRABOT_CONFIG_YAML     = var.config_yaml
    INFRABOT_STORE           = "dynamodb:${local.names.table}"
    INFRABOT_ALARM_QUEUE_URL = local.alarm_queue_url
    AWS_REGION               = var.region
    LOG_LEVEL                = var.log_level
    PORT                     = tostring(local.app_port)
    NODE_ENV                 = "production"

    INFRABOT_STOP_TIMEOUT_SECONDS = tostring(local.stop_timeout_seconds)
  }

  # Same probe as the image's HEALTHCHECK (the image has no curl): exit 0 only on a 2xx from
  # /healthz, which answers in Socket Mode too.
  healthcheck_script = "fetch('http://127.0.0.1:${local.app_port}/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

  container_definition = {
    name      = local.names.container
    image     = "${local.repository_url}:${var.image_tag}"
    essential = true

    # The image's `node` user. Numeric so ECS can verify it is not root without reading
    # /etc/passwd.
    user = "1000:1000"
    # The app only writes to /tmp (an ephemeral task volume below); everything else is read-only.
    readonlyRootFilesystem = true
    # No portMappings: nothing connects in (security.tf). The health check runs inside the task.

    # A tiny init as PID 1 forwards SIGTERM to node and reaps zombies.
    linuxParameters = {
      initProcessEnabled = true
    }
    # Time between SIGTERM and SIGKILL. On SIGTERM infrabot drains its background workers (at most
    # 25 s, the WorkerHost default), closes the Socket Mode connection (3 s grace for Slack's half of
    # the close handshake) and exits; if anything still hangs it exits by itself 2 s before this
    # (src/cli/last-resort-exit.ts). Fargate allows up to 120 s, and a Spot interruption gives two
    # minutes' notice before the SIGTERM's deadline, so 30 s fits both.
    stopTimeout = local.stop_timeout_seconds

    environment = [for k in sort(keys(local.container_environment)) : {
      name  = k
      value = local.container_environment[k]
    }]
    # One SSM SecureString parameter per variable, by full ARN (parameters.tf). ECS reads them with
    # the execution role when the task starts; the app only ever sees the environment variables.
    secrets = [for k in sort(keys(local.token_parameters)) : {
      name      = k
      valueFrom = local.token_parameters[k].arn
    }]

    mountPoints = [{
      sourceVolume  = "tmp"
      containerPath = "/tmp"
      readOnly      = false
    }]

    healthCheck = {
      command     = ["CMD", "node", "-e", local.healthcheck_script]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "ecs"
        # Never block the app on CloudWatch Logs; under pressure the buffer drops lines instead.
        mode            = "non-blocking"
        max-buffer-size = "4m"
      }
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.names.task_family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = local.task_cpu
  memory                   = local.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  # Graviton: about 20 % cheaper than x86 for the same size. The image is built for linux/arm64
  # (README).
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  # Ephemeral task storage mounted at /tmp: the only writable path.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([local.container_definition])
}

resource "aws_ecs_service" "app" {
  name            = local.names.service
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = var.desired_count

  # Spot or on-demand Fargate (var.capacity; see aws_ecs_cluster_capacity_providers above). A
  # strategy replaces launch_type. force_new_deployment makes a change of `capacity` take effect
  # at apply time, not at the next deployment.
  capacity_provider_strategy {
    capacity_provider = local.capacity_provider
    weight            = 1
  }
  force_new_deployment = true
  # Fargate Linux platform 1.4.0 or later (needed for initProcessEnabled and task ephemeral storage).
  platform_version = "LATEST"

  # Default: stop the old task, then start the new one (min 0 % / max 100 %). In Socket Mode two
  # connected replicas each receive a share of Slack events (each event goes to one connection)
  # and both poll the alarm queue; infrabot's conditional writes and leases make that safe
  # (README: Two tasks), but a one-minute gap during deploys is the simpler guarantee.
  # zero_downtime_deploys = true starts the new task first (100 % / 200 %).
  deployment_minimum_healthy_percent = var.zero_downtime_deploys ? 100 : 0
  deployment_maximum_percent         = var.zero_downtime_deploys ? 200 : 100

  # A task that can't start (bad image, a token parameter not put yet) stops the
  # deployment and rolls back to the last one that worked instead of retrying forever.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = var.assign_public_ip
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"
  # Interactive shells would need ssmmessages permissions and a writable filesystem; debug with
  # logs and `infrabot doctor` instead.
  enable_execute_command = false

  # Let `terraform apply` return once the deployment is started; the circuit breaker handles
  # failures, and `aws ecs wait services-stable` is there for scripts that want to wait.
  wait_for_steady_state = false

  # The task must find its queue, table and permissions on its first start.
  depends_on = [
    aws_iam_role_policy.task,
    aws_iam_role_policy.execution,
    aws_ecs_cluster_capacity_providers.this,
    aws_sqs_queue.alarms,
    aws_dynamodb_table.state,
  ]
}
