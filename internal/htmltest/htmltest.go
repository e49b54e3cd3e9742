// Package htmltest reads parsed HTML for tests of the status page.
package htmltest

import (
	"strings"

	"golang.org/x/net/html"
)

// Find lists the elements under n (n included) for which pred holds, in
// document order.
func Find(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && pred(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, Find(c, pred)...)
	}
	return out
}

// Elements finds the elements named tag whose class attribute is class.
func Elements(n *html.Node, tag, class string) []*html.Node {
	return Find(n, func(e *html.Node) bool { return e.Data == tag && Attr(e, "class") == class })
}

// Attr is an element's attribute, or "".
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Text is the text under n, as a browser would show it (before CSS).
func Text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(Text(c))
	}
	return b.String()
}
