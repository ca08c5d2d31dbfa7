# SQS queue "orders", added by infrabot with acme's queue template (.infrabot/templates/queue.tf.tmpl):
# infrabot's defaults, but encrypted with acme's customer-managed KMS key instead of SQS-managed SSE.

resource "aws_sqs_queue" "orders_dlq" {
  name                              = "orders-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = "alias/acme-queues"
  kms_data_key_reuse_period_seconds = 3600
}

resource "aws_sqs_queue" "orders" {
  name                              = "orders"
  message_retention_seconds         = 345600
  visibility_timeout_seconds        = 30
  kms_master_key_id                 = "alias/acme-queues"
  kms_data_key_reuse_period_seconds = 3600

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })

  tags = {
    Team = "platform"
  }
}

resource "aws_sqs_queue_redrive_allow_policy" "orders_dlq" {
  queue_url = aws_sqs_queue.orders_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.orders.arn]
  })
}
