package main

import (
	"fmt"
	"io"
)

const e2e = "TF_ACC=1 TF_ACC_TERRAFORM_PATH=<terraform> HOTSHOW_DYNALITE=<dynalite> HOTSHOW_MOTO=<moto_server> go test -run '^$' "

func lag(w io.Writer, r results) {
	fmt.Fprintf(w, "## Transition lag\n\n`%s-bench Lag -benchtime 1x ./internal/orchestrator/e2etest`\n\n", e2e)
	dp50, ok := r.get("BenchmarkLag", "daemon-p50-ms")
	if !ok {
		missing(w, "lag")
		return
	}
	dp99, _ := r.get("BenchmarkLag", "daemon-p99-ms")
	pp50, _ := r.get("BenchmarkLag", "poll-p50-ms")
	pp99, _ := r.get("BenchmarkLag", "poll-p99-ms")
	fmt.Fprintf(w, `From a transition's instant to the start of its run, over a show of 32 transitions three seconds
apart, real Terraform. The baseline polls: `+"`hotshow-orchestrator tick`"+` every minute on a copy of the
stack in the same window, as a one-minute scheduler does (the time until the first poll at or after
the instant).

| scheduler | p50 | p99 | p50 ratio to polling |
|---|---|---|---|
| one-minute polling (baseline) | %.0f ms | %.0f ms | 1.00 |
| hotshow daemon | %.1f ms | %.1f ms | %s |
| theoretical limit | 0 ms | 0 ms | 0 |

`, pp50, pp99, dp50, dp99, ratio(dp50, pp50))
}

func overhead(w io.Writer, r results) {
	fmt.Fprintf(w, "## Orchestration overhead\n\n`%s-bench Transition -benchtime 20x ./internal/orchestrator/e2etest`\n\n", e2e)
	bare, ok1 := r.get("BenchmarkTransition/bare-plan-apply", "ns/op")
	orch, ok2 := r.get("BenchmarkTransition/orchestrated", "ns/op")
	if !ok1 || !ok2 {
		missing(w, "overhead")
		return
	}
	fmt.Fprintf(w, `One transition of a stack whose show has a phase every second (each iteration a real change),
versus a bare `+"`terraform plan -out`"+` + `+"`terraform apply`"+` of the same change.

| case | time per transition | ratio |
|---|---|---|
| bare plan -out + apply (baseline) | %.3f s | 1.00 |
| orchestrated: lease, ledger, plan -out, show -json, policy, lease check, apply, ledger, state read | %.3f s | %s |

The difference is mostly one more Terraform invocation, `+"`show -json`"+` of the saved plan, which the policy
check needs; the lease and ledger writes and the state read after the apply take milliseconds.

`, bare/1e9, orch/1e9, ratio(orch, bare))
}

func idle(w io.Writer, r results) {
	fmt.Fprintf(w, "## Idle cost: 100 stacks, nothing due\n\n`%s-bench Idle -benchtime 3x ./internal/orchestrator/e2etest`\n\n", e2e)
	pw, ok1 := r.get("BenchmarkIdle/terraform-plan-each", "ns/op")
	pc, _ := r.get("BenchmarkIdle/terraform-plan-each", "cpu-s/op")
	dw, ok2 := r.get("BenchmarkIdle/orchestrator-discovery", "ns/op")
	dc, _ := r.get("BenchmarkIdle/orchestrator-discovery", "cpu-s/op")
	sw, ok3 := r.get("BenchmarkIdle/orchestrator-discovery-s3", "ns/op")
	sc, _ := r.get("BenchmarkIdle/orchestrator-discovery-s3", "cpu-s/op")
	if !ok1 || !ok2 || !ok3 {
		missing(w, "idle cost")
		return
	}
	fmt.Fprintf(w, `One pass over 100 initialised stacks (local backend): the orchestrator's resync versus what a naive
cron does every minute (`+"`terraform plan`"+` each).

| case | wall per pass | CPU of Terraform processes per pass | wall ratio | CPU ratio |
|---|---|---|---|---|
| 100 × terraform plan (baseline) | %s | %s | 1.00 | 1.00 |
| orchestrator discovery, local backend (the state file read) | %s | %s | %s | %s |
| orchestrator discovery, S3 backend (`+"`state pull`"+` each, moto's S3 on 127.0.0.1) | %s | %s | %s | %s |

Before this was measured, discovery ran `+"`terraform state pull`"+` for every stack: 5.0 s and 5.4 CPU-s per
pass of these 100 stacks (one Terraform process each). It now reads a local backend's state file
directly and keeps `+"`state pull`"+` for every other backend (S3 and the like), where that process start is
the price of reaching the backend. The daemon resyncs every `+"`resync_interval`"+` (5 min by default) and
sleeps in between; the cron pays its cost every minute. On the S3 backend a resync of 100 stacks
every 5 minutes costs %s of one core (%.1f%%); every minute it would cost five times that. The
default stays at 5 minutes because it is only the backstop: a local state file is watched, and CI
tells the daemon after its apply (next section).

`, seconds(pw/1e9), seconds(pc), seconds(dw/1e9), seconds(dc), ratio(dw, pw), ratio(dc, pc),
		seconds(sw/1e9), seconds(sc), ratio(sw, pw), ratio(sc, pc), seconds(sc), 100*sc/300)
}

func known(w io.Writer, r results) {
	fmt.Fprintf(w, "## CI's apply → the daemon knows the moved show\n\n`%s-bench ScheduleKnown -benchtime 5x ./internal/orchestrator/e2etest`\n\n", e2e)
	base, ok1 := r.get("BenchmarkScheduleKnown/resync-10s-baseline", "s-p50")
	basemax, _ := r.get("BenchmarkScheduleKnown/resync-10s-baseline", "s-max")
	lw, ok2 := r.get("BenchmarkScheduleKnown/local-watch", "s-p50")
	lwmax, _ := r.get("BenchmarkScheduleKnown/local-watch", "s-max")
	sp, ok3 := r.get("BenchmarkScheduleKnown/s3-push", "s-p50")
	spmax, _ := r.get("BenchmarkScheduleKnown/s3-push", "s-max")
	if !ok1 || !ok2 || !ok3 {
		missing(w, "apply to schedule known")
		return
	}
	fmt.Fprintf(w, `From the end of CI's apply of a moved show to the daemon's
`+"`hotshow_next_transition_timestamp_seconds`"+` showing the show's new first transition (daemon in
process, one stack, 5 moves each).

| path | p50 | max | p50 ratio |
|---|---|---|---|
| resync alone, every 10 s (baseline; the default interval is 5 min) | %s | %s | 1.00 |
| local backend, state file watched every second | %s | %s | %s |
| S3 backend, CI's `+"`POST /sync/{stack}`"+` then one `+"`state pull`"+` | %s | %s | %s |

`, seconds(base), seconds(basemax), seconds(lw), seconds(lwmax), ratio(lw, base), seconds(sp), seconds(spmax), ratio(sp, base))
}

func scale(w io.Writer, r results) {
	fmt.Fprintf(w, "## Provider at scale: 1,000 shows\n\n`%s-bench ProviderScale -benchtime 3x ./internal/orchestrator/e2etest`\n\n", e2e)
	names := []struct{ key, label string }{
		{"BenchmarkProviderScale/terraform-data-1000", "1,000 terraform_data, small input (baseline)"},
		{"BenchmarkProviderScale/terraform-data-1000-same-shape", "1,000 terraform_data holding values shaped like shows"},
		{"BenchmarkProviderScale/hotshow-shows-1000", "1,000 hotshow_show feeding one hotshow_capacity"},
	}
	base, ok := r.get(names[0].key, "ns/op")
	if !ok {
		missing(w, "provider at scale")
		return
	}
	same, _ := r.get(names[1].key, "ns/op")
	fmt.Fprintf(w, "`terraform plan` of an applied stack (refresh included), and the peak resident memory of the plan's\nprocess tree's largest process.\n\n| stack | plan time | peak RSS | ratio to baseline | ratio to same-shape data |\n|---|---|---|---|---|\n")
	for _, n := range names {
		t, _ := r.get(n.key, "ns/op")
		rss, _ := r.get(n.key, "peak-rss-MiB")
		fmt.Fprintf(w, "| %s | %.1f s | %.0f MiB | %s | %s |\n", n.label, t/1e9, rss, ratio(t, base), ratio(t, same))
	}
	fmt.Fprintf(w, `
The show's `+"`schedule`"+` is a string of compact JSON (schema version 1); as a nested object (version 0) the
same plan took 26.1 s, 14.4 times the baseline, measured before the change on this machine: most of it
Terraform's and the plugin framework's walks over that much nested data, as the same-shape row still
shows. A CPU profile of the provider then found, beside the framework's value walks, 175,000 trace log
lines a plan that Terraform drops while its logging is off; the provider now turns the framework's
logs off unless `+"`TF_LOG`"+`/`+"`TF_LOG_PROVIDER`"+` is set and runs its garbage collector at GOGC=400 under a
1 GiB soft limit (hence the larger peak RSS), and its plan modifier reads the configuration alone.

`)
}

func engine(w io.Writer, r results) {
	fmt.Fprintf(w, "## Timeline engine: 10,000 shows\n\n`go test -run '^$' -bench Evaluate -benchtime 2s ./internal/timeline`\n\n")
	ns, ok1 := r.get("BenchmarkEvaluate", "ns/op")
	base, ok2 := r.get("BenchmarkEvaluateFromDefinitions", "ns/op")
	if !ok1 || !ok2 {
		missing(w, "timeline engine")
		return
	}
	al, _ := r.get("BenchmarkEvaluate", "allocs/op")
	bal, _ := r.get("BenchmarkEvaluateFromDefinitions", "allocs/op")
	by, _ := r.get("BenchmarkEvaluate", "B/op")
	bby, _ := r.get("BenchmarkEvaluateFromDefinitions", "B/op")
	fmt.Fprintf(w, `One evaluation of 10,000 shows at an instant (combine, floor, ceiling, phases, next transition).

| case | time | allocs | bytes | time ratio |
|---|---|---|---|---|
| timelines derived from definitions on every read (baseline) | %.1f ms | %.0f | %.1f MB | 1.00 |
| precomputed schedules (what hotshow_capacity does) | %.1f ms | %.0f | %.1f MB | %s |

Before this was measured, one evaluation made 10,166 allocations (2.4 MB): the next-transition
instant escaped to the heap once per show. Now it makes %.0f.

`, base/1e6, bal, bby/1e6, ns/1e6, al, by/1e6, ratio(ns, base), al)
}

func burst(w io.Writer, r results) {
	fmt.Fprintf(w, "## Burst: 50 stacks due at once\n\n`%s-bench Burst -benchtime 1x ./internal/orchestrator/e2etest`\n\n", e2e)
	base, ok := r.get("BenchmarkBurst/parallelism-8/preplan-off", "s-until-last")
	if !ok {
		missing(w, "burst")
		return
	}
	fmt.Fprintf(w, `Time from the instant until the last of 50 stacks (each one show, one terraform_data) is applied. With
pre-planning off every stack plans at the instant, as every run did before pre-planning; with it on (the
default) the 50 plans are made ahead and only the applies are left at the instant.

| parallelism | pre-planning | until the last is applied | ratio |
|---|---|---|---|
`)
	for _, c := range []struct {
		p       int
		preplan string
	}{{1, "off"}, {8, "off"}, {8, "auto"}} {
		v, _ := r.get(fmt.Sprintf("BenchmarkBurst/parallelism-%d/preplan-%s", c.p, c.preplan), "s-until-last")
		label := c.preplan
		if c.p == 8 && c.preplan == "off" {
			label += " (baseline)"
		}
		fmt.Fprintf(w, "| %d | %s | %.1f s | %s |\n", c.p, label, v, ratio(v, base))
	}
	fmt.Fprintf(w, "\nOn 2 cores Terraform's own CPU use bounds the gain: plan and apply are CPU-bound processes.\n\n")
}

func requested(w io.Writer, r results) {
	fmt.Fprintf(w, "## Capacity requested: instant → apply finished\n\n`%s-bench Requested -benchtime 1x ./internal/orchestrator/e2etest`\n\n", e2e)
	fmt.Fprintf(w, `From a transition's instant to the end of the apply that asks for its capacity, real Terraform, daemon
with the embedded store. Baseline: pre-planning off, the run plans at the instant (plan with refresh,
`+"`show -json`"+`, policy, apply), as every run did before pre-planning. Pre-planning on (`+"`preplan = \"auto\"`"+`, the
default): the plan is made, read and checked ahead, and only the apply is left at the instant. The small
stack is one show of 12 transitions; the large one adds 999 shows (all in 2027) to the same show, 4
transitions. The gap between transitions is three times the stack's measured plan time (at least 4 s).

| stack | pre-planning | plan of the stack | p50 | p99 | p50 ratio | p99 ratio | plan age at apply (p50) | planned again |
|---|---|---|---|---|---|---|---|---|
`)
	for _, size := range []string{"small", "shows-1000"} {
		off := "BenchmarkRequested/" + size + "/preplan-off"
		on := "BenchmarkRequested/" + size + "/preplan-auto"
		b50, ok1 := r.get(off, "requested-p50-ms")
		b99, _ := r.get(off, "requested-p99-ms")
		v50, ok2 := r.get(on, "requested-p50-ms")
		v99, _ := r.get(on, "requested-p99-ms")
		if !ok1 || !ok2 {
			fmt.Fprintf(w, "| %s | – | – | not measured in this run | | | | | |\n", size)
			continue
		}
		bp, _ := r.get(off, "plan-ms")
		vp, _ := r.get(on, "plan-ms")
		ba, _ := r.get(off, "plan-age-p50-ms")
		va, _ := r.get(on, "plan-age-p50-ms")
		br, _ := r.get(off, "replanned")
		vr, _ := r.get(on, "replanned")
		fmt.Fprintf(w, "| %s | off (baseline) | %s | %s | %s | 1.00 | 1.00 | %s | %.0f |\n", size, seconds(bp/1000), seconds(b50/1000), seconds(b99/1000), seconds(ba/1000), br)
		fmt.Fprintf(w, "| %s | auto | %s | %s | %s | %s | %s | %s | %.0f |\n", size, seconds(vp/1000), seconds(v50/1000), seconds(v99/1000), ratio(v50, b50), ratio(v99, b99), seconds(va/1000), vr)
	}
	fmt.Fprintf(w, `
Planned ahead, what is left at the instant is Terraform's apply of the saved plan (a process, the
providers' start, the state's write) and the run's lease confirmation and ledger record in the store.
On the small stack that apply is most of the figure, and a floor no scheduling removes: the plan and
`+"`show -json`"+` it saves are about half of the baseline. On the large stack the plan it saves is most of it.

`)
}

func replicas(w io.Writer, r results) {
	fmt.Fprintf(w, "## Replicas share a burst\n\n`HOTSHOW_DYNALITE=<dynalite> go test -run '^$' -bench ReplicaBurst -benchtime 1x ./internal/orchestrator`\n\n")
	if _, ok := r.get("BenchmarkReplicaBurst/replicas=1", "clear-s"); !ok {
		missing(w, "replicas")
		return
	}
	fmt.Fprintf(w, `N daemons (replicas) on one DynamoDB store (dynalite on 127.0.0.1), 24 stacks due at one instant, a
runner whose apply takes a fixed 300 ms, parallelism 2 per replica: the time from the instant until the
last stack is applied ("time to clear"), and how the stacks were shared. Planned at the instant, the
replicas share the stacks as they take their leases then; planned ahead (each plan also 300 ms, made 6 s
ahead), as they take them to plan, and only the applies are left at the instant.

| replicas | planned | time to clear | ratio to one replica | ideal (1/N) | stacks per replica (min–max) |
|---|---|---|---|---|---|
`)
	for _, suffix := range []string{"", "/preplanned"} {
		base, _ := r.get("BenchmarkReplicaBurst/replicas=1"+suffix, "clear-s")
		for n := 1; n <= 3; n++ {
			key := fmt.Sprintf("BenchmarkReplicaBurst/replicas=%d%s", n, suffix)
			v, _ := r.get(key, "clear-s")
			lo, _ := r.get(key, "runs-per-replica-min")
			hi, _ := r.get(key, "runs-per-replica-max")
			planned := "at the instant"
			if suffix != "" {
				planned = "ahead"
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s | %.2f | %.0f–%.0f |\n", n, planned, seconds(v), ratio(v, base), 1/float64(n), lo, hi)
		}
	}
	fmt.Fprintln(w)
}
func statusPage(w io.Writer, r results) {
	fmt.Fprintf(w, "\n## Status page: 100 stacks, 7 days\n\n`go test -run '^$' -bench StatusPage -benchtime 2s -benchmem ./internal/render`\n\n")
	ns, ok1 := r.get("BenchmarkStatusPage/html", "ns/op")
	base, ok2 := r.get("BenchmarkStatusPage/json-baseline", "ns/op")
	if !ok1 || !ok2 {
		missing(w, "status page")
		return
	}
	al, _ := r.get("BenchmarkStatusPage/html", "allocs/op")
	bal, _ := r.get("BenchmarkStatusPage/json-baseline", "allocs/op")
	fmt.Fprintf(w, `One render of the status page for 100 stacks of five shows each over the 7-day window
(charts with three dimensions, 20 transition markers, 8 next transitions and 10 runs a stack).

| case | time | allocs | time ratio |
|---|---|---|---|
| the same data encoded as JSON (baseline) | %.1f ms | %.0f | 1.00 |
| HTML with SVG charts, every string escaped by html/template | %.1f ms | %.0f | %s |

The page reloads every 30 s; its render runs beside the scheduler and does not delay a run.

`, base/1e6, bal, ns/1e6, al, ratio(ns, base))
}

func intake(w io.Writer, r results) {
	fmt.Fprintf(w, "## Shows from Jira: intake POST → show in state, and → capacity applied\n\n`%s-bench Intake -benchtime 5x ./internal/orchestrator/e2etest`\n\n", e2e)
	fmt.Fprintf(w, `The calendar example (examples/stacks/calendar) on dynalite, daemon with the embedded store, real
Terraform. *POST → show in state*: a request posted as the guide's Jira rule posts it, until the calendar
run that put its show in the state finished. *Approve → capacity applied*: the approval of a show whose
warm-up is already due, until the calendar run that applied its capacity finished. Baseline: the same
row written into the table by hand and applied as CI would, one `+"`terraform apply`"+` of the stack (the
Terraform work alone, with no pull request, review or pipeline queue before it). The other requests in
the calendar are approved shows months away.

| requests in the calendar | CI apply (baseline), p50 | POST → show in state, p50 | ratio | approve → capacity applied, p50 | ratio | p99 (state / capacity) |
|---|---|---|---|---|---|---|
`)
	for _, n := range []string{"1", "100"} {
		name := "BenchmarkIntake/calendar-" + n
		base, ok := r.get(name, "ci-apply-p50-ms")
		state, ok2 := r.get(name, "post-to-state-p50-ms")
		capacity, _ := r.get(name, "approve-to-capacity-p50-ms")
		s99, _ := r.get(name, "post-to-state-p99-ms")
		c99, _ := r.get(name, "approve-to-capacity-p99-ms")
		if !ok || !ok2 {
			fmt.Fprintf(w, "| %s | not measured in this run | | | | | |\n", n)
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s / %s |\n", n, seconds(base/1000), seconds(state/1000), ratio(state, base), seconds(capacity/1000), ratio(capacity, base), seconds(s99/1000), seconds(c99/1000))
	}
	fmt.Fprintf(w, `
A calendar run starts the moment the intake has written the table, and is a plan into a file, its
`+"`show -json`"+`, the policy check and the apply of exactly that plan: more Terraform processes than CI's one
`+"`terraform apply`"+` (which plans and applies in one), which is the ratio above 1; the intake's own part
(checks, one GetItem, one PutItem) is a few milliseconds. The plan reads every request (a Scan) and plans
one show per request, so both figures grow with the calendar as CI's apply does; at 100 requests the
fixed cost of the extra processes is a fifth of the whole.

`)
}
