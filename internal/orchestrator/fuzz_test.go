package orchestrator

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseConfig: any configuration source is either refused with an
// error or yields a configuration that has what the orchestrator needs.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		`stack "s" { dir = "." }`,
		"terraform {\n  binary = \"tofu\"\n  version = \">= 1.6\"\n}\nstack \"s\" { dir = \".\" }",
		`store "dynamodb" { table = "t" region = "r" }`,
		"orchestrator { parallelism = 2 }\nstack \"a\" { dir = \".\" }\nstack \"a\" { dir = \".\" }",
		`policy { mode = "any" allow { resource_type = "x" attributes = ["y"] } }`,
		"stack \"s\" {",
		"\x00",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "hotshow.hcl")
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := ParseConfig(src, path)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if len(c.Stacks) == 0 || c.Parallelism < 1 || c.Binary == "" || c.Store.Kind == "" || c.Version == nil {
			t.Fatalf("accepted an unusable configuration: %+v", c)
		}
		for _, s := range c.Stacks {
			if fi, err := os.Stat(s.Dir); err != nil || !fi.IsDir() {
				t.Fatalf("accepted stack %q with dir %q", s.Name, s.Dir)
			}
		}
	})
}

// FuzzParseState: a state document (input too: anyone with write access to
// the backend writes it) is either refused or read into valid schedules.
func FuzzParseState(f *testing.F) {
	f.Add([]byte(`{"version":4,"serial":3,"resources":[]}`))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"hotshow_show","name":"x","instances":[{"attributes":{"schedule":{"name":"n","on_sale_at":"2027-01-01T00:00:00Z","approved":true,"baseline":{"web":1},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p","capacity":{"web":2}}]}}}]}]}`))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"hotshow_show","name":"x","instances":[{"attributes":{}}]}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		st, err := ParseState(doc)
		if err != nil {
			return
		}
		for _, s := range st.Shows {
			for i := 1; i < len(s.Steps); i++ {
				if !s.Steps[i].At.After(s.Steps[i-1].At) {
					t.Fatalf("accepted steps out of order in show %q", s.Name)
				}
			}
		}
		ts := Transitions(st.Shows)
		for i := 1; i < len(ts); i++ {
			if !ts[i].After(ts[i-1]) {
				t.Fatal("transitions not strictly increasing")
			}
		}
	})
}
