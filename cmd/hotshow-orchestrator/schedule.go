package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
)

var scheduleCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.BoolVar(&c.flags.asJSON, "json", false, "print JSON instead of a table")
		fs.DurationVar(&c.flags.within, "within", 7*24*time.Hour, "how far ahead to list transitions")
		fs.StringVar(&c.flags.ics, "ics", "", "also write the transitions to this iCalendar file")
		fs.IntVar(&c.flags.width, "width", 72, "width of the chart in columns")
		fs.BoolVar(&c.flags.requests, "requests", false, "list the calendar requests each stack read, with their state, instead")
	},
	terraform: true,
	run:       schedule,
}

// schedule lists the transitions to come, then charts them per stack.
func schedule(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	now := c.clock.Now()
	states, err := o.DiscoverAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	if c.flags.requests {
		return c.requests(o.Requests(states, now))
	}
	ups := o.Upcoming(states, now, now.Add(c.flags.within))
	if c.flags.ics != "" {
		if err := writeICS(c.flags.ics, ups, now); err != nil {
			return c.fail(err)
		}
	}
	warnings, err := o.Warnings(ctx, states, now)
	if err != nil {
		return c.fail(err)
	}
	if c.flags.asJSON {
		printWarnings(c.stderr, warnings) // stdout stays one JSON document
		return c.printJSON(ups)
	}
	w := c.table()
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tIN\tSHOW\tPHASE\tCAPACITY")
	for _, u := range ups {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Stack, u.At.UTC().Format(time.RFC3339), u.At.Sub(now).Round(time.Second), u.Show, u.Phase, render.FormatCapacity(u.Capacity))
	}
	if code := c.flush(w); code != ExitOK {
		return code
	}
	// The chart spans now to a little after the last transition listed.
	end := now.Add(time.Minute)
	if len(ups) > 0 {
		last := ups[len(ups)-1].At
		end = last.Add(max(last.Sub(now)/10, time.Minute))
	}
	var stacks []render.Stack
	for i, s := range c.cfg.Stacks {
		stacks = append(stacks, orchestrator.StackChart(s.Name, states[i], now, now, end))
	}
	fmt.Fprintln(c.stdout)
	if err := render.WriteTimeline(c.stdout, stacks, now, end, c.flags.width, time.UTC); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout)
	for i, s := range c.cfg.Stacks {
		fmt.Fprintf(c.stdout, "stack %s: %d show(s), read %s from state serial %d\n", s.Name, len(states[i].Shows), now.UTC().Format(time.RFC3339), states[i].Serial)
	}
	printWarnings(c.stdout, warnings)
	return ExitOK
}

// requests prints the calendar requests of every stack with a
// hotshow_calendar, with their state.
func (c *cli) requests(rs []orchestrator.CalendarRequest) int {
	if c.flags.asJSON {
		return c.printJSON(rs)
	}
	w := c.table()
	fmt.Fprintln(w, "STACK\tTICKET\tSTATE\tON SALE (UTC)\tSHOW\tREASON")
	for _, r := range rs {
		onSale := "-"
		if !r.OnSale.IsZero() {
			onSale = r.OnSale.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Stack, r.Ticket, r.State, onSale, r.Name, r.Reason)
	}
	return c.flush(w)
}

// printWarnings writes one "warning:" line a warning.
func printWarnings(w io.Writer, warnings []orchestrator.Warning) {
	for _, x := range warnings {
		fmt.Fprintf(w, "warning: %s\n", x)
	}
}

func writeICS(path string, ups []orchestrator.Upcoming, now time.Time) error {
	evs := make([]render.CalendarEvent, len(ups))
	for i, u := range ups {
		evs[i] = render.CalendarEvent{Stack: u.Stack, Mark: render.Mark{At: u.At, Show: u.Show, Phase: u.Phase, Capacity: u.Capacity}}
	}
	var b strings.Builder
	if err := render.WriteICS(&b, evs, now); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing the calendar: %w", err)
	}
	return nil
}
