# infrabot only makes outbound connections: Slack (Socket Mode WebSocket and Web API), GitHub and
# AWS APIs, all HTTPS. Nothing ever connects to it, so the group has no ingress rule at all; the
# /healthz endpoint is only probed from inside the container by the ECS health check.
resource "aws_security_group" "app" {
  name        = "${var.name_prefix}-task"
  description = "infrabot task: no ingress, HTTPS egress only"
  vpc_id      = var.vpc_id

  # No inline rules: Terraform then also removes the allow-all egress rule AWS adds by default,
  # and the separate rule below is the only one.
  tags = { Name = "${var.name_prefix}-task" }
}

# Port 443 only. DNS (53) is not needed: lookups go to the VPC's Amazon-provided resolver
# (VPC CIDR base + 2 / 169.254.169.253), which security groups do not filter. If the VPC's DHCP
# options point at your own DNS servers instead, add a rule for them on 53/udp and 53/tcp.
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to Slack, GitHub and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
