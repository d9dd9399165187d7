package clean

import (
	"bytes"
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// clean deletes what kpod made in its namespace, says so in the session's
// language, and leaves a labelled object elsewhere alone.
func TestCleanDeletesOnlyOurs(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {`pod "web" deleted from namespace kpod`, "Not touched: pod/other in namespace team"},
		"ko": {"삭제했습니다: kpod 네임스페이스의 pod/web", "건드리지 않음: team 네임스페이스의 pod/other"},
	} {
		ctx := context.Background()
		labels := map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: "run"}
		clients, c, err := lessontest.FakeClients(ctx, nil,
			&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kpod", Labels: map[string]string{kube.WorkspaceLabel: "true"}}},
			&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team"}},
			&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod", Labels: labels}},
			&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "other", Namespace: "team", Labels: labels}},
		)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		cl := &Cleaner{Clients: clients, Scene: text.Scene{Lang: lang}, Out: &out, Clock: clock.RealClock{}, ShellImage: "busybox"}
		if err := cl.Run(ctx); err != nil {
			t.Fatalf("%s: %v\n%s", lang, err, out.String())
		}
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: no %q in:\n%s", lang, w, out.String())
			}
		}
		if _, err := c.CoreV1().Pods("team").Get(ctx, "other", metav1.GetOptions{}); err != nil {
			t.Errorf("%s: the Pod in namespace team is gone: %v", lang, err)
		}
		if _, err := c.CoreV1().Pods("kpod").Get(ctx, "web", metav1.GetOptions{}); err == nil {
			t.Errorf("%s: pod/web is still there", lang)
		}
	}
}
