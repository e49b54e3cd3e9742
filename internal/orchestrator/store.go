package orchestrator

import (
	"context"
	"time"
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
	OutcomeFailed    Outcome = "failed"
	OutcomeAbandoned Outcome = "abandoned"
)

// Settled reports whether the outcome means the stack is at the capacity of
// the run's instant, so that instant needs no further run.
func (o Outcome) Settled() bool { return o == OutcomeApplied || o == OutcomeNoChanges }

// Run is one ledger entry: a plan (and maybe an apply) of one stack for one
// transition instant.
type Run struct {
	ID         string        `json:"id"`
	Stack      string        `json:"stack"`
	Instant    time.Time     `json:"instant"`
	Attempt    int           `json:"attempt"`
	Holder     string        `json:"holder"`
	Token      uint64        `json:"lease_token"`
	Started    time.Time     `json:"started"`
	Finished   time.Time     `json:"finished,omitzero"`
	Lag        time.Duration `json:"lag_ns"`
	PlanTime   time.Duration `json:"plan_ns"`
	ApplyTime  time.Duration `json:"apply_ns"`
	PlanSHA256 string        `json:"plan_sha256,omitempty"`
	Changed    []string      `json:"changed,omitempty"`
	Diff       []string      `json:"diff,omitempty"`         // "address.attribute: before -> after", sensitive values masked
	Serial     int64         `json:"state_serial,omitempty"` // the state's serial after an apply
	Outcome    Outcome       `json:"outcome"`
	Error      string        `json:"error,omitempty"`
}

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
