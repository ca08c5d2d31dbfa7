resource "aws_ecr_repository" "app" {
  name = local.names.repository

  # A tag always means the same image: deploys and rollbacks are exact, and a pushed tag can't be
  # swapped under a running service.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true # basic scanning: free
  }

  encryption_configuration {
    encryption_type = "AES256" # S3-managed keys: free; KMS would add a key and per-request cost
  }

  lifecycle {
    postcondition {
      condition     = self.arn == local.arns.repository && self.repository_url == local.repository_url
      error_message = "The repository is ${self.arn} (${self.repository_url}), not what the policies and task definition were built for: check account_id and region."
    }
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged images (interrupted pushes) after 7 days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest ${var.ecr_keep_images} images (enough to roll back)"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.ecr_keep_images
        }
        action = { type = "expire" }
      },
    ]
  })
}
