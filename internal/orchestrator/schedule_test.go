package orchestrator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	var got []time.Duration
	for attempt := 1; attempt <= 6; attempt++ {
		got = append(got, backoff(attempt, 10*time.Second, time.Minute))
	}
	assert.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute, time.Minute, time.Minute}, got)
}
