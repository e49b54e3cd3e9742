package config

import (
	"fmt"
	"net"
	"os"
	"slices"
	"time"
)

// Defaults of the calendar and intake blocks.
const (
	// DefaultCalendarPoll is how often the daemon reads the calendar for
	// rows written by anything but its intake (which tells the daemon at
	// once). A scan of a calendar of a few hundred requests costs about one
	// read unit per 4 KB: a minute between scans is about 45,000 small reads
	// a month, cents on DynamoDB's on-demand price, and a show written by
	// hand is planned within a minute.
	DefaultCalendarPoll = time.Minute
	// DefaultIntakeHorizon is how far ahead an on-sale may be requested.
	DefaultIntakeHorizon = 366 * 24 * time.Hour
)

// Calendar is where the business's show requests are kept: the table (or
// file) the intake writes and the calendar stack's hotshow_calendar reads.
type Calendar struct {
	Kind         string   // "dynamodb" or "file"
	Path         string   // the file's, absolute
	Dynamo       DynamoDB // the table's
	Stack        string   // the stack whose hotshow_calendar reads it
	PollInterval time.Duration
}

// Intake is the HTTP endpoint Jira Automation posts requests to.
type Intake struct {
	Listen  string        // its own address, apart from the status server
	Secret  string        // the X-Hotshow-Secret header's value (from secret_env); never logged
	Horizon time.Duration // how far ahead an on-sale may be
}

type calendarBlock struct {
	Kind         string  `hcl:"kind,label"`
	Path         *string `hcl:"path,optional"`
	Table        *string `hcl:"table,optional"`
	Region       *string `hcl:"region,optional"`
	Endpoint     *string `hcl:"endpoint,optional"`
	Profile      *string `hcl:"profile,optional"`
	Stack        string  `hcl:"stack"`
	PollInterval *string `hcl:"poll_interval,optional"`
}

type intakeBlock struct {
	Listen    string  `hcl:"listen"`
	SecretEnv string  `hcl:"secret_env"`
	Horizon   *string `hcl:"horizon,optional"`
}

// calendar checks the calendar block: its kind, the stack that reads it.
func (l *loader) calendar(c *Config, b *calendarBlock) {
	if b == nil {
		return
	}
	cal := &Calendar{Kind: b.Kind, Stack: b.Stack, PollInterval: DefaultCalendarPoll}
	switch b.Kind {
	case "file":
		if deref(b.Path) == "" {
			l.fail(l.blockRange("calendar", 0), "Missing calendar.path", `calendar "file" needs path, such as calendar "file" { path = "calendar.json" }.`)
		}
		cal.Path = l.abs(deref(b.Path))
		l.unexpectedIn("calendar", b.Kind, []named{{"table", b.Table}, {"region", b.Region}, {"endpoint", b.Endpoint}, {"profile", b.Profile}})
	case "dynamodb":
		cal.Dynamo = DynamoDB{Table: deref(b.Table), Region: deref(b.Region), Endpoint: deref(b.Endpoint), Profile: deref(b.Profile)}
		l.unexpectedIn("calendar", b.Kind, []named{{"path", b.Path}})
		for _, a := range []named{{"table", b.Table}, {"region", b.Region}} {
			if deref(a.value) == "" {
				l.fail(l.blockRange("calendar", 0), "Missing calendar."+a.name, fmt.Sprintf(`calendar "dynamodb" needs %s, such as calendar "dynamodb" { table = "hotshow-calendar", region = "ap-southeast-2", stack = "calendar" }.`, a.name))
			}
		}
	default:
		l.fail(l.blockRange("calendar", 0), "Unsupported calendar", fmt.Sprintf(`calendar %q is not supported: use calendar "dynamodb" { table = "hotshow-calendar", region = "ap-southeast-2", stack = "calendar" } or calendar "file" { path = "calendar.json", stack = "calendar" }.`, b.Kind))
	}
	if b.PollInterval != nil {
		d, err := time.ParseDuration(*b.PollInterval)
		if err != nil || d <= 0 {
			l.fail(l.attrRange("calendar", 0, "poll_interval"), "Invalid calendar.poll_interval", fmt.Sprintf("%q is not a positive duration such as \"1m\" (how often the calendar is read for rows the intake did not write).", *b.PollInterval))
		}
		cal.PollInterval = d
	}
	c.Calendar = cal
}

// calendarStack checks, once the stacks are read, that the calendar names
// one of them.
func (l *loader) calendarStack(c *Config) {
	if c.Calendar == nil {
		return
	}
	if !slices.ContainsFunc(c.Stacks, func(s Stack) bool { return s.Name == c.Calendar.Stack }) {
		var names []string
		for _, s := range c.Stacks {
			names = append(names, s.Name)
		}
		l.fail(l.attrRange("calendar", 0, "stack"), "Unknown calendar.stack",
			fmt.Sprintf("stack %q is not a stack of this file: name the one whose hotshow_calendar reads the calendar (one of %v).", c.Calendar.Stack, names))
	}
}

// intake checks the intake block: it needs a calendar to write to, an
// address of its own and a secret.
func (l *loader) intake(c *Config, b *intakeBlock) {
	if b == nil {
		return
	}
	in := &Intake{Listen: b.Listen, Horizon: DefaultIntakeHorizon}
	if c.Calendar == nil {
		l.fail(l.blockRange("intake", 0), "Intake without a calendar", `the intake writes requests to the calendar: add a calendar block, such as calendar "dynamodb" { table = "hotshow-calendar", region = "ap-southeast-2", stack = "calendar" }.`)
	}
	if _, port, err := net.SplitHostPort(b.Listen); err != nil {
		l.fail(l.attrRange("intake", 0, "listen"), "Invalid intake.listen", fmt.Sprintf("%q is not a host:port such as \"0.0.0.0:9798\": %s.", b.Listen, err))
	} else if b.Listen == c.Listen && port != "0" {
		l.fail(l.attrRange("intake", 0, "listen"), "Invalid intake.listen", fmt.Sprintf("%q is the status server's address (orchestrator.listen): the intake needs its own.", b.Listen))
	}
	if in.Secret = os.Getenv(b.SecretEnv); in.Secret == "" {
		l.fail(l.attrRange("intake", 0, "secret_env"), "Empty intake.secret_env",
			fmt.Sprintf("the environment variable %s named by secret_env is not set or empty: the intake refuses requests without its shared secret.", b.SecretEnv))
	}
	if b.Horizon != nil {
		d, err := time.ParseDuration(*b.Horizon)
		if err != nil || d <= 0 {
			l.fail(l.attrRange("intake", 0, "horizon"), "Invalid intake.horizon", fmt.Sprintf("%q is not a positive duration such as \"8760h\" (how far ahead an on-sale may be requested).", *b.Horizon))
		}
		in.Horizon = d
	}
	c.Intake = in
}

// unexpectedIn refuses the attributes of the other kind of a block (a
// store or a calendar: "file" or "dynamodb").
func (l *loader) unexpectedIn(block, kind string, attrs []named) {
	for _, a := range attrs {
		if a.value != nil {
			l.fail(l.attrRange(block, 0, a.name), "Unexpected "+block+"."+a.name, fmt.Sprintf(`%s %q takes no %s.`, block, kind, a.name))
		}
	}
}
