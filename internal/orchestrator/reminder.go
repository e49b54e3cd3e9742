package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// ReminderLeads are how long before a show's first transition reminders
// are sent.
var ReminderLeads = []time.Duration{24 * time.Hour, time.Hour}

// reminder is a notice due before a show's first transition.
type reminder struct {
	key    string // unique per show, first transition and lead
	show   string
	first  time.Time
	before time.Duration
	at     time.Time // first - before
	until  time.Time // the next reminder's at, or first: later it is not worth sending
}

// reminders lists the reminders of every approved show, or none when no
// destination wants them.
func (o *Orchestrator) reminders(shows []timeline.Schedule) []reminder {
	if !o.notifier.wants(EventReminder) {
		return nil
	}
	var out []reminder
	for _, s := range shows {
		if !s.Approved || len(s.Steps) == 0 {
			continue
		}
		first := s.Steps[0].At
		for i, lead := range ReminderLeads {
			r := reminder{show: s.Name, first: first, before: lead, at: first.Add(-lead), until: first}
			if i+1 < len(ReminderLeads) {
				r.until = first.Add(-ReminderLeads[i+1])
			}
			r.key = fmt.Sprintf("%s/%d/%s", s.Name, first.Unix(), lead)
			out = append(out, r)
		}
	}
	return out
}

// dueReminder returns a reminder to send now, if any.
func (s *stackState) dueReminder(now time.Time) (reminder, bool) {
	if s.running || !s.discovered {
		return reminder{}, false
	}
	for _, r := range s.reminders {
		if !r.at.After(now) && now.Before(r.until) && !s.reminded[r.key] {
			return r, true
		}
	}
	return reminder{}, false
}

// nextReminder is the instant of the first reminder still to come.
func (s *stackState) nextReminder(now time.Time) (time.Time, bool) {
	var next time.Time
	for _, r := range s.reminders {
		if r.at.After(now) && !s.reminded[r.key] && (next.IsZero() || r.at.Before(next)) {
			next = r.at
		}
	}
	return next, !next.IsZero()
}

// reminderJob sends one reminder with the preview of the show's first
// transition. A marker lease in the store makes it once-only across
// replicas: a replica that cannot take the marker leaves the reminder to
// the one that did.
func (o *Orchestrator) reminderJob(ctx context.Context, s StackConfig, r reminder, events chan<- event) {
	defer func() { events <- event{stack: s.Name, reminded: r.key, at: o.clock.Now()} }()
	now := o.clock.Now()
	_, err := o.store.Acquire(ctx, "reminder/"+s.Name+"/"+r.key, o.cfg.Holder, now, r.first.Add(time.Hour).Sub(now))
	switch {
	case errors.Is(err, ErrLeaseHeld):
		return
	case err != nil:
		o.log.Error(err, "marking a reminder as sent; sending it anyway", "stack", s.Name, "show", r.show)
	}
	p, err := o.previewStack(ctx, s, r.first)
	o.notifier.send(reminderAlert(s.Name, r.show, r.first, r.before, &p, err))
	o.log.Info("reminder sent", "stack", s.Name, "show", r.show, "first_transition", r.first.UTC().Format(time.RFC3339), "before", r.before)
}
