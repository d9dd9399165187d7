package main

import (
	"os/exec"
	"strings"
	"testing"
)

func TestStudentCommand(t *testing.T) {
	for _, tc := range []struct{ shown, want string }{
		{"kubectl get pods -n kpod", "kubectl get pods"},
		{"kubectl wait --for=condition=Ready pod/web -n kpod", "kubectl wait --for=condition=Ready pod/web --timeout=5m"},
		{"kubectl run client --rm -i --restart=Never --image=busybox:1.37 -n kpod -- wget -qO- 'http://<webserver-ip>'",
			`kubectl run client --rm -i --restart=Never --image=busybox:1.37 -- wget -qO- 'http://'"$(kubectl get pod webserver -o jsonpath='{.status.podIP}')"''`},
		{"kubectl get ns kpod-practice", "kubectl get ns kpod-practice"},
	} {
		got, err := studentCommand(tc.shown)
		if err != nil || got != tc.want {
			t.Errorf("studentCommand(%q) = %q, %v; want %q", tc.shown, got, err, tc.want)
		}
	}
	if _, err := studentCommand("kubectl exec <pod> -- true"); err == nil {
		t.Error("a placeholder the bench cannot fill was let through")
	}
}

// The IP placeholder becomes what sh expands to the Pod's IP.
func TestStudentCommandExpands(t *testing.T) {
	cmd, err := studentCommand("echo 'http://<web-ip>:80'")
	if err != nil {
		t.Fatal(err)
	}
	cmd = strings.Replace(cmd, "kubectl get pod web -o jsonpath='{.status.podIP}'", "echo 10.1.2.3", 1)
	out, err := exec.Command("sh", "-c", cmd).Output()
	if err != nil || strings.TrimSpace(string(out)) != "http://10.1.2.3:80" {
		t.Fatalf("sh -c %q = %q, %v", cmd, out, err)
	}
}
