package ui

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	for _, tc := range []struct {
		line    string
		words   []string
		comment string
	}{
		{`kubectl get pods -o wide`, []string{"kubectl", "get", "pods", "-o", "wide"}, ""},
		{`kubectl exec p -- sh -c 'echo $A  and #x'`, []string{"kubectl", "exec", "p", "--", "sh", "-c", `'echo $A  and #x'`}, ""},
		{`a "b \" c" d\ e`, []string{"a", `"b \" c"`, `d\ e`}, ""},
		{`kubectl get pods -o wide          # static-web-NODE`, []string{"kubectl", "get", "pods", "-o", "wide"}, "# static-web-NODE"},
		{`echo a#b # c`, []string{"echo", "a#b"}, "# c"},
		{`x > /tmp/f.yaml   # 다른 곳에 써도 됩니다`, []string{"x", ">", "/tmp/f.yaml"}, "# 다른 곳에 써도 됩니다"},
	} {
		words, comment := SplitCommand(tc.line)
		if !slices.Equal(words, tc.words) || comment != tc.comment {
			t.Errorf("SplitCommand(%q) = %q, %q; want %q, %q", tc.line, words, comment, tc.words, tc.comment)
		}
	}
}

// joined is what the shell reads from printed lines: the prompt gone and
// each line that ends in " \" joined to the next.
func joined(printed, prompt string) string {
	s := strings.Replace(printed, prompt, "", 1)
	return strings.ReplaceAll(s, "\\\n", "")
}

func TestWrapCommand(t *testing.T) {
	long := `kubectl run client --rm -i --restart=Never --image=busybox:1.37 -n kpod -- wget -qO- 'http://<webserver ip>'`
	for _, width := range []int{40, 60, 80} {
		got := WrapCommand(long, width, "  ", "$ ")
		lines := strings.Split(got, "\n")
		for i, l := range lines {
			if Width(l) > width {
				t.Errorf("width %d: line %q is %d columns", width, l, Width(l))
			}
			if i < len(lines)-1 && !strings.HasSuffix(l, " \\") {
				t.Errorf("width %d: broken line %q does not end in \\", width, l)
			}
			if i > 0 && !strings.HasPrefix(l, "      ") {
				t.Errorf("width %d: continuation %q is not indented under the command", width, l)
			}
		}
		if !strings.HasPrefix(got, "  $ kubectl run") {
			t.Errorf("width %d: %q", width, got)
		}
		if j := joined(got, "$ "); strings.Join(strings.Fields(j), " ") != long {
			t.Errorf("width %d: joined %q, want %q", width, j, long)
		}
		if !strings.Contains(got, "'http://<webserver ip>'") {
			t.Errorf("width %d: a quoted word was broken:\n%s", width, got)
		}
		if sh, err := exec.LookPath("sh"); err == nil {
			if out, err := exec.Command(sh, "-n", "-c", joined(got, "$ ")).CombinedOutput(); err != nil {
				t.Errorf("width %d: sh -n: %v %s", width, err, out)
			}
		}
	}

	// A one-letter flag stays with its value.
	ns := "kubectl wait --for=condition=Ready pod/static-web-kpod-e2e -n kpod-e2e-class-rec"
	if got := WrapCommand(ns, 80, "  ", "$ "); !strings.Contains(got, "\\\n        -n kpod-e2e-class-rec") {
		t.Errorf("-n and its value apart:\n%s", got)
	}

	// A comment that does not fit goes above the command, whole.
	c := `kpod examples static-web > /etc/kubernetes/manifests/static-web.yaml   # or write it elsewhere and copy it here`
	got := WrapCommand(c, 80, "  ", "")
	want := "  # or write it elsewhere and copy it here\n  kpod examples static-web > /etc/kubernetes/manifests/static-web.yaml"
	if got != want {
		t.Errorf("comment:\n%s\nwant:\n%s", got, want)
	}
	for _, l := range strings.Split(WrapCommand(c, 30, "  ", ""), "\n") {
		if strings.HasSuffix(l, "\\") || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if !strings.HasPrefix(l, "      ") && !strings.HasPrefix(l, "  kpod") {
			t.Errorf("width 30: a comment's piece %q is a line of its own", l)
		}
	}

	// What fits stays as it is, its comment's alignment too.
	fits := "kubectl get pods -o wide          # static-web-NODE"
	if got := WrapCommand(fits, 80, "  ", ""); got != "  "+fits {
		t.Errorf("fits: %q", got)
	}
	if got := WrapCommand(long, 0, "  ", "$ "); got != "  $ "+long {
		t.Errorf("width 0: %q", got)
	}
}
