package diagnose

import (
	"regexp"
	"strings"
	"time"
)

var notResolved = []*regexp.Regexp{
	regexp.MustCompile(`server can't find ([^\s:']+)`),
	regexp.MustCompile(`can't resolve '([^']+)'`),
	regexp.MustCompile(`bad address '([^']+)'`),
	regexp.MustCompile(`[Cc]ould not resolve host:? '?([^\s']+)`),
	regexp.MustCompile(`lookup ([^\s:]+)(?: on \S+)?: no such host`),
	regexp.MustCompile(`([^\s:']+): (?:Name or service not known|Temporary failure in name resolution)`),
}

// initStuck: an init container runs and does not finish.
type initStuck struct{}

func (initStuck) match(d *diag, c *ctr) bool {
	return c.init && c.status.State.Running != nil && !sidecar(d.pod, c.status.Name)
}

func (initStuck) explain(d *diag, c *ctr) {
	name := c.status.Name
	host := ""
	for _, l := range strings.Split(d.in.Logs[name], "\n") {
		if h := unresolved(l); h != "" {
			host = h
		}
	}
	lines := d.addLogs(name, false, func(l string) bool { return unresolved(l) != "" })
	variant := "running"
	if host != "" {
		variant = "dns"
	}
	d.set(InitStuck, variant)
	f := &d.facts
	f.Host = host
	f.Service, _, _ = strings.Cut(host, ".")
	if c.spec != nil {
		f.Command = command(c.spec.Command, c.spec.Args)
	}
	f.LogLine = lastLine(lines)
	if started := c.status.State.Running.StartedAt; !started.IsZero() {
		d.addField(f.statusField(name, "state.running.startedAt"), started.UTC().Format(time.RFC3339))
	}
}

// unresolved returns the name a log line says could not be resolved.
func unresolved(line string) string {
	for _, re := range notResolved {
		if m := re.FindStringSubmatch(line); m != nil {
			return strings.TrimSuffix(m[1], ".")
		}
	}
	return ""
}
