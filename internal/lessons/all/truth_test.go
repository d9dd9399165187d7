package all

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sentences found wrong on the cluster (issue 25) stay gone, and what
// replaced them stays.
func TestWrongTextsStayFixed(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	read := func(file string) string {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, tc := range []struct {
		file      string
		gone, has []string
	}{
		{"internal/lessons/initlesson/en.md", []string{"when that first 10s back-off ends: about 10 to 15 seconds here"},
			[]string{"within a second", "claim: Error@init-config#2 -> Init:CrashLoopBackOff in 0s..16s", "10\nminutes without failing"}},
		{"internal/lessons/initlesson/ko.md", []string{"끝날 때 오므로, 여기서는 10~15초쯤 걸립니다"},
			[]string{"1초 안에 일어나기도", "claim: Error@init-config#2 -> Init:CrashLoopBackOff in 0s..16s"}},
		{"internal/diagnose/en.md", []string{"Within seconds the name resolves"}, []string{"for up to 30 seconds"}},
		{"internal/diagnose/ko.md", []string{"몇 초 안에 이름이 조회되고"}, []string{"최대 30초입니다"}},
		{"internal/lessons/probe/en.md", []string{"container is restarted 20 to 31 seconds after it breaks", "must be 1 for a liveness probe)"},
			[]string{"grace period", "maxContainerRestartPeriod", "liveness or startup probe", "anything but 200"}},
		{"examples/liveness-http.yaml", []string{"would take about 30s"}, []string{"grace period"}},
		{"internal/lessons/resources/en.md", []string{"decide who is evicted first", "The kernel's OOM killer follows the\nsame order"},
			[]string{"then its priority", "failCgroupV1: false"}},
		{"internal/lessons/static/en.md", nil, []string{"up to 90\nseconds, before it returns", "ConfigMaps, Secrets or a ServiceAccount"}},
		{"internal/lessons/multipod/en.md", nil, []string{"no bash. Use `-- sh`"}},
		{"internal/lessons/run/en.md", []string{"its image was\n  there or pulled (Pulled), and its sandbox came up"},
			[]string{"grep -i podip", "made its sandbox first, and the Pod got its IP"}},
		// The ambassador's failed asks on a run again: the DNS cache, not kube-proxy.
		{"internal/lessons/patterns/en.md", []string{"a new Service only carries traffic once kube-proxy"}, []string{"cache 30"}},
		{"internal/lessons/env/en.md", []string{"(kpod sorts the list"}, []string{"`sort` puts them in order"}},
		{"internal/lessons/messages/en.md", nil, []string{"node-debugger-"}},
		{"internal/timeline/en.md", []string{"A Service now sends the Pod traffic."}, []string{"## event.BackOff.pull"}},
		{"internal/lessons/patterns/ko.md", []string{"주 컨테이너", "노드에 배치됩니다", "여느 초기화 컨테이너처럼"}, nil},
		// failureThreshold counts failed checks, not seconds.
		{"internal/lessons/probe/ko.md", []string{"1초만\n실패해도"}, []string{"활성 프로브는 한 번만\n"}},
		{"internal/lessons/probe/en.md", []string{"one failed second"}, []string{"a single failed check"}},
		{"examples/startup-exec.yaml", []string{"one failed second"}, []string{"a single failed check"}},
		{"examples/comments.ko.md", []string{"1초\n실패한 뒤"}, []string{"한 번 실패하자마자"}},
		// A container restarts, not the Pod; the Pod keeps its IP.
		{"internal/lessons/pause/ko.md", []string{"파드는 재시작할"}, []string{"컨테이너가 다시 시작될 때마다 함께 사라지고"}},
		// The kubelet's source walk is a note for developers, not the student's text.
		{"internal/lessons/static/en.md", []string{"(In the kubelet's source"}, []string{"<!-- source, kubelet v1.37:"}},
		{"internal/lessons/static/ko.md", []string{"(kubelet v1.37 소스에서는"}, []string{"<!-- source, kubelet v1.37:"}},
	} {
		s := read(tc.file)
		for _, g := range tc.gone {
			if strings.Contains(s, g) {
				t.Errorf("%s still says %q", tc.file, g)
			}
		}
		for _, h := range tc.has {
			if !strings.Contains(s, h) {
				t.Errorf("%s lacks %q", tc.file, h)
			}
		}
	}
}
