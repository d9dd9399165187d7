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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/pkg/lessons"
	"github.com/kpod-dev/kpod/pkg/lessons/lessontest"
)

func TestDryRun(t *testing.T) {
	for _, lang := range lessons.Languages {
		out := lessontest.DryRun(t, Lesson, lang)
		for _, want := range []string{
			"kubectl create -f pod-multi.yaml -n kpod",
			"ssh <multipod-node> sudo crictl pods --name multipod --namespace kpod",
			"ssh <multipod-node> sudo grep -lE 'pod<pod-uid>|pod<pod_uid>' /proc/[0-9]*/cgroup",
			"ssh <multipod-node> sudo nsenter -t <pause-pid> -n ip addr",
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

func TestParseScan(t *testing.T) {
	web := strings.Repeat("a", 64)
	sh := strings.Repeat("b", 64)
	sandbox := strings.Repeat("c", 64)
	pod := &corev1.Pod{Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{
		{Name: "nginx-container", ContainerID: "containerd://" + web},
		{Name: shell, ContainerID: "containerd://" + sh},
	}}}
	uid := "5f0c1a2b-1111-2222-3333-444455556666"
	out := strings.Join([]string{
		"200\t150\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\tsh -c while true; do sleep 5; done ",
		"180\t150\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + web + "\tnginx: master process nginx -g daemon off; ",
		"170\t150\tnet:[4026532500]\t0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + strings.ReplaceAll(uid, "-", "_") + ".slice/cri-containerd-" + sandbox + ".scope\t/pause ",
		"201\t200\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\tsleep 5 ",
		"202\t200\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\t",
		"garbage",
	}, "\n")
	procs := ParseScan(out, pod)
	if len(procs) != 4 {
		t.Fatalf("want 4 processes, got %+v", procs)
	}
	if procs[0].Container != Sandbox || procs[0].PID != 170 || procs[0].ID != sandbox {
		t.Errorf("pause should come first: %+v", procs[0])
	}
	if procs[1].Container != "nginx-container" || procs[2].Container != shell {
		t.Errorf("containers not named: %+v", procs)
	}
	if got := pidOf(procs, shell, true); got != "200" {
		t.Errorf("main shell PID = %s, want 200", got)
	}
	if got := pidOf(procs, Sandbox, false); got != "170" {
		t.Errorf("pause PID = %s, want 170", got)
	}
	if got := shortCgroup(procs[1].Cgroup); got != "/kubepods/besteffort/pod"+uid+"/aaaaaaaaaaaaa…" {
		t.Errorf("shortCgroup = %s", got)
	}
}

func TestLocalAddrs(t *testing.T) {
	out := `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 10.244.0.0/24 2 0 2
        |-- 10.244.0.0
           /24 link UNICAST
        |-- 10.244.0.7
           /32 host LOCAL
     +-- 127.0.0.0/8 2 0 2
        |-- 127.0.0.1
           /32 host LOCAL
Local:
  +-- 0.0.0.0/0 3 0 5
        |-- 10.244.0.7
           /32 host LOCAL
00000000000000000000000000000001 01 80 10 80       lo
fd000000000000000000000000000007 02 40 00 00     eth0
fe80000000000000a8b1c2fffed3e4f5 02 40 20 80     eth0
`
	got := strings.Join(LocalAddrs(out), " ")
	if got != "10.244.0.7 fd00::7" {
		t.Errorf("LocalAddrs = %q", got)
	}
	if !hasAddr("    inet 10.244.0.7/24 brd 10.244.0.255 scope global eth0", "10.244.0.7") {
		t.Error("hasAddr misses an inet line")
	}
	for in, want := range map[string]string{
		"fd00:0000:0000:0000:0000:0000:0000:0007": "fd00::7",
		"2001:0db8:0001:0000:0000:0000:0000:0000": "2001:db8:1::",
		"2001:0db8:0000:0001:0000:0000:0000:0001": "2001:db8:0:1::1",
	} {
		if got := compact6(in); got != want {
			t.Errorf("compact6(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestManifest(t *testing.T) {
	for _, st := range Lesson.Steps(Lesson.Defaults()) {
		for _, a := range st.Do {
			m, ok := a.(lessons.Manifester)
			if !ok {
				continue
			}
			file, data, err := m.Manifest()
			if err != nil {
				t.Fatal(err)
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

// A cluster that refuses privileged Pods: the lesson says so, skips the node
// steps, explains them, and still ends well.
func TestNoNodeAccess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, fake, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		if p.Spec.HostPID {
			return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), p.Name, errors.New("violates PodSecurity \"baseline:latest\": privileged"))
		}
		p.UID = types.UID("uid-" + p.Name) // the fake API server gives none
		return false, nil, nil
	})
	var out bytes.Buffer
	if err := lessontest.FakeSession(Lesson, nil, clients, &out).Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"does not allow privileged Pods",
		"kpod cannot look inside node node-1, so it skips the node steps",
		"An app container can crash",
		"✓ Lesson complete",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "$ ssh") {
		t.Errorf("node commands shown although kpod cannot reach the node:\n%s", text)
	}
	lessontest.NoPodsLeft(t, fake)
}
