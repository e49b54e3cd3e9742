// Package store is the orchestrator's ledger and leases: the Store
// interface, what it keeps (Run, Lease, Outcome), the one rule that grants a
// lease (Grant), and the conformance suite every implementation passes
// (storetest). The implementations live beside it: bolt (one embedded file,
// the default) and dynamo (a DynamoDB table, for several replicas).
//
// It imports nothing of the orchestrator: instants are passed in, never read
// from a clock, so every replica and test decides time the same way.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"
	"time"
)

var (
	// ErrLeaseHeld means another holder has the stack's lease.
	ErrLeaseHeld = errors.New("lease held by another orchestrator")
	// ErrLeaseLost means the lease expired and may have been granted again.
	ErrLeaseLost = errors.New("lease lost")
)

// Outcome is how a run ended.
type Outcome string

// The outcomes of a run. A run is recorded as running when it starts, so a
// crash mid-run leaves a trace; the next holder of the stack's lease marks
// such a run abandoned.
const (
	OutcomeRunning   Outcome = "running"
	OutcomeApplied   Outcome = "applied"
	OutcomeNoChanges Outcome = "no-changes"
	OutcomeRefused   Outcome = "refused"
	// OutcomePartial: the policy refused some resources of the plan and,
	// under policy on_refusal = "apply-allowed", the others were applied.
	OutcomePartial   Outcome = "partial"
	OutcomeFailed    Outcome = "failed"
	OutcomeAbandoned Outcome = "abandoned"
	// The outcomes of a readiness evaluation (Kind KindChecks): every check
	// passed, or one failed or could not be decided. An evaluation that
	// could not run is failed.
	OutcomeReady    Outcome = "ready"
	OutcomeNotReady Outcome = "not-ready"
)

// KindChecks is the Kind of a ledger entry that evaluated a stack's
// readiness checks (Terraform check blocks) and changed nothing.
const KindChecks = "checks"

// KindCalendar is the Kind of a run the calendar asked for (a request
// written, approved, moved or cancelled): it may create, update and destroy
// hotshow_show records, as the policy's show_changes allows. Its Instant is
// when it started.
const KindCalendar = "calendar"

// The statuses of a check, as Terraform reports them.
const (
	CheckPass    = "pass"
	CheckFail    = "fail"
	CheckUnknown = "unknown"
	CheckError   = "error"
)

// CheckResult is one check block's result in a readiness evaluation.
type CheckResult struct {
	Address  string   `json:"address"` // check.name, or module.m.check.name
	Status   string   `json:"status"`  // CheckPass, CheckFail, CheckUnknown or CheckError
	Messages []string `json:"messages,omitempty"`
}

// Settled reports whether the outcome means the stack is at the capacity of
// the run's instant.
func (o Outcome) Settled() bool { return o == OutcomeApplied || o == OutcomeNoChanges }

// Final reports whether the run's instant needs no further run: settled, or
// refused (the same plan would be refused again), or partly refused with the
// rest applied. This is the one rule for it: the scheduler, a restart and
// another replica all decide by it.
func (o Outcome) Final() bool { return o.Settled() || o == OutcomeRefused || o == OutcomePartial }

// Run is one ledger entry: a plan (and maybe an apply) of one stack for one
// transition instant, or (Kind KindChecks) an evaluation of its readiness
// checks, whose Instant is when it was due.
type Run struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind,omitempty"` // "" for a transition's run, KindChecks
	Stack    string    `json:"stack"`
	Instant  time.Time `json:"instant"`
	Attempt  int       `json:"attempt"`
	Holder   string    `json:"holder"`
	Token    uint64    `json:"lease_token"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	// Lag is the instant → the start of the run's work at the instant: its
	// plan, or the apply of a plan made ahead. Zero for a plan refused
	// ahead of its instant.
	Lag       time.Duration `json:"lag_ns"`
	LockWait  time.Duration `json:"lock_wait_ns,omitempty"` // waiting for a state lock someone else held, before the plan
	PlanTime  time.Duration `json:"plan_ns"`
	ApplyTime time.Duration `json:"apply_ns"`
	// Preplanned is when the plan was made ahead of the instant (zero:
	// planned at the instant).
	Preplanned time.Time `json:"preplanned_at,omitzero"`
	// Requested is the instant → the end of the apply: when the cloud had
	// been asked for the capacity. Zero when nothing was applied.
	Requested time.Duration `json:"requested_ns,omitempty"`
	// PlanAge is the applied plan's age when its apply began.
	PlanAge time.Duration `json:"plan_age_ns,omitempty"`
	// Replanned says why a plan made ahead was not applied and the run
	// planned again at the instant (the state changed after it).
	Replanned  string   `json:"replanned,omitempty"`
	PlanSHA256 string   `json:"plan_sha256,omitempty"`
	Changed    []string `json:"changed,omitempty"`
	Diff       []string `json:"diff,omitempty"`         // "address.attribute: before -> after", sensitive values masked
	Serial     int64    `json:"state_serial,omitempty"` // the state's serial after an apply
	Outcome    Outcome  `json:"outcome"`
	Error      string   `json:"error,omitempty"`
	// Of a readiness evaluation: the shows it was made for, its checkpoint
	// ("-15m": before the on-sale; "after warm": after a transition) and
	// each check's result.
	Shows      []string      `json:"shows,omitempty"`
	Checkpoint string        `json:"checkpoint,omitempty"`
	Checks     []CheckResult `json:"checks,omitempty"`
	// Tickets are the calendar requests (Jira issue keys) whose shows the
	// run changed.
	Tickets []string `json:"tickets,omitempty"`
}

// IsChecks reports whether the entry is a readiness evaluation rather than
// a transition's run.
func (r Run) IsChecks() bool { return r.Kind == KindChecks }

// Lease grants its holder the right to run one stack until Expires. Token
// increases with every grant of the stack's lease (a fencing token): a
// record made under an older token is refused.
type Lease struct {
	Stack   string    `json:"stack"`
	Holder  string    `json:"holder"`
	Token   uint64    `json:"token"`
	Expires time.Time `json:"expires"`
}

// Store keeps the ledger and the leases. Instants are passed in (now) rather
// than read from a clock, so every replica and test decides time the same way.
type Store interface {
	// Acquire grants the stack's lease to holder until now+ttl, when it is free,
	// expired, or already held by holder. It returns ErrLeaseHeld otherwise.
	Acquire(ctx context.Context, stack, holder string, now time.Time, ttl time.Duration) (Lease, error)
	// Renew extends a lease still held; ErrLeaseLost when it is not.
	Renew(ctx context.Context, l Lease, now time.Time, ttl time.Duration) (Lease, error)
	// Release frees a lease still held; releasing a lost lease is not an error.
	Release(ctx context.Context, l Lease) error
	// Record writes or rewrites run r (by r.ID) when the writer's lease l is
	// still the stack's current one; ErrLeaseLost otherwise (fencing).
	Record(ctx context.Context, l Lease, r Run) error
	// Runs lists the ledger oldest first: one stack's, or every stack's when
	// stack is empty; the last limit runs when limit > 0.
	Runs(ctx context.Context, stack string, limit int) ([]Run, error)
	// Close releases the store's resources.
	Close() error
}

// Creator is a Store whose place (a table) can be created ahead of the first
// run; store-init uses it. A Store without it creates its place on open.
type Creator interface {
	Create(ctx context.Context) error
}

// Stats counts a store's calls, for measuring and for the log.
type Stats struct {
	Reads, Writes, Errors atomic.Int64
}

// Counted is a Store that counts its calls.
type Counted interface {
	Stats() *Stats
}

// NewRunID names a run by its start and holder: unique, and sorting as the
// runs started.
func NewRunID(started time.Time, holder string) string {
	return started.UTC().Format("20060102T150405.000000000Z") + "-" + holder
}

// Grant decides a lease request against the current lease (zero if none):
// the one decision every Store makes the same way. A free or expired lease
// goes to holder with the next token; holder keeps its own lease (and
// token) with a new expiry; anyone else gets ErrLeaseHeld.
func Grant(cur Lease, stack, holder string, now time.Time, ttl time.Duration) (Lease, error) {
	free := cur.Holder == "" || !now.Before(cur.Expires)
	switch {
	case cur.Holder == holder && !free:
		return Lease{Stack: stack, Holder: holder, Token: cur.Token, Expires: now.Add(ttl)}, nil
	case free:
		return Lease{Stack: stack, Holder: holder, Token: cur.Token + 1, Expires: now.Add(ttl)}, nil
	default:
		return Lease{}, fmt.Errorf("stack %s: %w (%s, until %s)", stack, ErrLeaseHeld, cur.Holder, cur.Expires.UTC().Format(time.RFC3339))
	}
}

// Newest keeps the last limit runs of runs sorted oldest first (by start,
// then ID), or all when limit <= 0.
func Newest(runs []Run, limit int) []Run {
	sort.SliceStable(runs, func(i, j int) bool {
		if !runs[i].Started.Equal(runs[j].Started) {
			return runs[i].Started.Before(runs[j].Started)
		}
		return runs[i].ID < runs[j].ID
	})
	if limit > 0 && len(runs) > limit {
		return runs[len(runs)-limit:]
	}
	return runs
}
