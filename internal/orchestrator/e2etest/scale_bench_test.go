package e2etest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/mototest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// childCPU returns the CPU time (user + system) of every waited-for child
// process so far.
func childCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cloneStacks copies the initialised, applied stack dir into n siblings
// (provider binaries hard-linked, everything else copied) and returns their
// directories.
func cloneStacks(b testing.TB, dir string, n int) []string {
	b.Helper()
	var out []string
	for i := range n {
		dst := filepath.Join(filepath.Dir(dir), fmt.Sprintf("clone-%03d", i))
		require.NoError(b, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			target := filepath.Join(dst, rel)
			switch {
			case fi.IsDir():
				return os.MkdirAll(target, 0o755)
			case fi.Mode()&os.ModeSymlink != 0:
				link, err := os.Readlink(p)
				if err != nil {
					return err
				}
				return os.Symlink(link, target)
			case fi.Size() > 1<<20:
				return os.Link(p, target)
			default:
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				return os.WriteFile(target, data, fi.Mode())
			}
		}))
		out = append(out, dst)
	}
	return out
}

// multiStackConfig writes a configuration naming every dir as a stack.
func multiStackConfig(b testing.TB, root string, dirs []string, parallelism int, settings ...string) string {
	b.Helper()
	var sb strings.Builder
	fmt.Fprintf(&sb, "terraform { binary = %q }\nstore \"file\" { path = %q }\norchestrator {\n  listen = \"127.0.0.1:0\"\n  parallelism = %d\n  retry_backoff = \"1s\"\n  %s\n}\n",
		tftest.TerraformPath(b), filepath.Join(root, fmt.Sprintf("ledger-%d.db", parallelism)), parallelism, strings.Join(settings, "\n  "))
	for i, d := range dirs {
		fmt.Fprintf(&sb, "stack \"s%03d\" { dir = %q }\n", i, d)
	}
	p := filepath.Join(root, fmt.Sprintf("hotshow-%d.hcl", parallelism))
	require.NoError(b, os.WriteFile(p, []byte(sb.String()), 0o644))
	return p
}

// BenchmarkIdle: what watching 100 stacks with nothing due costs. The
// orchestrator's resync is a `state pull` per stack; a naive cron plans
// every stack every minute.
func BenchmarkIdle(b *testing.B) {
	s := newStack(b, showTF(time.Now().UTC().Add(240*time.Hour).Truncate(time.Second), "", ""), "")
	s.ciApply()
	dirs := cloneStacks(b, s.dir, 100)
	b.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	ctx := context.Background()
	b.Run("orchestrator-discovery", func(b *testing.B) {
		cfg, err := config.Load(multiStackConfig(b, s.root, dirs, 4))
		require.NoError(b, err)
		o, err := orchestrator.New(ctx, cfg)
		require.NoError(b, err)
		for _, st := range cfg.Stacks { // init once per directory, as the daemon does at start
			_, err := o.Discover(ctx, st)
			require.NoError(b, err)
		}
		measure(b, func() {
			for _, st := range cfg.Stacks {
				_, err := o.Discover(ctx, st)
				require.NoError(b, err)
			}
		})
	})
	b.Run("orchestrator-discovery-s3", func(b *testing.B) {
		m := startMoto(b)
		setMotoCredentials(b)
		s3 := newStackEnv(b, showTF(time.Now().UTC().Add(240*time.Hour).Truncate(time.Second), "", s3Backend(b, m, false)), "", mototest.Credentials)
		s3.ciApply()
		cfg, err := config.Load(multiStackConfig(b, s3.root, cloneStacks(b, s3.dir, 100), 4))
		require.NoError(b, err)
		o, err := orchestrator.New(ctx, cfg)
		require.NoError(b, err)
		for _, st := range cfg.Stacks {
			_, err := o.Discover(ctx, st)
			require.NoError(b, err)
		}
		measure(b, func() {
			for _, st := range cfg.Stacks {
				shows, err := o.Discover(ctx, st)
				require.NoError(b, err)
				require.Len(b, shows.Shows, 1, "read from S3")
			}
		})
	})
	b.Run("terraform-plan-each", func(b *testing.B) {
		tfs := make([]*tfexec.Terraform, len(dirs))
		for i, d := range dirs {
			tf, err := tfexec.NewTerraform(d, tftest.TerraformPath(b))
			require.NoError(b, err)
			tf.SetStdout(io.Discard)
			require.NoError(b, tf.SetEnv(tfenv.Merge(map[string]string{"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1"})))
			tfs[i] = tf
		}
		measure(b, func() {
			for _, tf := range tfs {
				_, err := tf.Plan(ctx)
				require.NoError(b, err)
			}
		})
	})
}

// measure times b.N runs of f, reporting wall and child CPU seconds per run.
func measure(b *testing.B, f func()) {
	cpu0 := childCPU()
	b.ResetTimer()
	for range b.N {
		f()
	}
	b.StopTimer()
	cpu1 := childCPU()
	b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkProviderScale: plan time and peak memory of a stack with 1,000
// shows feeding one hotshow_capacity, next to 1,000 plain terraform_data and
// to 1,000 terraform_data holding values of the same shape as the shows
// (Terraform's own cost for that much nested data).
func BenchmarkProviderScale(b *testing.B) {
	shows := farShows(1000) + `
data "hotshow_capacity" "fleet" {
  shows = hotshow_show.far[*].schedule
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
`
	plain := `resource "terraform_data" "s" {
  count = 1000
  input = { name = "show-${count.index}", web = 40, api = 20 }
}
`
	sameShape := `resource "terraform_data" "s" {
  count = 1000
  input = {
    name = "show-${count.index}", on_sale_at = "2027-01-01T00:00:00Z", approved = true, baseline = { web = 2, api = 2 }
    steps = [for i in range(6) : { at = "2027-01-01T00:0${i}:00Z", phase = "p${i}", capacity = { web = 40 + i, api = 20 } }]
    phases = [
      { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
      { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
      { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
    ]
  }
}
`
	header := "terraform {\n  required_providers {\n    hotshow = { source = \"hotshow/hotshow\" }\n  }\n}\n"
	for _, c := range []struct{ name, body string }{{"terraform-data-1000", plain}, {"terraform-data-1000-same-shape", sameShape}, {"hotshow-shows-1000", shows}} {
		b.Run(c.name, func(b *testing.B) {
			s := newStack(b, header+c.body, "")
			s.ciApply()
			peak := 0.0
			measure(b, func() {
				cmd := exec.Command(tftest.TerraformPath(b), "plan", "-input=false", "-no-color")
				cmd.Dir = s.dir
				cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1")
				out, err := cmd.CombinedOutput()
				require.NoError(b, err, "%s", out)
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, float64(ru.Maxrss)/1024)
				}
			})
			b.ReportMetric(peak, "peak-rss-MiB")
		})
	}
}

// BenchmarkBurst: 50 stacks due at the same instant; the time from the
// instant until the last stack is applied, for several parallelisms, with
// each stack planned at the instant (preplan off, the baseline) and planned
// ahead (preplan auto, the default).
func BenchmarkBurst(b *testing.B) {
	for _, c := range []struct {
		parallelism int
		preplan     string
	}{{1, "off"}, {8, "off"}, {8, "auto"}} {
		b.Run(fmt.Sprintf("parallelism-%d/preplan-%s", c.parallelism, c.preplan), func(b *testing.B) {
			if b.N > 1 {
				b.Skip("one real-time burst per run: use -benchtime 1x")
			}
			// One transition at due, the next an hour later: every stack is
			// due at once and stays due until it is applied.
			due := time.Now().UTC().Add(75 * time.Second).Truncate(time.Second)
			s := newStack(b, spacedTF(due, 2, time.Hour), "")
			s.ciApply()
			dirs := cloneStacks(b, s.dir, 50)
			s.config = multiStackConfig(b, s.root, dirs, c.parallelism, "preplan = \""+c.preplan+"\"")
			d := s.startDaemon()
			var last time.Time
			waitFor(b, time.Until(due)+5*time.Minute, "all 50 stacks applied", func() bool {
				runs := s.ledgerAt(filepath.Join(s.root, fmt.Sprintf("ledger-%d.db", c.parallelism)))
				done := 0
				for _, r := range runs {
					if r.Instant.Equal(due) && r.Outcome == store.OutcomeApplied {
						done++
						if r.Finished.After(last) {
							last = r.Finished
						}
					}
				}
				return done == 50
			})
			require.NoError(b, d.stop(b))
			b.ReportMetric(last.Sub(due).Seconds(), "s-until-last")
		})
	}
}

// BenchmarkLag: the daemon over 32 transitions three seconds apart, and a
// one-minute polling loop (`tick` every 60 s, the design hotshow replaces)
// over a copy of the same stack in the same window.
func BenchmarkLag(b *testing.B) {
	if b.N > 1 {
		b.Skip("one real-time show per run: use -benchtime 1x")
	}
	start := time.Now().UTC().Add(20 * time.Second).Truncate(time.Second)
	s := newStack(b, spacedTF(start, 32, 3*time.Second), "")
	s.ciApply()
	poll := newStack(b, spacedTF(start, 32, 3*time.Second), "")
	poll.ciApply()
	d := s.startDaemon()
	var ticks []time.Time
	end := start.Add(32 * 3 * time.Second)
	for t := start.Add(-15 * time.Second); ; t = t.Add(time.Minute) {
		sleepUntil(t)
		ticks = append(ticks, time.Now())
		poll.orchestrate("tick")
		if t.After(end) {
			break
		}
	}
	require.NoError(b, d.stop(b))
	var daemon, polling []time.Duration
	for _, r := range s.history() {
		daemon = append(daemon, r.Lag)
	}
	for i := range 32 {
		at := start.Add(time.Duration(i) * 3 * time.Second)
		for _, tk := range ticks {
			if !tk.Before(at) {
				polling = append(polling, tk.Sub(at))
				break
			}
		}
	}
	require.Len(b, daemon, 32)
	b.ReportMetric(percentile(daemon, 50).Seconds()*1000, "daemon-p50-ms")
	b.ReportMetric(percentile(daemon, 99).Seconds()*1000, "daemon-p99-ms")
	b.ReportMetric(percentile(polling, 50).Seconds()*1000, "poll-p50-ms")
	b.ReportMetric(percentile(polling, 99).Seconds()*1000, "poll-p99-ms")
}

// spacedTF: a show with n phases every gap from start, web alternating.
func spacedTF(start time.Time, n int, gap time.Duration) string {
	var phases []string
	for i := range n - 1 {
		phases = append(phases, fmt.Sprintf(`{ name = "p%d", start = "+%ds", capacity = { web = %d } }`, i, i*int(gap.Seconds()), 10+40*(i%2)))
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "hotshow_show" "s" {
  name       = "Lag"
  on_sale_at = %q
  baseline   = { web = 2 }
  phases     = [%s]
  end        = "+%ds"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.s.schedule]
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
`, start.Format(time.RFC3339), strings.Join(phases, ",\n    "), (n-1)*int(gap.Seconds()))
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := (p*len(s) + 99) / 100
	return s[max(k-1, 0)]
}
