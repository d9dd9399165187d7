package resources_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
	"github.com/kpod-dev/kpod/internal/text"
)

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		out := lessontest.DryRun(t, resources.Lesson, lang)
		for _, want := range []string{
			"kubectl create -f pod-nginx-resources.yaml -n kpod",
			"kubectl describe pod nginx-resources -n kpod",
			"kubectl wait --for=condition=PodScheduled=false pod/too-big -n kpod",
			"kubectl wait --for=jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'=137 pod/oom-demo -n kpod",
			"cpu: \"100\"", "memory: 64Mi", "head -c 200m /dev/zero | tail",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s dry run lacks %q", lang, want)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, resources.Lesson)
}

// The manifests decode into the Pods the lesson waits for, with the
// resources its text talks about.
func TestManifests(t *testing.T) {
	want := map[string]string{
		"pod-nginx-resources.yaml": "nginx-resources", "pod-qos.yaml": "qos-guaranteed,qos-besteffort",
		"pod-too-big.yaml": "too-big", "pod-oom.yaml": "oom-demo",
	}
	pods := map[string]*corev1.Pod{}
	for file, names := range want {
		var got []string
		for _, o := range lessontest.Manifest(t, file) {
			p := o.(*corev1.Pod)
			pods[p.Name] = p
			got = append(got, p.Name)
		}
		if strings.Join(got, ",") != names {
			t.Errorf("%s holds %v, want %s", file, got, names)
		}
	}
	r := pods["nginx-resources"].Spec.Containers[0].Resources
	if r.Requests.Cpu().String() != "200m" || r.Requests.Memory().String() != "250Mi" || r.Limits.Cpu().String() != "1" || r.Limits.Memory().String() != "500Mi" {
		t.Errorf("nginx-resources: %+v", r)
	}
	g := pods["qos-guaranteed"].Spec.Containers[0].Resources
	if !g.Requests.Cpu().Equal(*g.Limits.Cpu()) || !g.Requests.Memory().Equal(*g.Limits.Memory()) {
		t.Errorf("qos-guaranteed: requests must equal limits: %+v", g)
	}
	if b := pods["qos-besteffort"].Spec.Containers[0].Resources; len(b.Requests)+len(b.Limits) > 0 {
		t.Errorf("qos-besteffort has resources: %+v", b)
	}
}

func TestConds(t *testing.T) {
	pending := &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodPending}}
	if ok, _ := resources.Unschedulable.Fn(pending); ok {
		t.Error("a Pod the scheduler has not looked at yet is not Unschedulable")
	}
	pending.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable}}
	if ok, _ := resources.Unschedulable.Fn(pending); !ok {
		t.Error("PodScheduled=False/Unschedulable not seen")
	}

	hog := &corev1.Pod{Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "memory-hog",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "OOMKilled", ExitCode: 137}}}}}}
	if ok, _ := resources.OOMRestarted.Fn(hog); ok {
		t.Error("killed but not yet restarted: not done")
	}
	c := &hog.Status.ContainerStatuses[0]
	c.RestartCount, c.LastTerminationState, c.State = 1, c.State, corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	if ok, _ := resources.OOMRestarted.Fn(hog); !ok {
		t.Error("OOMKilled and restarted not seen")
	}
	if !resources.OOMRestarted.Failing {
		t.Error("the OOM wait expects a failing container")
	}
}

// Every Pod of the lesson is created in its first step.
func TestTogether(t *testing.T) {
	lessontest.CreatedFirst(t, resources.Lesson, nil)
	if got := lessontest.Creates(resources.Lesson, nil)[0]; len(got) != 4 {
		t.Errorf("the first step creates %v, want the four manifests", got)
	}
}

// The lesson's OOM wait takes what kind shows as well: containerd on kind
// may report the kill as reason Error, exit code 137.
func TestOOMRestarted(t *testing.T) {
	pod := func(reason string, restarts int32) *corev1.Pod {
		c := corev1.Container{Name: "memory-hog", Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}
		return &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{c}},
			Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "memory-hog", RestartCount: restarts,
				LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: reason, ExitCode: 137}}}}}}
	}
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		want bool
	}{
		{"OOMKilled, restarted", pod("OOMKilled", 1), true},
		{"Error 137 under a memory limit, restarted", pod("Error", 1), true},
		{"OOMKilled, not restarted yet", pod("OOMKilled", 0), false},
	} {
		if got, err := resources.OOMRestarted.Fn(tc.pod); err != nil || got != tc.want {
			t.Errorf("%s: OOMRestarted = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}
