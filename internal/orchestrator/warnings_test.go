package orchestrator

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// A show that raises and lowers a DynamoDB table every 10 minutes for an
// hour asks DynamoDB for six decreases in its first hour: the 5th and 6th
// are refused, and warned of before the night.
func TestWarnings_dynamoDBDecreases(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`
resource "aws_dynamodb_table" "orders" {
  read_capacity  = local.capacity["ddb_read"]
  write_capacity = 5
}
`), 0o644))
	onSale := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := timeline.Show{Name: "flash sales", OnSale: onSale, Approved: true, Baseline: timeline.Capacity{"ddb_read": 100}, End: 65 * time.Minute}
	for i := range 12 {
		c := int64(1000)
		if i%2 == 1 {
			c = 500
		}
		s.Phases = append(s.Phases, timeline.Phase{Name: "p" + string(rune('a'+i)), Start: time.Duration(i*5) * time.Minute, Capacity: timeline.Capacity{"ddb_read": c}})
	}
	require.Empty(t, s.Validate())
	st := showstate.State{Shows: []timeline.Schedule{s.Schedule()}}

	got := dynamoDBDecreases("s", dir, st, onSale.Add(-time.Hour))
	require.Len(t, got, 3)
	assert.Equal(t, Warning{Stack: "s", Text: "aws_dynamodb_table.orders: the decrease at 2026-12-01T09:45:00Z would be the 5th of 2026-12-01 (UTC) and DynamoDB would refuse it: " +
		"after 4 decreases within the day's first hour of decreases, a table may be lowered once an hour, and only after an hour without one"}, got[0])
	assert.Equal(t, onSale.Add(55*time.Minute).Format(time.RFC3339), got[1].Text[len("aws_dynamodb_table.orders: the decrease at "):][:20])
	assert.Contains(t, got[2].Text, "2026-12-01T10:05:00Z", "the end of the show, back to baseline, is a decrease too")

	assert.Empty(t, dynamoDBDecreases("s", dir, st, onSale.Add(2*time.Hour)), "nothing to come")
	assert.Empty(t, dynamoDBDecreases("s", t.TempDir(), st, onSale.Add(-time.Hour)), "no table in the stack")
}
