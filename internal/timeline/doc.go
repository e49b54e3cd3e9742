// Package timeline is hotshow's time arithmetic: it parses on-sale instants,
// zones and offsets, turns a show into its normalized schedule (every instant
// at which its phase or effective capacity changes, lead applied), and
// evaluates one or more schedules at an instant.
//
// It does no I/O and never reads the clock: capacity at an instant is a pure
// function of the show definitions and that instant, so CI and the
// orchestrator compute the same numbers. The provider and the orchestrator
// both build on it.
//
// Semantics, in brief:
//   - Phases start at offsets from the on-sale instant, in elapsed time, and
//     each lasts until the next one starts; the last lasts until End. Before
//     the first phase and from End on, the show is at its baseline.
//   - A phase start is inclusive: at that instant the new capacity applies.
//   - Lead: effective(t) = max of raw(t') for t' in [t, t+lead], per
//     dimension, so increases take effect lead early and decreases on time.
//   - An unapproved show stays at its baseline.
package timeline

// EnvAsOf names the environment variable that fixes the evaluation instant
// (RFC 3339) when a hotshow_capacity data source sets no as_of. The
// orchestrator sets it for the plan and the apply of every run.
const EnvAsOf = "HOTSHOW_AS_OF"
