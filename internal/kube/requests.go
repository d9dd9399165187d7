package kube

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Requests counts the API requests a client makes, by verb (get, list,
// watch, create, update, patch, delete, discovery). kpod reports the
// counts in the -o json done record.
type Requests struct {
	mu     sync.Mutex
	byVerb map[string]int
}

// Wrap returns rt counting every request it sends; use it as rest.Config.Wrap.
func (r *Requests) Wrap(rt http.RoundTripper) http.RoundTripper {
	return countingTransport{r: r, rt: rt}
}

type countingTransport struct {
	r  *Requests
	rt http.RoundTripper
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.r.Add(Verb(req.Method, req.URL))
	return t.rt.RoundTrip(req)
}

// Add counts one request with verb.
func (r *Requests) Add(verb string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byVerb == nil {
		r.byVerb = map[string]int{}
	}
	r.byVerb[verb]++
}

// Counts returns a copy of the counts by verb.
func (r *Requests) Counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.byVerb))
	for k, v := range r.byVerb {
		out[k] = v
	}
	return out
}

// Total returns the number of requests counted.
func (r *Requests) Total() int {
	n := 0
	for _, v := range r.Counts() {
		n += v
	}
	return n
}

// String prints the counts as "create=2 get=5 watch=1", sorted by verb.
func (r *Requests) String() string {
	c := r.Counts()
	verbs := make([]string, 0, len(c))
	for v := range c {
		verbs = append(verbs, v)
	}
	sort.Strings(verbs)
	var b strings.Builder
	for i, v := range verbs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v + "=" + strconv.Itoa(c[v]))
	}
	return b.String()
}

// Verb names the Kubernetes verb of an API request, as the API server's
// audit log would: a GET is a watch (watch=true), a list (a collection) or
// a get (one object or its subresource, such as log or exec); requests
// outside /api/VERSION/... and /apis/GROUP/VERSION/... (or to those roots)
// are discovery.
func Verb(method string, u *url.URL) string {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	var rest []string
	switch {
	case len(segs) >= 2 && segs[0] == "api":
		rest = segs[2:]
	case len(segs) >= 3 && segs[0] == "apis":
		rest = segs[3:]
	default:
		return "discovery"
	}
	if len(rest) == 0 {
		return "discovery"
	}
	if len(rest) >= 3 && rest[0] == "namespaces" {
		rest = rest[2:] // namespaces/NS/RESOURCE/...
	}
	collection := len(rest) == 1
	switch method {
	case http.MethodGet, http.MethodHead:
		if w := u.Query().Get("watch"); w == "true" || w == "1" {
			return "watch"
		}
		if collection {
			return "list"
		}
		return "get"
	case http.MethodPost:
		return "create"
	case http.MethodPut:
		return "update"
	case http.MethodPatch:
		return "patch"
	case http.MethodDelete:
		if collection {
			return "deletecollection"
		}
		return "delete"
	}
	return strings.ToLower(method)
}
