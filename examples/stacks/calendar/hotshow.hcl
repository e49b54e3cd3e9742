# The orchestrator's configuration for the calendar stack:
#   HOTSHOW_INTAKE_SECRET=... hotshow-orchestrator run -config examples/stacks/calendar/hotshow.hcl
terraform {
  binary  = "terraform"
  version = ">= 1.5.0"
}

store "file" {
  path = ".hotshow/orchestrator.db"
}

policy {
  mode = "capacity-only"
  # Calendar runs may create, update and destroy hotshow_show records (no
  # infrastructure behind them); everything else is capacity-only as ever.
  show_changes = "calendar"
}

# The show requests: the intake writes them, this stack's hotshow_calendar
# reads them, the daemon polls for rows written by anything else.
calendar "dynamodb" {
  table         = "hotshow-calendar"
  region        = "ap-southeast-2"
  stack         = "calendar"
  poll_interval = "1m"
}

# What Jira Automation posts to (docs/guides/calendar.md).
intake {
  listen     = "0.0.0.0:9798"
  secret_env = "HOTSHOW_INTAKE_SECRET"
  horizon    = "8760h"
}

stack "calendar" {
  dir = "."
}
