//go:build e2e

package torture

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// all is set by `make torture`: every lesson, step and signal, not the sample.
var all = os.Getenv("KPOD_TORTURE") == "all"

// uids are the Pods in ns by name.
func uids(t *testing.T, c kubernetes.Interface, ns string) map[string]types.UID {
	t.Helper()
	pods, err := c.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]types.UID{}
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil {
			out[p.Name] = p.UID
		}
	}
	return out
}

func same(a, b map[string]types.UID) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// oneLine reports whether kpod's stderr is one line.
func oneLine(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.Contains(s, "\n")
}

var figuresMu sync.Mutex

// figure records a measured time (no test asserts on times) in the log
// and in $KPOD_TORTURE_FIGURES, for the table `make torture` prints.
func figure(t *testing.T, name string, d time.Duration) {
	t.Logf("figure: %s %.2fs", name, d.Seconds())
	count(t, "s:"+name, d.Seconds())
}

// count adds one line "TEST<TAB>column<TAB>value" to $KPOD_TORTURE_FIGURES,
// TEST being the top-level test. The columns of the table: runs (of kpod),
// interrupts, failures (injected), left (objects left behind; goal 0).
func count(t *testing.T, column string, v float64) {
	f := os.Getenv("KPOD_TORTURE_FIGURES")
	if f == "" {
		return
	}
	test, _, _ := strings.Cut(t.Name(), "/")
	figuresMu.Lock()
	defer figuresMu.Unlock()
	_ = os.MkdirAll(filepath.Dir(f), 0o755)
	w, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer w.Close()
	fmt.Fprintf(w, "%s\t%s\t%g\n", test, column, v)
}
