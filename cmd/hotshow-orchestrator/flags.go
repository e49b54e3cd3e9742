package main

import (
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/report"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// flagValues holds every command's flags; each command's flag set
// registers only its own.
type flagValues struct {
	asJSON      bool
	at, stack   string
	atTime      time.Time
	within      time.Duration
	limit       int
	listen      string
	url         string
	ics         string
	from, until string
	fromT       time.Time
	untilT      time.Time
	prices      multiFlag
	priceMap    map[string]float64
	format      string
	width       int
	requests    bool
}

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// listenAddr is -listen's address; "" for "off".
func (f flagValues) listenAddr() string {
	if f.listen == "off" {
		return ""
	}
	return f.listen
}

func checkListen(f *flagValues) error {
	if f.listen == "" || f.listen == "off" {
		return nil
	}
	if _, _, err := net.SplitHostPort(f.listen); err != nil {
		return fmt.Errorf("-listen %q: not a host:port such as 127.0.0.1:9797: %w", f.listen, err)
	}
	return nil
}

func checkAt(f *flagValues) error {
	if f.at == "" {
		return fmt.Errorf("preview needs -at, an RFC 3339 instant such as 2026-12-01T08:55:00+11:00")
	}
	at, err := timeline.ParseInstant(f.at)
	if err != nil {
		return fmt.Errorf("-at: %w", err)
	}
	f.atTime = at
	return nil
}

// checkReport reads report's window, prices and format.
func checkReport(f *flagValues, now time.Time) error {
	var err error
	f.fromT = now
	if f.from != "" {
		if f.fromT, err = timeline.ParseInstant(f.from); err != nil {
			return fmt.Errorf("-from: %w", err)
		}
	}
	f.untilT = f.fromT.Add(7 * 24 * time.Hour)
	if f.until != "" {
		if f.untilT, err = timeline.ParseInstant(f.until); err != nil {
			return fmt.Errorf("-until: %w", err)
		}
	}
	if !f.untilT.After(f.fromT) {
		return fmt.Errorf("-until %s is not after -from %s", f.untilT.Format(time.RFC3339), f.fromT.Format(time.RFC3339))
	}
	if f.priceMap, err = report.ParsePrices(f.prices); err != nil {
		return fmt.Errorf("-price: %w", err)
	}
	if f.asJSON {
		f.format = "json"
	}
	switch f.format {
	case "table", "csv", "json":
		return nil
	default:
		return fmt.Errorf("-format %q: use table, csv or json", f.format)
	}
}
