package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/recordings"
	"github.com/kpod-dev/kpod/internal/text"
)

// A cluster that refuses privileged Pods: pause says why in one line, then
// offers the recording of a real run; accepted, it plays in Korean, marked
// as a recording from start to end, and the command still fails. With
// --no-replay or -o json there is no offer.
func TestOfferRecordingWhereNodesAreRefused(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	refusing := func() *Factory {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node}}
		clients, fake, err := lessontest.FakeClients(ctx, nil, node)
		if err != nil {
			t.Fatal(err)
		}
		fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
			p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
			if p.Spec.HostPID {
				return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), p.Name, errors.New(`violates PodSecurity "baseline:latest": privileged`))
			}
			return false, nil, nil
		})
		app := practiceApp(t, clients)
		app.Streams.OutWidth, app.Streams.OutTTY = 0, true
		app.Clock = lessontest.NewInstantClock(time.Now())
		return app
	}

	// The recording built in: pause recorded in English on the test cluster,
	// with its keys and facts.
	data, err := fs.ReadFile(recordings.Files, "pause.json")
	if err != nil {
		t.Fatal(err)
	}
	english := []string{"Lesson complete"}
	for _, line := range bytes.Split(data, []byte("\n")) {
		var r struct{ Type, Title string }
		if json.Unmarshal(line, &r) == nil && r.Type == "step" && r.Title != "" {
			english = append(english, r.Title)
		}
	}
	if len(english) < 3 {
		t.Fatalf("the built-in pause recording has %d step titles", len(english)-1)
	}

	app := refusing()
	app.Streams.In = strings.NewReader("\n") // Enter: yes
	r := run(t, app, ctx, "pause", "--lang", "ko")
	if r.code != 1 {
		t.Errorf("exit %d, want 1: the lesson did not run here", r.code)
	}
	if n := strings.Count(r.err, "오류: "); n != 1 || strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
		t.Errorf("want the reason once, on one line; stderr:\n%s", r.err)
	}
	start, end := strings.Index(r.out, "▶ 기록 재생"), strings.Index(r.out, "■ pause 실습 기록이 끝났습니다")
	if !strings.Contains(r.out, "재생할까요? [Y/n]") || start < 0 || end < start {
		t.Fatalf("no offer, or the recording is not marked from start to end:\n%s\nstderr: %s", r.out, r.err)
	}
	played := r.out[start:end]
	if !strings.Contains(played, "$ ") || !strings.Contains(played, "[1/") {
		t.Errorf("no recording played:\n%s", played)
	}
	for _, en := range english {
		if strings.Contains(played, en) {
			t.Errorf("English %q in the Korean replay:\n%s", en, played)
		}
	}
	if !strings.Contains(played, "컨테이너") {
		t.Errorf("the recording did not play in Korean:\n%s", played)
	}

	for _, args := range [][]string{{"pause", "--no-replay"}, {"pause", "-o", "json"}} {
		app := refusing()
		app.Streams.In = strings.NewReader("\n")
		r := run(t, app, ctx, args...)
		if r.code != 1 || strings.Contains(r.out, "[Y/n]") || strings.Contains(r.out, "▶") {
			t.Errorf("%v: exit %d, and an offer or a recording:\n%s", args, r.code, r.out)
		}
	}
	app = refusing()
	app.Streams.In = strings.NewReader("n\n")
	if r := run(t, app, ctx, "pause"); r.code != 1 || strings.Contains(r.out, "▶") || !strings.Contains(r.out, "[Y/n]") {
		t.Errorf("declined: exit %d:\n%s", r.code, r.out)
	}

	// A student's kubeconfig is refused the nodes before the cluster is
	// asked: the same line, then the same offer.
	app = practiceApp(t, nil)
	app.Streams.OutTTY = true
	app.Streams.In = strings.NewReader("n\n")
	r = run(t, app, ctx, "pause", "--kubeconfig", studentKubeconfig(t, "kpod-class-c1-s01", "kpod-c1-s01"))
	if r.code != 1 || strings.Count(r.err, "error: ") != 1 || !strings.Contains(r.out, "[Y/n]") {
		t.Errorf("student: exit %d, no offer or not one error line:\n%s\nstderr: %s", r.code, r.out, r.err)
	}

	// Run as the kubectl plugin, the end of the recording names
	// kpod's commands as the user types them.
	app = refusing()
	app.Name = text.Program("/usr/local/bin/kubectl-kpod")
	app.Streams.In = strings.NewReader("\n")
	r = run(t, app, ctx, "pause")
	words := strings.Join(strings.Fields(r.out), " ") // unwrapped
	end = strings.Index(words, "■ End of the recording")
	if end < 0 || !strings.Contains(words[end:], "(`kubectl kpod cluster create`, then `kubectl kpod doctor`)") {
		t.Errorf("kubectl kpod pause: the end of the recording does not name kubectl kpod:\n%s", r.out)
	}
}

// An answer says yes in either language, whatever --lang is; an empty one
// takes the question's default.
func TestYes(t *testing.T) {
	for _, c := range []struct {
		answer string
		def    bool
		want   bool
	}{
		{"", true, true}, {"\n", false, false}, {"y\n", false, true}, {" YES ", false, true},
		{"네\n", false, true}, {"예", false, true}, {"n\n", true, false}, {"아니요", true, false}, {"yeah", false, false},
	} {
		if got := yes(c.answer, c.def); got != c.want {
			t.Errorf("yes(%q, %v) = %v, want %v", c.answer, c.def, got, c.want)
		}
	}
}
