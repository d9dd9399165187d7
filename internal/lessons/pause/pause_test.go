package pause

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		out := lessontest.DryRun(t, Lesson, lang)
		for _, want := range []string{
			"kubectl create -f pod-multi.yaml -n kpod",
			"kubectl debug node/<multipod-node> -it --profile=sysadmin --image=busybox:1.37 -- chroot /host crictl pods --name multipod --namespace kpod",
			`kubectl debug node/<multipod-node> -it --profile=sysadmin --image=busybox:1.37 -- chroot /host sh -c "grep -lE 'pod<multipod-uid>|pod<multipod_uid>' /proc/[0-9]*/cgroup"`,
			"kubectl debug node/<multipod-node> -it --profile=sysadmin --image=busybox:1.37 -- chroot /host nsenter -t <pause-pid> -n ip addr",
			"image: nginx:1.30-alpine",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: dry run lacks %q:\n%s", lang, want, out)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, Lesson)
}

func TestManifest(t *testing.T) {
	for _, st := range Lesson.Steps(Lesson.Defaults()) {
		for _, a := range st.Do {
			plan, err := a.Plan()
			if err != nil {
				t.Fatal(err)
			}
			file, data := plan.File, plan.Manifest
			if file == "" {
				continue
			}
			objs, err := lessons.Decode(data)
			if err != nil || len(objs) != 1 {
				t.Fatalf("%s: %v (%d objects)", file, err, len(objs))
			}
			p, ok := objs[0].(*corev1.Pod)
			if !ok || p.Name != pod || len(p.Spec.Containers) != 2 {
				t.Errorf("%s is not the two-container Pod %s", file, pod)
			}
		}
	}
}

// A cluster that refuses privileged Pods, not a kind cluster: one clear
// error before kpod makes anything.
func TestNoNodeAccess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node}}
	clients, fake, err := lessontest.FakeClients(ctx, nil, n)
	if err != nil {
		t.Fatal(err)
	}
	created := 0
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		if p.Spec.HostPID {
			return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), p.Name, errors.New("violates PodSecurity \"baseline:latest\": privileged"))
		}
		created++
		return false, nil, nil
	})
	var out bytes.Buffer
	err = lessontest.FakeSession(Lesson, nil, clients, &out).Run(ctx)
	if err == nil || !errors.Is(err, node.ErrNoAccess) || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(err.Error(), "not with docker exec (node node-1 is not a kind node)") || !strings.Contains(err.Error(), "refuses a privileged helper Pod on node node-1") {
		t.Fatalf("want one clear line, got %v\n%s", err, out.String())
	}
	if created != 0 || strings.Contains(out.String(), "$ ") {
		t.Errorf("kpod made %d Pods or ran a step although it cannot reach the node:\n%s", created, out.String())
	}
	lessontest.NoPodsLeft(t, fake)
}
