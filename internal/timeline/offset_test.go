package timeline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormatOffset(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		-24 * time.Hour: "-24h", -15 * time.Minute: "-15m", -90 * time.Second: "-1m30s", 0: "0s",
		90 * time.Minute: "+1h30m", -time.Hour - 5*time.Second: "-1h0m5s", 20 * time.Second: "+20s",
	} {
		assert.Equal(t, want, FormatOffset(d))
		back, err := ParseOffset(want)
		require.NoError(t, err)
		assert.Equal(t, d, back, want)
	}
}
