package calendar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// maxFeed bounds the size of a feed's answer: a calendar of shows is a few
// hundred kilobytes at most, and a larger answer is not a calendar.
const maxFeed = 32 << 20

// urlSource is a calendar read from a JSON feed.
type urlSource struct {
	url    string
	client *http.Client
}

// OpenURL: an HTTPS (or http://127.0.0.1 for tests) JSON feed returning an array of requests; read-only
// (Put returns an error saying so). client may be nil (a client with a 30 s timeout).
func OpenURL(url string, client *http.Client) Source {
	if client == nil {
		client = &http.Client{
			Timeout: 30 * time.Second,
			// A redirect must not take the feed off HTTPS.
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 10 {
					return errors.New("stopped after 10 redirects")
				}
				return CheckURL(req.URL.String())
			},
		}
	}
	return &urlSource{url: url, client: client}
}

// CheckURL reports whether u may be read as a calendar feed: an https://
// URL, or http:// to the loopback interface (a feed served by a test).
func CheckURL(u string) error {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http") {
		return fmt.Errorf(`%s is not a URL: write one such as "https://calendar.example.com/shows.json"`, quote(redact(u), 80))
	}
	if parsed.Scheme == "http" && !loopback(parsed.Hostname()) {
		return fmt.Errorf("%s is not HTTPS: the calendar is read over https:// (http:// only from 127.0.0.1, for tests)", quote(redact(u), 80))
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact hides what a URL may carry that is secret: a password and the
// query string (feeds are often authorised by a token in it).
func redact(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return u
	}
	if parsed.RawQuery != "" {
		parsed.RawQuery = "…"
	}
	return parsed.Redacted()
}

func (s *urlSource) Describe() string { return "url " + redact(s.url) }

func (s *urlSource) List(ctx context.Context) ([]Request, error) {
	if err := CheckURL(s.url); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Describe(), err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Describe(), err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is in Describe already, and may hold a token
		}
		return nil, fmt.Errorf("%s: %w", s.Describe(), err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxFeed+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the answer: %w", s.Describe(), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %s%s", s.Describe(), resp.Status, excerpt(body))
	}
	if len(body) > maxFeed {
		return nil, fmt.Errorf("%s: the answer is larger than %d MiB, too large for a calendar", s.Describe(), maxFeed>>20)
	}
	if strings.TrimSpace(string(body)) == "" {
		return nil, fmt.Errorf("%s: the answer is empty: the feed must answer a JSON array of requests ([] for none)", s.Describe())
	}
	rs, err := decodeRows(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Describe(), err)
	}
	return rs, nil
}

func (s *urlSource) Get(ctx context.Context, ticket string) (Request, bool, error) {
	rs, err := s.List(ctx)
	return find(rs, ticket, err)
}

func (s *urlSource) Put(context.Context, Request) error {
	return fmt.Errorf("%s: read-only: a calendar read from a URL cannot be written; write the request where the feed takes its requests from", s.Describe())
}

// excerpt is the start of an error answer, on one line, for the message.
func excerpt(body []byte) string {
	text := strings.Join(strings.Fields(string(body)), " ")
	if text == "" || strings.IndexFunc(text, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return ""
	}
	return ": " + clip(text, 200)
}
