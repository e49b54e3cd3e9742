package config

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
		c, err := Parse(src, path)
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
