package orchestrator

import (
	"context"
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/cloudlimits"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Warning is something a stack's shows ask for that will not happen as
// scheduled: capacity that arrives after its phase begins, because the
// stack's applies take longer than a show's lead, or a cloud limit the
// shows would break.
type Warning struct {
	Stack string `json:"stack"`
	Show  string `json:"show,omitempty"`
	Text  string `json:"text"`
}

func (w Warning) String() string {
	if w.Show != "" {
		return fmt.Sprintf("stack %s, show %q: %s", w.Stack, w.Show, w.Text)
	}
	return fmt.Sprintf("stack %s: %s", w.Stack, w.Text)
}

// inStack is the warning where its stack goes without saying.
func (w Warning) inStack() string {
	if w.Show != "" {
		return fmt.Sprintf("show %q: %s", w.Show, w.Text)
	}
	return w.Text
}

// slowWithoutLead is how long an apply may take before a show with no lead
// is warned about: capacity always arrives a little after its phase begins.
const slowWithoutLead = time.Minute

// Warnings checks the shows still to come of every stack (states are
// DiscoverAll's) against the stack's measured apply times and the cloud
// limits cloudlimits knows.
func (o *Orchestrator) Warnings(ctx context.Context, states []showstate.State, now time.Time) ([]Warning, error) {
	var out []Warning
	for i, s := range o.cfg.Stacks {
		runs, err := o.store.Runs(ctx, s.Name, ledgerWindow)
		if err != nil {
			return nil, &StepError{Stack: s.Name, Step: "ledger", Err: err}
		}
		out = append(out, stackWarnings(s.Name, s.Dir, states[i], runs, now)...)
	}
	return out, nil
}

// stackWarnings are one stack's warnings: its shows to come against its
// ledger's applies and its DynamoDB tables' limits.
func stackWarnings(stack, dir string, st showstate.State, runs []store.Run, now time.Time) []Warning {
	return append(slowApplies(stack, st, runs, now), dynamoDBDecreases(stack, dir, st, now)...)
}

// slowApplies warns of each show to come whose lead is shorter than the
// stack's slowest apply in the ledger.
func slowApplies(stack string, st showstate.State, runs []store.Run, now time.Time) []Warning {
	var slowest time.Duration
	n := 0
	for _, r := range runs {
		if r.Outcome == store.OutcomeApplied || r.Outcome == store.OutcomePartial {
			slowest, n = max(slowest, r.ApplyTime), n+1
		}
	}
	var out []Warning
	for _, show := range st.Shows {
		if !show.Approved || len(show.Steps) == 0 || !show.Steps[len(show.Steps)-1].At.After(now) {
			continue
		}
		lead := st.Leads[show.Name]
		if slowest <= lead || (lead == 0 && slowest < slowWithoutLead) {
			continue
		}
		out = append(out, Warning{Stack: stack, Show: show.Name, Text: fmt.Sprintf(
			"the stack's applies took up to %s (the slowest of its last %d), longer than the show's lead of %s: its capacity will arrive up to %s after each phase begins; raise lead or make the apply return sooner (an ASG's wait_for_capacity_timeout = \"0\")",
			slowest.Round(time.Second), n, lead, (slowest - lead).Round(time.Second))})
	}
	return out
}

// dynamoDBDecreases warns of the decreases of a DynamoDB table fed by the
// shows that DynamoDB would refuse, from now on.
func dynamoDBDecreases(stack, dir string, st showstate.State, now time.Time) []Warning {
	tables, err := cloudlimits.DynamoDBTables(dir)
	if err != nil {
		return []Warning{{Stack: stack, Text: "reading the stack's files for DynamoDB tables: " + err.Error()}}
	}
	if len(tables) == 0 {
		return nil
	}
	before, err := timeline.Evaluate(st.Shows, now, st.Fleet)
	if err != nil {
		return nil // discovery reports it
	}
	var points []cloudlimits.Point
	for _, t := range timeline.Transitions(st.Shows) {
		if !t.After(now) {
			continue
		}
		if r, err := timeline.Evaluate(st.Shows, t, st.Fleet); err == nil {
			points = append(points, cloudlimits.Point{At: t, Capacity: r.Capacity})
		}
	}
	var out []Warning
	for _, table := range tables {
		for _, r := range cloudlimits.Decreases(table, before.Capacity, points) {
			out = append(out, Warning{Stack: stack, Text: r.String()})
		}
	}
	return out
}
