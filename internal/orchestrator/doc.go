// Package orchestrator applies each hot show's capacity at the instants it
// is due. It reads the shows' schedules from each stack's Terraform state
// (internal/showstate), sleeps until the next transition, then runs, for
// that stack and instant T:
//
//  1. take the stack's lease in the store (one holder at a time, with expiry,
//     renewed while the run lasts, with a fencing token);
//  2. terraform plan with HOTSHOW_AS_OF=T into a private plan file;
//  3. terraform show -json of that file, checked against the policy
//     (capacity-only by default: in-place updates of capacity attributes);
//  4. terraform apply of exactly that file, with HOTSHOW_AS_OF=T;
//  5. record the run in the ledger (instant, lag, plan SHA-256, changed
//     addresses, outcome, durations, error) and release the lease.
//
// It is level-triggered: each run converges the stack to the capacity of the
// latest transition passed, so a daemon that was down catches up at once on
// start, a second run at an instant changes nothing, and scale-downs are
// never applied early. A failed run is retried with back-off until the next
// transition supersedes it; a refused plan is recorded and not applied.
// On shutdown no new run starts and applies in progress finish (bounded by
// ShutdownGrace): Terraform is never killed mid-apply.
//
// This package is the core: New and its options, Run (the scheduler loop,
// loop.go, deciding by schedule.go), Tick, RunStack (runstack.go) and its
// lease keeping, discovery, previews, reminders, the live view, metrics and
// the status server. Its leaves, which never import it: config (the HCL
// file), store with bolt and dynamo (ledger and leases), policy (the plan
// check and diffs), tfrun (terraform-exec), notify (alerts), report
// (capacity-hours) and logging.
//
// Use:
//
//	cfg, err := config.Load("hotshow.hcl")
//	o, err := orchestrator.New(ctx, cfg, orchestrator.WithLogger(logging.Slog(slog.Default())))
//	defer o.Close()
//	err = o.Run(ctx) // or o.Tick(ctx) for one pass
//
// The hotshow-orchestrator command (cmd/hotshow-orchestrator) is built on
// this exported API alone: run, tick, schedule, report, preview, history,
// validate and store-init.
package orchestrator
