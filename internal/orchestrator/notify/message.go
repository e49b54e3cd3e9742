package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
)

// Alert is one message for people, built only from what is safe to show:
// names, instants, outcomes, and plan diffs whose sensitive values are
// already masked. Never the plan itself, variables or the environment.
type Alert struct {
	Event string
	Stack string
	Text  string // Slack mrkdwn, user strings escaped
}

// slackMessage is the body Slack's incoming webhooks (and the chat services
// compatible with them) take.
func slackMessage(a Alert) map[string]any {
	return map[string]any{
		"text": a.Text,
		"blocks": []any{
			map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": a.Text}},
		},
	}
}

// mrkdwn escapes a user string for Slack's mrkdwn.
func mrkdwn(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// RunAlert turns a recorded run into an alert, or false when the run is not
// one people are told of: a failure is told on its first attempt only (the
// retries go on quietly; the applied alert that ends them says how many
// there were).
// phases names the show phases that begin at the run's instant.
func RunAlert(run store.Run, phases []string) (Alert, bool) {
	if run.ID == "" {
		return Alert{}, false
	}
	head := fmt.Sprintf("*%s* transition %s", mrkdwn(run.Stack), run.Instant.UTC().Format(time.RFC3339))
	if run.Kind == store.KindCalendar {
		head = fmt.Sprintf("*%s* calendar run %s", mrkdwn(run.Stack), run.Instant.UTC().Format(time.RFC3339))
		if len(run.Tickets) > 0 {
			head += " (tickets " + mrkdwn(strings.Join(run.Tickets, ", ")) + ")"
		}
	}
	if len(phases) > 0 {
		head += " (" + mrkdwn(strings.Join(phases, ", ")) + ")"
	}
	var b strings.Builder
	var event string
	switch run.Outcome {
	case store.OutcomeApplied:
		event = EventApplied
		fmt.Fprintf(&b, ":white_check_mark: %s applied, %s, took %s", head, lateness(run.Lag), run.Finished.Sub(run.Started).Round(time.Millisecond))
		if run.Attempt > 1 {
			fmt.Fprintf(&b, " after %d attempts", run.Attempt)
		}
		if run.LockWait >= time.Second {
			fmt.Fprintf(&b, ", after waiting %s for the state lock", run.LockWait.Round(time.Second))
		}
		for _, d := range run.Diff {
			b.WriteString("\n• " + mrkdwn(d))
		}
	case store.OutcomePartial:
		event = EventRefused
		fmt.Fprintf(&b, ":warning: %s *partly refused*: the allowed resources were applied, %s, took %s; %s", head,
			lateness(run.Lag), run.Finished.Sub(run.Started).Round(time.Millisecond), mrkdwn(render.Squeeze(run.Error, 800)))
		for _, d := range run.Diff {
			b.WriteString("\n• applied " + mrkdwn(d))
		}
	case store.OutcomeRefused:
		event = EventRefused
		fmt.Fprintf(&b, ":no_entry: %s *refused*, nothing applied: %s", head, mrkdwn(render.Squeeze(run.Error, 800)))
	case store.OutcomeFailed:
		if run.Attempt > 1 {
			return Alert{}, false
		}
		event = EventFailed
		fmt.Fprintf(&b, ":x: %s *failed*; retrying: %s", head, mrkdwn(render.Squeeze(run.Error, 800)))
	default:
		return Alert{}, false
	}
	return Alert{Event: event, Stack: run.Stack, Text: b.String()}, true
}

// lateness says how long after its instant a run started: "lag 12ms", or,
// from a second on (a previous apply still running, a state lock, a
// restart), "*4m10s late*".
func lateness(lag time.Duration) string {
	if lag >= time.Second {
		return "*" + lag.Round(time.Second).String() + " late*"
	}
	return "lag " + lag.Round(time.Millisecond).String()
}

// ReminderAlert tells of a show's first transition ahead of time, with what
// its plan would change (or why that could not be planned).
func ReminderAlert(stack, show string, first time.Time, before time.Duration, changes []policy.Change, err error) Alert {
	var b strings.Builder
	fmt.Fprintf(&b, ":alarm_clock: *%s* starts in %s on stack *%s*: first transition %s", mrkdwn(show), fmtBefore(before), mrkdwn(stack), first.UTC().Format(time.RFC3339))
	switch {
	case err != nil:
		fmt.Fprintf(&b, "\npreview failed: %s", mrkdwn(render.OneLine(err.Error())))
	case len(changes) == 0:
		b.WriteString("\nthe plan for that instant changes nothing")
	default:
		for _, c := range changes {
			verdict := "allowed"
			if c.Refused != "" {
				verdict = "WOULD BE REFUSED: " + c.Refused
			}
			fmt.Fprintf(&b, "\n• %s (%s) %s", mrkdwn(c.Address), strings.Join(c.Actions, ", "), mrkdwn(verdict))
			for _, a := range c.Attributes {
				fmt.Fprintf(&b, "\n    %s: %s → %s", mrkdwn(a.Path), mrkdwn(a.Before), mrkdwn(a.After))
			}
		}
	}
	return Alert{Event: EventReminder, Stack: stack, Text: b.String()}
}

func fmtBefore(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

// ChecksAlert tells that a readiness evaluation for shows (going on sale at
// onSale) found checks not passing, with each check's own error message, or
// that it could not be made.
func ChecksAlert(run store.Run, shows []string, onSale time.Time) Alert {
	var b strings.Builder
	names := make([]string, 0, len(shows))
	for _, s := range shows {
		names = append(names, "*"+mrkdwn(s)+"*")
	}
	fmt.Fprintf(&b, ":rotating_light: stack *%s* is NOT READY for %s (on sale %s), checked at %s",
		mrkdwn(run.Stack), strings.Join(names, ", "), onSale.UTC().Format(time.RFC3339), mrkdwn(run.Checkpoint))
	if run.Outcome == store.OutcomeFailed {
		fmt.Fprintf(&b, "\nthe checks could not be evaluated: %s", mrkdwn(render.OneLine(run.Error)))
	}
	for _, c := range run.Checks {
		if c.Status == store.CheckPass {
			continue
		}
		fmt.Fprintf(&b, "\n• %s %s", mrkdwn(c.Address), strings.ToUpper(c.Status))
		for _, m := range c.Messages {
			fmt.Fprintf(&b, ": %s", mrkdwn(render.OneLine(m)))
		}
		if c.Status == store.CheckUnknown && len(c.Messages) == 0 {
			b.WriteString(": its result depends on values not known until an apply")
		}
	}
	return Alert{Event: EventChecks, Stack: run.Stack, Text: b.String()}
}
