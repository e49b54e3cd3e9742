package orchestrator

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

// Calendar sync: the calendar stack is planned and applied (a calendar run,
// which may create, update and destroy hotshow_show records as the policy's
// show_changes allows) when its calendar changes: at once when the intake
// wrote it, within poll_interval when anything else did (a row written by
// hand, another tool), and once at start for what changed while the daemon
// was down.

// calendarRan: a calendar run finished.
type calendarRan struct {
	result Result
	at     time.Time
}

func (o *Orchestrator) calendarJob(ctx, applyCtx context.Context, s config.Stack, events chan<- any) {
	res := o.calendarRun(ctx, applyCtx, s)
	o.finished(res)
	events <- calendarRan{result: res, at: o.clock.Now()}
}

// takeCalendar reports whether a calendar run was asked for since the last
// call.
func (o *Orchestrator) takeCalendar() bool {
	o.syncMu.Lock()
	defer o.syncMu.Unlock()
	asked := o.calendarPending
	o.calendarPending = false
	return asked
}

// pollCalendar reads the calendar every poll_interval and asks for a
// calendar run when what it holds changed since the last read, until ctx
// ends. The first read, at start, is the baseline: the calendar run made
// at start covers what it holds.
func (o *Orchestrator) pollCalendar(ctx context.Context) {
	last, _ := o.calendarDigest(ctx)
	for {
		if err := o.clock.Sleep(ctx, o.cfg.Calendar.PollInterval); err != nil {
			return
		}
		sum, err := o.calendarDigest(ctx)
		if err != nil {
			o.log.Error(err, "reading the calendar", "calendar", o.calendar.Describe())
			continue
		}
		if sum != last {
			o.log.Info("the calendar changed: planning its stack", "stack", o.cfg.Calendar.Stack)
			o.RequestCalendarRun()
		}
		last = sum
	}
}

// calendarDigest is a digest of everything the calendar holds.
func (o *Orchestrator) calendarDigest(ctx context.Context) ([32]byte, error) {
	rows, err := o.calendar.List(ctx)
	if err != nil {
		return [32]byte{}, err
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}
