package orchestrator

import (
	"context"
	"errors"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// reminderJob sends one reminder (schedule.go decides when) with the
// preview of the show's first transition. A marker lease in the store makes
// it once-only across replicas: a replica that cannot take the marker
// leaves the reminder to the one that did.
func (o *Orchestrator) reminderJob(ctx context.Context, s config.Stack, r reminder, events chan<- any) {
	defer func() { events <- reminded{stack: s.Name, key: r.key} }()
	now := o.clock.Now()
	_, err := o.store.Acquire(ctx, "reminder/"+s.Name+"/"+r.key, o.cfg.Holder, now, r.first.Add(time.Hour).Sub(now))
	switch {
	case errors.Is(err, store.ErrLeaseHeld):
		return
	case err != nil:
		o.log.Error(err, "marking a reminder as sent; sending it anyway", "stack", s.Name, "show", r.show)
	}
	p, err := o.previewStack(ctx, s, r.first)
	o.notifier.Send(notify.ReminderAlert(s.Name, r.show, r.first, r.before, p.Changes, err))
	o.log.Info("reminder sent", "stack", s.Name, "show", r.show, "first_transition", r.first.UTC().Format(time.RFC3339), "before", r.before)
}
