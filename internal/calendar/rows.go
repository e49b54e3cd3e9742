package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The JSON form of a calendar (a file or a feed): an array of objects with
// the fields of Request. A row that is not an object, or whose fields have
// the wrong JSON types, is returned with Invalid set rather than failing the
// whole calendar, so that one hand-edited row cannot hide every other show.

// decodeRows reads a JSON array of requests, sorted by ticket.
func decodeRows(data []byte) ([]Request, error) {
	raws, err := splitRows(data)
	if err != nil {
		return nil, err
	}
	rs := make([]Request, 0, len(raws))
	for i, raw := range raws {
		rs = append(rs, decodeRow(i, raw))
	}
	markDuplicates(rs)
	Sorted(rs)
	return rs, nil
}

// splitRows checks that data is a JSON array and returns its elements.
func splitRows(data []byte) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] != '[' {
		var v any
		if err := json.Unmarshal(trimmed, &v); err != nil {
			return nil, jsonProblem(data, err)
		}
		return nil, fmt.Errorf("not a JSON array of requests (it is %s): write [ {\"ticket\": \"TIX-123\", ...}, ... ], or [] for none", jsonKind(trimmed))
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, jsonProblem(data, err)
	}
	return raws, nil
}

// jsonProblem says where JSON is broken, by line and column.
func jsonProblem(data []byte, err error) error {
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		return fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	line, col := position(data, syntax.Offset)
	if syntax.Error() == "unexpected end of JSON input" {
		return fmt.Errorf("invalid JSON: it ends early, at line %d (cut short?)", line)
	}
	return fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, syntax.Error())
}

// position turns a byte offset (just past the error) into a line and column, from 1.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:max(offset-1, 0)]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func jsonKind(v []byte) string {
	switch {
	case len(v) == 0:
		return "empty"
	case v[0] == '{':
		return "an object"
	case v[0] == '[':
		return "an array"
	case v[0] == '"':
		return "a string"
	case v[0] == 't' || v[0] == 'f':
		return "true or false"
	case v[0] == 'n':
		return "null"
	default:
		return "a number"
	}
}

// fields are the JSON fields of a request, in the order Check looks at
// them, with what each must hold.
var fields = []struct{ name, want string }{
	{"ticket", "a string"}, {"name", "a string"}, {"time_zone", "a string"}, {"on_sale", "a string"},
	{"profile", "a string"}, {"expected_demand", "a whole number"}, {"approved", "true or false"},
	{"cancelled", "true or false"}, {"requester", "a string"}, {"updated_at", "a string"},
}

// decodeRow reads the i-th row; one that is not a request comes back with
// Invalid naming the field at fault.
func decodeRow(i int, raw json.RawMessage) Request {
	var r Request
	err := json.Unmarshal(raw, &r)
	if err == nil {
		return r
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return Request{Invalid: clip(fmt.Sprintf(`row %d: %s, not a request: each row is an object such as {"ticket": "TIX-123", ...}`, i+1, jsonKind(bytes.TrimSpace(raw))), maxMessage)}
	}
	r = Request{}
	_ = json.Unmarshal(obj["ticket"], &r.Ticket)
	for _, f := range fields {
		v, ok := obj[f.name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(v, fieldOf(&r, f.name)); err != nil {
			r.Invalid = clip(fmt.Sprintf("%s: %s is not %s", f.name, clip(string(bytes.TrimSpace(v)), 40), f.want), maxMessage)
			return r
		}
	}
	// A field named in another case, which encoding/json also matches.
	r.Invalid = clip(fmt.Sprintf("row %d: %s", i+1, strings.TrimPrefix(err.Error(), "json: ")), maxMessage)
	return r
}

// fieldOf points at the field of r with the JSON name.
func fieldOf(r *Request, name string) any {
	switch name {
	case "ticket":
		return new(string) // read already, leniently
	case "name":
		return &r.Name
	case "time_zone":
		return &r.TimeZone
	case "on_sale":
		return &r.OnSale
	case "profile":
		return &r.Profile
	case "expected_demand":
		return &r.Demand
	case "approved":
		return &r.Approved
	case "cancelled":
		return &r.Cancelled
	case "requester":
		return &r.Requester
	default:
		return &r.Updated
	}
}

// markDuplicates sets Invalid on every row whose ticket another row has:
// which of them is meant cannot be told, so neither is used.
func markDuplicates(rs []Request) {
	count := map[string]int{}
	for _, r := range rs {
		if r.Ticket != "" {
			count[r.Ticket]++
		}
	}
	for i, r := range rs {
		if n := count[r.Ticket]; n > 1 && r.Invalid == "" {
			rs[i].Invalid = clip(fmt.Sprintf("ticket: %s appears %d times in the calendar: keep one request per ticket", quote(r.Ticket, 64), n), maxMessage)
		}
	}
}

// rowTicket is a raw row's ticket, or "" when it has none it can be read by.
func rowTicket(raw json.RawMessage) string {
	var row struct {
		Ticket string `json:"ticket"`
	}
	_ = json.Unmarshal(raw, &row)
	return row.Ticket
}
