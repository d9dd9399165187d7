package patterns

import (
	"slices"
	"testing"
)

func TestLookedUp(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		want      []string
	}{
		{"busybox", "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tbackend-production.kpod.svc.cluster.local\nAddress: 10.96.200.97\n\n", []string{"10.96.200.97"}},
		{"numbered", "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web\nAddress 1: 10.96.4.4 web.kpod.svc.cluster.local\n", []string{"10.96.4.4"}},
		{"not found", "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find web.kpod.svc.cluster.local: NXDOMAIN\n", nil},
	} {
		if got := lookedUp(tc.out); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
