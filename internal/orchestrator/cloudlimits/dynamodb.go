// Package cloudlimits finds, before the night, what a schedule asks of a
// cloud that the cloud would refuse on the night. Today: DynamoDB's limit on
// decreases of a table's provisioned capacity per UTC day. It reads a
// stack's Terraform files (which capacity dimension feeds which setting)
// and the capacity the shows call for; it imports nothing of the
// orchestrator.
package cloudlimits

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Table is a DynamoDB table (or one of its global secondary indexes, which
// DynamoDB counts apart) of a stack with provisioned capacity fed by the
// shows: the capacity dimensions its read_capacity and write_capacity read.
type Table struct {
	Address string   // aws_dynamodb_table.NAME, or aws_dynamodb_table.NAME index "INDEX"
	Dims    []string // dimension keys, such as "ddb_read"
}

// DynamoDBTables lists the stack's aws_dynamodb_table resources whose
// read_capacity or write_capacity index a capacity map by a literal key —
// local.capacity["ddb_read"], data.hotshow_capacity.x.capacity["ddb_read"] —
// and, apart, each global_secondary_index block whose own capacity does,
// reading the *.tf files of dir. A setting fed otherwise is not seen.
func DynamoDBTables(dir string) ([]Table, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Table
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("reading %s: %s", f, diags.Error())
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 || b.Labels[0] != "aws_dynamodb_table" {
				continue
			}
			address := "aws_dynamodb_table." + b.Labels[1]
			if t := (Table{Address: address, Dims: capacityKeys(b.Body)}); len(t.Dims) > 0 {
				out = append(out, t)
			}
			for _, gsi := range b.Body.Blocks {
				if gsi.Type != "global_secondary_index" {
					continue
				}
				name := "?"
				if a, ok := gsi.Body.Attributes["name"]; ok {
					if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" {
						name = v.AsString()
					}
				}
				if t := (Table{Address: fmt.Sprintf("%s index %q", address, name), Dims: capacityKeys(gsi.Body)}); len(t.Dims) > 0 {
					out = append(out, t)
				}
			}
		}
	}
	return out, nil
}

// capacityKeys are the dimension keys a block's read_capacity and
// write_capacity read.
func capacityKeys(body *hclsyntax.Body) []string {
	var out []string
	for _, name := range []string{"read_capacity", "write_capacity"} {
		if a, ok := body.Attributes[name]; ok {
			out = append(out, indexKeys(a.Expr)...)
		}
	}
	return out
}

// indexKeys are the literal string keys the expression's references end
// with: capacity["ddb_read"] gives "ddb_read".
func indexKeys(e hclsyntax.Expression) []string {
	var out []string
	for _, tr := range e.Variables() {
		if len(tr) == 0 {
			continue
		}
		if idx, ok := tr[len(tr)-1].(hcl.TraverseIndex); ok && idx.Key.Type().FriendlyName() == "string" {
			out = append(out, idx.Key.AsString())
		}
	}
	return out
}

// DynamoDB's quota on decreases of a table's provisioned throughput, per
// UTC day ("Service, account, and table quotas in Amazon DynamoDB",
// Decreasing provisioned throughput): up to four decreases within one hour
// while none has been made that day; after that, one per hour when there was
// none in the preceding hour — 27 a day at most. One UpdateTable lowering
// read, write or both is one decrease; a global secondary index has its own
// count.
const (
	burstDecreases = 4
	decreaseWindow = time.Hour
)

// Point is the capacity the shows call for from At on.
type Point struct {
	At       time.Time
	Capacity map[string]int64
}

// Refusal is a decrease DynamoDB would refuse.
type Refusal struct {
	Table string
	At    time.Time
	Nth   int // the decrease's number in its UTC day
}

func (r Refusal) String() string {
	return fmt.Sprintf("%s: the decrease at %s would be the %s of %s (UTC) and DynamoDB would refuse it: after 4 decreases within the day's first hour of decreases, a table may be lowered once an hour, and only after an hour without one",
		r.Table, r.At.UTC().Format(time.RFC3339), ordinal(r.Nth), r.At.UTC().Format(time.DateOnly))
}

// Decreases lists the decreases of t that points (in order of instant, from
// the capacity in force before the first) would ask for and DynamoDB would
// refuse.
func Decreases(t Table, before map[string]int64, points []Point) []Refusal {
	var out []Refusal
	var day string
	var n int
	var first, last time.Time
	prev := before
	for _, p := range points {
		lowered := false
		for _, d := range t.Dims {
			if v, ok := p.Capacity[d]; ok && v < prev[d] {
				lowered = true
			}
		}
		prev = p.Capacity
		if !lowered {
			continue
		}
		at := p.At.UTC()
		if d := at.Format(time.DateOnly); d != day {
			day, n = d, 0
		}
		n++
		switch {
		case n == 1:
			first, last = at, at
		case n <= burstDecreases && at.Sub(first) < decreaseWindow:
			last = at
		case at.Sub(last) >= decreaseWindow:
			last = at
		default:
			out = append(out, Refusal{Table: t.Address, At: at, Nth: n})
			n-- // refused: it does not count, and the capacity stays up
		}
	}
	return out
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
