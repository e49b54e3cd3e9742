package showstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// ScheduleV1 is hotshow_show's schedule attribute from schema version 1 on:
// the fields of ScheduleV0 as JSON on one line, keys in ScheduleV0's and
// StepV0's order, capacity maps by dimension name, no HTML escaping. Equal
// schedules are equal strings, so a show whose timeline is unchanged plans
// no change, and Terraform renders a change inside it structurally.
//
//	{"name":"Eras","on_sale_at":"2026-11-30T22:00:00Z","approved":true,"baseline":{"web":2},
//	 "steps":[{"at":"2026-11-30T21:00:00Z","phase":"warm","capacity":{"web":40}}]}
//
// (shown on two lines here; stored on one).
type ScheduleV1 string

// NewScheduleV1 is the stored form of a show's schedule from schema
// version 1 on.
func NewScheduleV1(s timeline.Schedule, onSale time.Time) (ScheduleV1, error) {
	return NewScheduleV0(s, onSale).V1()
}

// V1 encodes the schedule in its version 1 form. A missing map or list is
// written empty, as version 0 stored it.
func (m ScheduleV0) V1() (ScheduleV1, error) {
	out := ScheduleV0{Name: m.Name, OnSaleAt: m.OnSaleAt, Approved: m.Approved, Baseline: orEmpty(m.Baseline), Steps: make([]StepV0, len(m.Steps))}
	for i, st := range m.Steps {
		out.Steps[i] = StepV0{At: st.At, Phase: st.Phase, Capacity: orEmpty(st.Capacity)}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return "", fmt.Errorf("encoding the schedule: %w", err)
	}
	return ScheduleV1(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

func orEmpty(c map[string]int64) map[string]int64 {
	if c == nil {
		return map[string]int64{}
	}
	return c
}

// Schedule decodes the schedule and reads it back, its on-sale instant
// included. The error names the key at fault, such as steps[2].at.
func (v ScheduleV1) Schedule() (timeline.Schedule, error) {
	m, err := v.V0()
	if err != nil {
		return timeline.Schedule{}, err
	}
	return m.check()
}

// V0 decodes the schedule's fields. The JSON must be one object with every
// key of ScheduleV0 (and of StepV0 in each step) and no other, and every
// capacity a whole number, 0 or more. Keys may come in any order, so a
// schedule written with Terraform's jsonencode is read too. The error names
// the key at fault, such as steps[2].capacity["web"].
func (v ScheduleV1) V0() (ScheduleV0, error) {
	var doc struct {
		Name     *string                    `json:"name"`
		OnSaleAt *string                    `json:"on_sale_at"`
		Approved *bool                      `json:"approved"`
		Baseline map[string]json.RawMessage `json:"baseline"`
		Steps    []json.RawMessage          `json:"steps"`
	}
	if err := decodeStrict(string(v), "", scheduleKeys, &doc); err != nil {
		return ScheduleV0{}, err
	}
	var missing []string
	for key, absent := range map[string]bool{
		"name": doc.Name == nil, "on_sale_at": doc.OnSaleAt == nil, "approved": doc.Approved == nil,
		"baseline": doc.Baseline == nil, "steps": doc.Steps == nil,
	} {
		if absent {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		return ScheduleV0{}, missingKeys("", scheduleKeys, missing)
	}
	m := ScheduleV0{Name: *doc.Name, OnSaleAt: *doc.OnSaleAt, Approved: *doc.Approved, Steps: make([]StepV0, len(doc.Steps))}
	var err error
	if m.Baseline, err = capacityV1("baseline", doc.Baseline); err != nil {
		return ScheduleV0{}, err
	}
	for i, raw := range doc.Steps {
		if m.Steps[i], err = stepV1(fmt.Sprintf("steps[%d]", i), raw); err != nil {
			return ScheduleV0{}, err
		}
	}
	return m, nil
}

// The keys of a schedule and of a step, for errors.
const (
	scheduleKeys = "a schedule has the keys name, on_sale_at, approved, baseline and steps"
	stepKeys     = "a step has the keys at, phase and capacity"
)

func stepV1(at string, raw json.RawMessage) (StepV0, error) {
	var doc struct {
		At       *string                    `json:"at"`
		Phase    *string                    `json:"phase"`
		Capacity map[string]json.RawMessage `json:"capacity"`
	}
	if err := decodeStrict(string(raw), at, stepKeys, &doc); err != nil {
		return StepV0{}, err
	}
	var missing []string
	for key, absent := range map[string]bool{"at": doc.At == nil, "phase": doc.Phase == nil, "capacity": doc.Capacity == nil} {
		if absent {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		return StepV0{}, missingKeys(at, stepKeys, missing)
	}
	c, err := capacityV1(at+".capacity", doc.Capacity)
	return StepV0{At: *doc.At, Phase: *doc.Phase, Capacity: c}, err
}

// capacityV1 reads a map of whole, non-negative numbers; at is its path.
func capacityV1(at string, raw map[string]json.RawMessage) (map[string]int64, error) {
	dims := make([]string, 0, len(raw))
	for d := range raw {
		dims = append(dims, d)
	}
	sort.Strings(dims) // the first problem in dimension order
	out := make(map[string]int64, len(raw))
	for _, d := range dims {
		n, err := unitsV1(raw[d])
		if err != nil {
			return nil, fmt.Errorf("%s[%q]: %w", at, d, err)
		}
		out[d] = n
	}
	return out, nil
}

func unitsV1(raw json.RawMessage) (int64, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return 0, err
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%s is not a number: capacity is a whole number of units", raw)
	}
	f, _, err := big.ParseFloat(string(n), 10, 256, big.ToNearestEven)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s is not a number: %w", n, err)
	case f.Sign() < 0:
		return 0, fmt.Errorf("%s is negative: use a whole number, 0 or more", n)
	case !f.IsInt():
		return 0, fmt.Errorf("%s is not a whole number: capacity is counted in whole units", n)
	}
	i, acc := f.Int64()
	if acc != big.Exact {
		return 0, fmt.Errorf("%s is too large", n)
	}
	return i, nil
}

// decodeStrict decodes one JSON object into v, refusing keys v does not
// have and anything after the object. at is the object's path in errors
// (empty for the schedule itself), keys says which keys it may have.
func decodeStrict(s, at, keys string, v any) error {
	switch strings.TrimSpace(s) {
	case "":
		return fmt.Errorf("%s is empty: it must be a JSON object", orSchedule(at))
	case "null":
		return fmt.Errorf("%s is null: it must be a JSON object", orSchedule(at))
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, next := dec.Token(); next != io.EOF {
			err = fmt.Errorf("more data after the object")
		}
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syntax):
		return fmt.Errorf("the schedule is not valid JSON: %s (at byte %d)", syntax, syntax.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the schedule is not valid JSON: it ends early")
	case errors.As(err, &typ):
		where := join(at, typ.Field)
		if where == "" {
			return fmt.Errorf("the schedule must be a JSON object, not a JSON %s", typ.Value)
		}
		return fmt.Errorf("%s: must be %s, not a JSON %s", where, kind(typ.Type), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		key := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return fmt.Errorf("%s: unknown key %s (%s)", orSchedule(at), key, keys)
	default:
		return fmt.Errorf("%s: %w", orSchedule(at), err)
	}
}

func missingKeys(at, keys string, missing []string) error {
	sort.Strings(missing)
	return fmt.Errorf("%s: missing or null: %s (%s)", orSchedule(at), strings.Join(missing, ", "), keys)
}

func join(at, field string) string {
	switch {
	case at == "":
		return field
	case field == "":
		return at
	default:
		return at + "." + field
	}
}

func orSchedule(at string) string {
	if at == "" {
		return "the schedule"
	}
	return at
}

// kind names the JSON a Go type is decoded from.
func kind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return kind(t.Elem())
	default:
		return "a " + t.String()
	}
}
