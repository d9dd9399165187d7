package main

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestConflist(t *testing.T) {
	b, err := conflist("10.244.2.0/24")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Name    string `json:"name"`
		Plugins []struct {
			Type string `json:"type"`
			IPAM struct {
				Type   string `json:"type"`
				Ranges [][]struct {
					Subnet string `json:"subnet"`
				} `json:"ranges"`
			} `json:"ipam"`
		} `json:"plugins"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if len(c.Plugins) != 2 || c.Plugins[0].Type != "ptp" || c.Plugins[1].Type != "portmap" {
		t.Fatalf("plugins: %s", b)
	}
	ipam := c.Plugins[0].IPAM
	if ipam.Type != "host-local" || len(ipam.Ranges) != 1 || ipam.Ranges[0][0].Subnet != "10.244.2.0/24" {
		t.Errorf("ipam: %s", b)
	}
}

func TestNodeFacts(t *testing.T) {
	n := &corev1.Node{
		Spec: corev1.NodeSpec{PodCIDR: "10.244.1.0/24", PodCIDRs: []string{"10.244.1.0/24", "fd00:10:244:1::/64"}},
		Status: corev1.NodeStatus{Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeHostName, Address: "kpod-worker"},
			{Type: corev1.NodeInternalIP, Address: "172.30.0.3"},
		}},
	}
	if got := podCIDRs(n); len(got) != 1 || got[0] != "10.244.1.0/24" {
		t.Errorf("podCIDRs = %v, want the IPv4 range once", got)
	}
	if got := internalIP(n); got != "172.30.0.3" {
		t.Errorf("internalIP = %q", got)
	}
	if got := podCIDRs(&corev1.Node{}); len(got) != 0 {
		t.Errorf("podCIDRs of a node without a range = %v", got)
	}
}
