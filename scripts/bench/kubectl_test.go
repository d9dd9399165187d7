package main

import "testing"

func TestFormOf(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		form string
		n    int
	}{
		{"kubectl run webserver --image=nginx:1.30-alpine --port=80 -n kpod", "run", 1},
		{"kubectl run client --rm -i --restart=Never --image=busybox:1.37 -n kpod -- wget -qO- http://1.2.3.4", "run --rm -i", 1},
		{"kubectl create -f pod-nginx.yaml -n kpod", "create -f", 1},
		{"kubectl get pods -n kpod", "get pods", 1},
		{"kubectl get pods -o wide -n kpod", "get pods", 1},
		{"kubectl get pod webserver -o jsonpath='{.status.podIP}' -n kpod", "get", 1},
		{"kubectl get pods a b c -o custom-columns=NAME:.metadata.name -n kpod", "get", 3},
		{"kubectl get pod/x -n kpod", "get", 1},
		{"kubectl get nodes", "get nodes", 1},
		{"kubectl describe node kpod-e2e", "describe node", 1},
		{"kubectl describe pod multipod -n kpod", "describe", 1},
		{"kubectl describe pod liveness-http -n kpod | grep Liveness:", "describe", 1},
		{"kubectl exec multipod -c shell -n kpod -- hostname -i", "exec", 1},
		{"kubectl exec web-env -n kpod -- env | sort", "exec", 1},
		{"kubectl logs multipod -c web --tail=5 -n kpod", "logs", 1},
		{"kubectl delete pod liveness-defaults --now -n kpod", "delete --now", 1},
		{"kubectl wait --for=condition=Ready pod/x -n kpod", "wait", 1},
		{"kubectl patch configmap ambassador-config -p '{}' -n kpod", "patch", 1},
		{"kubectl logs counter -c count -f -n kpod", "logs -f", 1},
		{"kubectl debug node/kpod-e2e -it --profile=sysadmin --image=busybox:1.37 -- chroot /host crictl pods", "debug node", 1},
		{"kubectl top pod", "", 0},
	} {
		form, n := formOf(c.cmd)
		if form != c.form || n != c.n {
			t.Errorf("formOf(%q) = %q ×%d, want %q ×%d", c.cmd, form, n, c.form, c.n)
		}
	}
}

func TestCountV6(t *testing.T) {
	log := `I1201 01:00:00.000000   42 loader.go:402] Config loaded from file:  /etc/kubernetes/admin.conf
I1201 01:00:00.100000   42 round_trippers.go:632] "Response" verb="GET" url="https://10.250.0.1:6443/api/v1/namespaces/kpod/pods/web" status="200 OK" milliseconds=3
I1201 01:00:00.200000   42 round_trippers.go:632] "Response" verb="GET" url="https://10.250.0.1:6443/api/v1/namespaces/kpod/events?fieldSelector=involvedObject.name%3Dweb&limit=500" status="200 OK" milliseconds=2
I1201 01:00:00.300000   42 round_trippers.go:553] POST https://10.250.0.1:6443/api/v1/namespaces/kpod/pods 201 Created in 5 milliseconds
I1201 01:00:00.400000   42 round_trippers.go:632] "Response" verb="GET" url="https://10.250.0.1:6443/api/v1/namespaces/kpod/pods?fieldSelector=metadata.name%3Dweb&watch=true" status="200 OK" milliseconds=1
`
	got := countV6([]byte(log))
	want := map[string]int{"get": 1, "list": 1, "create": 1, "watch": 1}
	if len(got) != len(want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("counts %v, want %v", got, want)
		}
	}
	if total(got) != 4 {
		t.Errorf("total %d", total(got))
	}
}

func TestWatchesFor(t *testing.T) {
	got := watchesFor([]string{
		"kubectl run webserver --image=web -n kpod",
		"kubectl wait --for=condition=Ready pod/webserver -n kpod",
		"kubectl get pods -n kpod",
		"kubectl wait --for=condition=Ready pod/a pod/b -n kpod",
		"kubectl logs a -c web -f -n kpod",
	})
	if got["get -w"] != 2 || got["get events -w"] != 1 || len(got) != 2 {
		t.Errorf("watchesFor = %v, want one get -w per kubectl wait (2) and one get events -w", got)
	}
}
