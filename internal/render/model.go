package render

import (
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Stack is one stack as the status page and the terminal timeline show it.
type Stack struct {
	Name       string
	Discovered bool
	Error      string            // the last discovery error, if any
	Profile    []timeline.Result // the stack's combined capacity over the window
	Marks      []Mark            // every show transition in the window
	Next       []Mark            // the next transitions after now
	Runs       []Run             // the last runs, newest first
	LeaseHeld  bool              // this orchestrator holds the stack's lease now
	Capacity   timeline.Capacity // scheduled now
	Combine    string            // how the shows are combined
	ReadAt     time.Time         // when the shows were last read from the state; zero before
	Serial     int64             // the serial of the state they were read from
	Warnings   []string          // what the shows ask that will not happen as scheduled
	Readiness  []Readiness       // the latest readiness evaluation of each show evaluated
	Requests   []Request         // the calendar requests the stack read, by ticket
}

// Request is a calendar request and where it stands.
type Request struct {
	Ticket    string
	Name      string
	State     string // awaiting approval, pending, scheduled, live, ended, rejected, cancelled
	Reason    string // why it was rejected
	OnSale    time.Time
	Requester string
}

// Readiness is a show's latest readiness evaluation: the stack's check
// blocks, evaluated without changing anything.
type Readiness struct {
	Show       string
	Checkpoint string    // "-15m", "after peak"
	At         time.Time // when it was made
	Outcome    string    // ready, not-ready, failed
	Error      string    // why it could not be made
	Checks     []Check
}

// Check is one check block's result.
type Check struct {
	Address string
	Status  string // pass, fail, unknown, error
	Message string
}

// Mark is one show's transition.
type Mark struct {
	At       time.Time
	Show     string
	Phase    string
	Capacity timeline.Capacity
}

// Run is one ledger entry.
type Run struct {
	Instant  time.Time
	Outcome  string
	Attempt  int
	Lag      time.Duration
	Duration time.Duration
	// Requested is the instant → the end of the apply; PlanAge the plan's
	// age when its apply began (zero when nothing was applied).
	Requested time.Duration
	PlanAge   time.Duration
	Replanned string // why a plan made ahead was planned again
	// Checkpoint is set for a readiness evaluation ("-15m", "after peak").
	Checkpoint string
	Changed    []string
	Error      string
}

// Page is the whole status page.
type Page struct {
	Now     time.Time
	From    time.Time
	Until   time.Time
	Window  string // as selected, such as "24h"
	Holder  string
	Store   string
	Ready   bool
	Stacks  []Stack
	Windows []string // the windows offered
	Refresh int      // seconds between automatic reloads; 0 for none
	Zone    *time.Location
}
