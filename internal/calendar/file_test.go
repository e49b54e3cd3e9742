package calendar

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tickets(rs []Request) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Ticket)
	}
	return out
}

func TestFile_roundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "calendar.json")
	src := OpenFile(path)
	assert.Equal(t, "file "+path, src.Describe())

	// A missing file is an empty calendar.
	rs, err := src.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, rs)
	_, ok, err := src.Get(ctx, "TIX-1")
	require.NoError(t, err)
	assert.False(t, ok)

	b := valid()
	b.Ticket, b.Requester, b.Updated, b.Name = "TIX-2", "ana@example.com", "2026-03-01T00:00:00Z", "Eras & Friends <live>"
	a := valid()
	a.Ticket, a.Approved = "TIX-1", false
	require.NoError(t, src.Put(ctx, b))
	require.NoError(t, src.Put(ctx, a))
	rs, err = src.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Request{a, b}, rs, "sorted by ticket, every field kept")

	// Replacing by ticket.
	a.Cancelled = true
	require.NoError(t, src.Put(ctx, a))
	got, ok, err := src.Get(ctx, "TIX-1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, a, got)
	rs, err = src.List(ctx)
	require.NoError(t, err)
	assert.Len(t, rs, 2)

	// The file is for people too: one field a line, no escaped "&".
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "[\n  {\n    \"ticket\": \"TIX-1\",\n")
	assert.Contains(t, string(data), `"name": "Eras & Friends <live>"`)
	assert.NotContains(t, string(data), "Invalid")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
}

// TestFile_atomicWrite: Put renames a complete file over the calendar, so a
// reader holding the old one reads it whole, no temporary file is left, and
// the file keeps its permissions.
func TestFile_atomicWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "calendar.json")
	before := `[{"ticket": "TIX-1", "name": "Old"}]`
	require.NoError(t, os.WriteFile(path, []byte(before), 0o600))
	old, err := os.Open(path)
	require.NoError(t, err)
	defer old.Close()

	r := valid()
	r.Ticket = "TIX-2"
	require.NoError(t, OpenFile(path).Put(ctx, r))

	held := make([]byte, 100)
	n, _ := old.Read(held)
	assert.Equal(t, before, string(held[:n]), "the old file is untouched: the new one was renamed over it")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "permissions kept")
	rs, err := OpenFile(path).List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"TIX-1", "TIX-2"}, tickets(rs))

	// A failed write leaves the calendar as it was.
	require.NoError(t, os.WriteFile(path, []byte("[{"), 0o600))
	err = OpenFile(path).Put(ctx, r)
	require.Error(t, err)
	assert.Equal(t, "file "+path+": cannot write TIX-2 into it: invalid JSON: it ends early, at line 1 (cut short?): fix the file first", err.Error())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "[{", string(data))

	err = OpenFile(filepath.Join(dir, "missing", "calendar.json")).Put(ctx, r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "file "+filepath.Join(dir, "missing", "calendar.json")+": writing: ")
}

// TestFile_concurrentPuts: Puts through one source do not lose each other's rows.
func TestFile_concurrentPuts(t *testing.T) {
	src := OpenFile(filepath.Join(t.TempDir(), "calendar.json"))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := valid()
			r.Ticket = fmt.Sprintf("TIX-%02d", i)
			assert.NoError(t, src.Put(context.Background(), r))
		}()
	}
	wg.Wait()
	rs, err := src.List(context.Background())
	require.NoError(t, err)
	assert.Len(t, rs, 20)
}

// TestFile_rowsByHand: rows written by hand with wrong types come back with
// Invalid naming the field; the rest of the calendar is read; Put keeps them.
func TestFile_rowsByHand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "calendar.json")
	require.NoError(t, os.WriteFile(path, []byte(`[
  {"ticket": "TIX-5", "name": "Fine", "on_sale": "2026-12-01T09:00", "time_zone": "UTC", "profile": "arena", "expected_demand": 10, "approved": true, "extra": "ignored"},
  {"ticket": "TIX-4", "name": "Lots", "expected_demand": "lots"},
  {"ticket": "TIX-3", "name": "Yes", "expected_demand": 5, "approved": "yes"},
  {"ticket": "TIX-2", "name": 42},
  {"ticket": "TIX-6", "expected_demand": 1.5},
  {"ticket": "TIX-7", "name": "A"},
  {"ticket": "TIX-7", "name": "B"},
  {"ticket": 8, "name": "number ticket"},
  "TIX-1",
  null
]`), 0o644))
	src := OpenFile(path)
	rs, err := src.List(ctx)
	require.NoError(t, err)
	invalid := map[string][]string{}
	for _, r := range rs {
		invalid[r.Ticket] = append(invalid[r.Ticket], r.Invalid)
	}
	assert.Equal(t, map[string][]string{
		"": {
			"ticket: 8 is not a string",
			`row 9: a string, not a request: each row is an object such as {"ticket": "TIX-123", ...}`,
			"", // null: an empty request, which Check refuses for its ticket
		},
		"TIX-2": {"name: 42 is not a string"},
		"TIX-3": {`approved: "yes" is not true or false`},
		"TIX-4": {`expected_demand: "lots" is not a whole number`},
		"TIX-5": {""},
		"TIX-6": {"expected_demand: 1.5 is not a whole number"},
		"TIX-7": {`ticket: "TIX-7" appears 2 times in the calendar: keep one request per ticket`, `ticket: "TIX-7" appears 2 times in the calendar: keep one request per ticket`},
	}, invalid)
	got, ok, err := src.Get(ctx, "TIX-4")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "Lots", got.Name, "the fields before the bad one are read")

	// Put replaces both rows of a duplicated ticket and keeps the rows it
	// cannot read, for their author to fix.
	r := valid()
	r.Ticket = "TIX-7"
	require.NoError(t, src.Put(ctx, r))
	rs, err = src.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"", "", "", "TIX-2", "TIX-3", "TIX-4", "TIX-5", "TIX-6", "TIX-7"}, tickets(rs))
	got, _, err = src.Get(ctx, "TIX-7")
	require.NoError(t, err)
	assert.Equal(t, r, got)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"expected_demand": "lots"`)
	assert.Contains(t, string(data), `"extra": "ignored"`)
}

func TestFile_unreadable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cases := []struct{ content, want string }{
		{"[\n  {\"ticket\": \"TIX-1\",}\n]", "invalid JSON at line 2, column 22: invalid character '}' looking for beginning of object key string"},
		{`{"ticket": "TIX-1"}`, `not a JSON array of requests (it is an object): write [ {"ticket": "TIX-123", ...}, ... ], or [] for none`},
		{`null`, `not a JSON array of requests (it is null): write [ {"ticket": "TIX-123", ...}, ... ], or [] for none`},
		{`[{"ticket": "TIX-1"}`, "invalid JSON: it ends early, at line 1 (cut short?)"},
		{"calendar", "invalid JSON at line 1, column 1: invalid character 'c' looking for beginning of value"},
	}
	for i, tc := range cases {
		path := filepath.Join(dir, fmt.Sprintf("c%d.json", i))
		require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o644))
		_, err := OpenFile(path).List(ctx)
		require.Error(t, err, tc.content)
		assert.Equal(t, "file "+path+": "+tc.want, err.Error())
		_, _, err = OpenFile(path).Get(ctx, "TIX-1")
		assert.Error(t, err, "Get reads the calendar as List does")
	}

	// An empty file, as touch leaves it, is an empty calendar.
	empty := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	rs, err := OpenFile(empty).List(ctx)
	require.NoError(t, err)
	assert.Empty(t, rs)

	_, err = OpenFile(dir).List(ctx)
	require.Error(t, err)
	assert.Equal(t, "file "+dir+": reading: is a directory", err.Error())

	err = OpenFile(empty).Put(ctx, Request{Ticket: "TIX 1"})
	require.Error(t, err)
	assert.Equal(t, "file "+empty+`: cannot write the request: ticket: "TIX 1" has " " in it: use only A-Z, a-z, 0-9, "_", "." and "-", such as "TIX-123"`, err.Error())
}
