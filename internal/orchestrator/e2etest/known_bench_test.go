package e2etest

import (
	"context"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/mototest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

// BenchmarkScheduleKnown: from the end of CI's apply of a moved show to the
// daemon knowing the show's new first transition (its
// hotshow_next_transition_timestamp_seconds). Baseline: the resync alone,
// at a 10 s interval (the default is 5 minutes); then a local backend's
// watched state file, and an S3 backend told by CI (POST /sync/{stack}).
func BenchmarkScheduleKnown(b *testing.B) {
	b.Run("resync-10s-baseline", func(b *testing.B) {
		s := newStack(b, showTF(time.Now().UTC().Add(time.Hour).Truncate(time.Second), "", ""), "")
		s.ciApply()
		scheduleKnown(b, s, `resync_interval = "10s"`, `watch_interval = "1h"`, showTF, false)
	})
	b.Run("local-watch", func(b *testing.B) {
		s := newStack(b, showTF(time.Now().UTC().Add(time.Hour).Truncate(time.Second), "", ""), "")
		s.ciApply()
		scheduleKnown(b, s, `resync_interval = "1h"`, `watch_interval = "1s"`, showTF, false)
	})
	b.Run("s3-push", func(b *testing.B) {
		m := startMoto(b)
		setMotoCredentials(b)
		backend := s3Backend(b, m, false)
		s := newStackEnv(b, showTF(time.Now().UTC().Add(time.Hour).Truncate(time.Second), "", backend), "", mototest.Credentials)
		s.ciApply()
		scheduleKnown(b, s, `resync_interval = "1h"`, `watch_interval = "1s"`, func(at time.Time, target, extra string) string {
			return showTF(at, target, backend)
		}, true)
	})
}

// scheduleKnown runs the daemon in this process on s and, b.N times, moves
// the show as CI would and times how long until the daemon knows it.
func scheduleKnown(b *testing.B, s *stack, resync, watch string, mainTF func(time.Time, string, string) string, push bool) {
	b.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	src, err := os.ReadFile(s.config)
	require.NoError(b, err)
	hcl := strings.Replace(string(src), `resync_interval = "1m"`, resync+"\n  "+watch, 1)
	require.NoError(b, os.WriteFile(s.config, []byte(hcl), 0o644))
	cfg, err := config.Load(s.config)
	require.NoError(b, err)
	o, err := orchestrator.New(context.Background(), cfg)
	require.NoError(b, err)
	ctx, cancel := context.WithCancel(context.Background())
	addr, served, err := o.Serve(ctx, "127.0.0.1:0")
	require.NoError(b, err)
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()
	defer func() {
		cancel()
		require.NoError(b, <-done)
		<-served
		_ = o.Close()
	}()
	url := "http://" + addr.String()
	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		onSale := time.Now().UTC().Add(2*time.Hour + time.Duration(i)*time.Minute).Truncate(time.Second)
		require.NoError(b, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(mainTF(onSale, "", "")), 0o644))
		s.ciApply()
		b.StartTimer()
		applied := time.Now()
		if push {
			resp, err := http.Post(url+"/sync/s", "", nil)
			require.NoError(b, err)
			_ = resp.Body.Close()
			require.Equal(b, http.StatusAccepted, resp.StatusCode)
		}
		for nextTransition(b, url) != onSale.Add(-gap).Unix() {
			time.Sleep(5 * time.Millisecond)
		}
		took = append(took, time.Since(applied))
	}
	b.StopTimer()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(took[len(took)/2].Seconds(), "s-p50")
	b.ReportMetric(took[len(took)-1].Seconds(), "s-max")
}

var nextMetric = regexp.MustCompile(`(?m)^hotshow_next_transition_timestamp_seconds\{stack="s"\} (\S+)$`)

// nextTransition is the daemon's next transition of stack s, in Unix
// seconds (0 when it has none).
func nextTransition(b *testing.B, url string) int64 {
	resp, err := http.Get(url + "/metrics")
	require.NoError(b, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b, err)
	m := nextMetric.FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(b, err)
	return int64(math.Round(v))
}
