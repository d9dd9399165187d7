package kube

import (
	"net"
	"strings"
)

// LookedUp is the addresses an `nslookup NAME` printed for the name asked
// (the lines after its "Name:" line), not the DNS server's own address.
func LookedUp(out string) []string {
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
