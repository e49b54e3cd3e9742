package cloudlimits

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDynamoDBTables_ticketingExample(t *testing.T) {
	t.Parallel()
	tables, err := DynamoDBTables("../../../examples/stacks/ticketing")
	require.NoError(t, err)
	assert.Equal(t, []Table{{Address: "aws_dynamodb_table.orders", Dims: []string{"ddb_read", "ddb_write"}}}, tables)
}

func TestDynamoDBTables_onlyLiteralKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`
resource "aws_dynamodb_table" "fixed" {
  read_capacity  = 5
  write_capacity = 5
}
resource "aws_dynamodb_table" "fed" {
  read_capacity  = data.hotshow_capacity.p.capacity["reads"]
  write_capacity = var.dim == "" ? 1 : local.capacity[var.dim]
  global_secondary_index {
    name           = "by_show"
    read_capacity  = local.capacity["index_reads"]
    write_capacity = 10
  }
  global_secondary_index {
    name           = "fixed"
    read_capacity  = 10
  }
}
resource "aws_instance" "x" {
  count = local.capacity["web"]
}
`), 0o644))
	tables, err := DynamoDBTables(dir)
	require.NoError(t, err)
	assert.Equal(t, []Table{{Address: "aws_dynamodb_table.fed", Dims: []string{"reads"}},
		{Address: `aws_dynamodb_table.fed index "by_show"`, Dims: []string{"index_reads"}}}, tables, "an index counts its decreases apart")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.tf"), []byte(`resource "aws_dynamodb_table" {`), 0o644))
	_, err = DynamoDBTables(dir)
	assert.ErrorContains(t, err, "bad.tf")
}

func TestDecreases(t *testing.T) {
	t.Parallel()
	table := Table{Address: "aws_dynamodb_table.orders", Dims: []string{"r", "w"}}
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return day.Add(time.Duration(m) * time.Minute) }
	capOf := func(r, w int64) map[string]int64 { return map[string]int64{"r": r, "w": w} }
	before := capOf(100, 100)

	// Six lowerings in 50 minutes: the 5th and 6th are refused. A rise, and
	// a step that lowers read and write at once (one decrease), in between.
	steps := []Point{
		{at(0), capOf(90, 100)}, {at(10), capOf(80, 80)}, {at(15), capOf(500, 500)}, {at(20), capOf(70, 500)},
		{at(30), capOf(60, 500)}, {at(40), capOf(50, 500)}, {at(50), capOf(40, 500)},
		// An hour after the last accepted decrease (00:30): accepted.
		{at(90), capOf(30, 500)},
		// 30 minutes later: refused.
		{at(120), capOf(20, 500)},
		// The next UTC day starts afresh.
		{day.Add(24 * time.Hour), capOf(10, 500)},
	}
	got := Decreases(table, before, steps)
	assert.Equal(t, []Refusal{
		{Table: table.Address, At: at(40), Nth: 5},
		{Table: table.Address, At: at(50), Nth: 5},
		{Table: table.Address, At: at(120), Nth: 6},
	}, got)
	assert.Equal(t, "aws_dynamodb_table.orders: the decrease at 2026-12-01T00:40:00Z would be the 5th of 2026-12-01 (UTC) and DynamoDB would refuse it: after 4 decreases within the day's first hour of decreases, a table may be lowered once an hour, and only after an hour without one", got[0].String())

	// The day's budget: 4 in the first hour, then one at each half past,
	// with a try at each quarter to that is refused — 27 accepted.
	var day2 []Point
	v := int64(100000)
	next := func(at time.Time) { v--; day2 = append(day2, Point{at, capOf(v, 500)}) }
	for m := range 4 {
		next(at(m * 10))
	}
	for h := 1; h < 24; h++ {
		next(day.Add(time.Duration(h)*time.Hour + 30*time.Minute))
		next(day.Add(time.Duration(h)*time.Hour + 45*time.Minute))
	}
	refused := Decreases(table, capOf(v+1000, 500), day2)
	assert.Equal(t, 27, len(day2)-len(refused), "27 decreases a day at most")
	for _, r := range refused {
		assert.Equal(t, 45, r.At.Minute(), "only the quarters to are refused")
	}
}
