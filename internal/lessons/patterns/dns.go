package patterns

import (
	"net"
	"slices"
	"strings"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// staleName asks, from inside a Pod's container, what a Service's name
// leads to (`nslookup NAME`, as a student would), and compares it with
// the Service's own address. When they differ, the cluster's DNS still
// gives the address of a Service of that name deleted a moment ago: the
// check says the text key, filled with Namespace, Pod, Container, Name (the
// Service), Old (what the name gave) and IP (the Service's address).
func staleName(key, pod, container, service string) lessons.Check {
	return lessons.ServiceCheck(pod, container, service, []string{"nslookup", service}, func(v lessons.View, ip, out string) (report.Line, bool) {
		got := lookedUp(out)
		if len(got) == 0 || slices.Contains(got, ip) {
			return report.Line{}, false
		}
		return v.Line(key, text.Facts{
			"Namespace": v.Namespace(), "Pod": pod, "Container": container, "Name": service,
			"Old": strings.Join(got, ", "), "IP": ip,
		}), true
	})
}

// lookedUp is the addresses an `nslookup NAME` printed for the name asked
// (the lines after its "Name:" line), not the DNS server's own address.
func lookedUp(out string) []string {
	var ips []string
	named := false
	for _, l := range strings.Split(out, "\n") {
		key, val, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch key = strings.TrimSpace(key); {
		case key == "Name":
			named = true
		case named && strings.HasPrefix(key, "Address"):
			// "Address: 10.96.0.1" (busybox) or "Address 1: 10.96.0.1 name".
			if f := strings.Fields(val); len(f) > 0 && net.ParseIP(f[0]) != nil {
				ips = append(ips, f[0])
			}
		}
	}
	return ips
}
