package render

import "strings"

// OneLine folds s's whitespace and shortens it to fit a table cell or a log
// line (160 bytes).
func OneLine(s string) string { return Squeeze(s, 160) }

// Squeeze folds s's whitespace and shortens it to at most n bytes, ending
// in "..." when shortened, never splitting a UTF-8 character.
func Squeeze(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return strings.ToValidUTF8(s[:n-3], "") + "..."
	}
	return s
}
