# Plan-time warnings (not errors) when infrabot.yml and the IAM permissions disagree: the
# deployment would work, but infrabot would get AccessDenied on the environment that drifted.

locals {
  config_environments = try(yamldecode(var.config_yaml).environments, {})
  # Environments reached through a role in another account are covered by cross_account_role_arns.
  config_same_account_environments = {
    for name, env in local.config_environments : name => env
    if try(env.role_arn, null) == null
  }
  config_cross_account_role_arns = distinct([
    for env in values(local.config_environments) : env.role_arn if try(env.role_arn, null) != null
  ])

  managed_by_name = { for e in var.managed_environments : e.name => e }

  environments_without_permissions = sort([
    for name in keys(local.config_same_account_environments) : name
    if !contains(keys(local.managed_by_name), name)
  ])
  clusters_without_permissions = sort(flatten([
    for name, env in local.config_same_account_environments : [
      for ecs in try(env.ecs, []) : "${name}/${ecs.cluster}"
      if try(ecs.cluster, null) != null && !contains(try(local.managed_by_name[name].ecs_cluster_names, []), ecs.cluster)
    ]
  ]))
  stoppable_but_protected = sort([
    for name, env in local.config_same_account_environments : name
    if !try(env.protected, false) && try(local.managed_by_name[name].protected, false)
  ])
  roles_not_assumable = sort([
    for arn in local.config_cross_account_role_arns : arn if !contains(var.cross_account_role_arns, arn)
  ])
}

check "config_matches_permissions" {
  assert {
    condition     = length(local.environments_without_permissions) == 0
    error_message = "infrabot.yml defines environments missing from managed_environments (infrabot will get AccessDenied on them): ${join(", ", local.environments_without_permissions)}."
  }

  assert {
    condition     = length(local.clusters_without_permissions) == 0
    error_message = "infrabot.yml uses ECS clusters missing from managed_environments[*].ecs_cluster_names: ${join(", ", local.clusters_without_permissions)}."
  }

  assert {
    condition     = length(local.stoppable_but_protected) == 0
    error_message = "These environments can be stopped according to infrabot.yml but are protected in managed_environments, so stop/start will be denied: ${join(", ", local.stoppable_but_protected)}."
  }

  assert {
    condition     = length(local.roles_not_assumable) == 0
    error_message = "infrabot.yml uses role_arn values missing from cross_account_role_arns: ${join(", ", local.roles_not_assumable)}."
  }
}
