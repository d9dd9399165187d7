package diagnose

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/text"
)

// bytes hands out choices from the fuzzer's data, zero once it runs out.
type bytes struct{ data []byte }

func (b *bytes) n(max int) int {
	if len(b.data) == 0 || max <= 0 {
		return 0
	}
	v := int(b.data[0]) % max
	b.data = b.data[1:]
	return v
}

func (b *bytes) pick(list ...string) string { return list[b.n(len(list))] }

var (
	fuzzWaiting = []string{"", "ContainerCreating", "PodInitializing", "ErrImagePull", "ImagePullBackOff", "InvalidImageName",
		"ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "Odd"}
	fuzzTerminated = []string{"", "Error", "Completed", "OOMKilled", "StartError", "ContainerCannotRun", "ContainerStatusUnknown"}
	fuzzReasons    = []string{"Failed", "BackOff", "Unhealthy", "Killing", "FailedScheduling", "FailedMount", "Pulling", "Scheduled", "Odd"}
	fuzzMessages   = []string{
		`Failed to pull image "%s": not found`,
		`Failed to pull image "%s": dial tcp: lookup x: no such host`,
		"Liveness probe failed: dial tcp 10.0.0.1:%s: connect: connection refused",
		"Readiness probe failed: HTTP probe failed with statuscode: %s",
		"Startup probe errored and resulted in unknown state: %s",
		"Liveness probe failed: %s",
		"Container %s failed liveness probe, will be restarted",
		"0/1 nodes are available: 1 Insufficient %s.",
		`couldn't find key %s in ConfigMap ns/cm`,
		`MountVolume.SetUp failed for volume "v" : secret "%s" not found`,
		"%s",
	}
)

// fuzzInput builds a Pod, its Events and logs from the fuzzer's choices.
func fuzzInput(data []byte, text, logs string) Input {
	b := &bytes{data}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: b.pick("p", "", text), Namespace: b.pick("ns", ""), UID: "u"}}
	p.Spec.NodeName = b.pick("", "node")
	p.Spec.RestartPolicy = corev1.RestartPolicy(b.pick("Always", "Never", "OnFailure", ""))
	p.Status.Phase = corev1.PodPhase(b.pick("", "Pending", "Running", "Succeeded", "Failed", "Unknown"))
	if b.n(4) == 0 {
		p.DeletionTimestamp = &metav1.Time{Time: time.Unix(int64(b.n(100)), 0)}
	}
	for i := b.n(3); i > 0; i-- {
		p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{
			Type:   corev1.PodConditionType(b.pick("Ready", "PodScheduled", "Initialized", text)),
			Status: corev1.ConditionStatus(b.pick("True", "False", "Unknown", "")), Reason: b.pick("", "Unschedulable", text), Message: text})
	}
	names := []string{"a", "b", "", text}
	container := func() (corev1.Container, corev1.ContainerStatus) {
		name := b.pick(names...)
		c := corev1.Container{Name: name, Image: b.pick("", "nginx", "r:5000/x:y", "x@sha256:00", text)}
		for i := b.n(3); i > 0; i-- {
			c.Ports = append(c.Ports, corev1.ContainerPort{Name: b.pick("", "http"), ContainerPort: int32(b.n(100))})
		}
		if b.n(2) == 0 {
			c.Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(fmt.Sprint(b.n(100)) + "Mi")}
			c.Resources.Requests = corev1.ResourceList{corev1.ResourceName(b.pick("cpu", "memory", "nvidia.com/gpu")): resource.MustParse(fmt.Sprint(b.n(9)))}
		}
		probe := func() *corev1.Probe {
			port := intstr.FromInt32(int32(b.n(100)))
			if b.n(2) == 0 {
				port = intstr.FromString(b.pick("http", "", text))
			}
			h := []corev1.ProbeHandler{{}, {HTTPGet: &corev1.HTTPGetAction{Port: port, Path: text}}, {TCPSocket: &corev1.TCPSocketAction{Port: port}},
				{Exec: &corev1.ExecAction{Command: strings.Fields(text)}}, {GRPC: &corev1.GRPCAction{Port: int32(b.n(9))}}}[b.n(5)]
			if b.n(3) == 0 {
				return nil
			}
			return &corev1.Probe{ProbeHandler: h, FailureThreshold: int32(b.n(4)), TimeoutSeconds: int32(b.n(3))}
		}
		c.LivenessProbe, c.ReadinessProbe, c.StartupProbe = probe(), probe(), probe()
		if b.n(4) == 0 {
			c.Command = strings.Fields(text)
		}
		state := func() corev1.ContainerState {
			switch b.n(4) {
			case 1:
				return corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: b.pick(fuzzWaiting...), Message: b.pick("", text)}}
			case 2:
				return corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.Unix(int64(b.n(100)), 0)}}
			case 3:
				return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: b.pick(fuzzTerminated...),
					ExitCode: int32(b.n(256)) - 1, Message: b.pick("", text), FinishedAt: metav1.Unix(int64(b.n(100)), 0)}}
			}
			return corev1.ContainerState{}
		}
		s := corev1.ContainerStatus{Name: b.pick(name, name, text), Ready: b.n(2) == 0, RestartCount: int32(b.n(5)),
			Image: c.Image, State: state(), LastTerminationState: state()}
		return c, s
	}
	for i := b.n(3); i > 0; i-- {
		c, s := container()
		if b.n(3) == 0 {
			always := corev1.ContainerRestartPolicyAlways
			c.RestartPolicy = &always
		}
		p.Spec.InitContainers = append(p.Spec.InitContainers, c)
		if b.n(4) > 0 {
			p.Status.InitContainerStatuses = append(p.Status.InitContainerStatuses, s)
		}
	}
	for i := b.n(4); i > 0; i-- {
		c, s := container()
		p.Spec.Containers = append(p.Spec.Containers, c)
		if b.n(4) > 0 {
			p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, s)
		}
	}
	in := Input{Pod: p, Logs: map[string]string{}, Used: map[string]string{}}
	if b.n(2) == 0 {
		in.Now = time.Unix(int64(b.n(200)), 0)
	}
	for _, n := range names {
		if b.n(2) == 0 {
			in.Logs[n] = logs
		}
		if b.n(4) == 0 {
			in.Used[n] = text
		}
	}
	for i := b.n(6); i > 0; i-- {
		msg := b.pick(fuzzMessages...)
		if strings.Count(msg, "%s") == 1 {
			msg = fmt.Sprintf(msg, b.pick(text, "8080", "404", "cpu", "nginx", "a"))
		}
		e := corev1.Event{Reason: b.pick(fuzzReasons...), Message: msg, Type: b.pick("Warning", "Normal", ""), Count: int32(b.n(5)),
			InvolvedObject: corev1.ObjectReference{Kind: b.pick("Pod", "", "Node"), Name: b.pick(p.Name, "other"), UID: "u",
				FieldPath: b.pick("", "spec.containers{a}", "spec.initContainers{a}", "spec.containers{"+text+"}", text)},
			LastTimestamp: metav1.Unix(int64(b.n(100)), 0)}
		if b.n(4) == 0 {
			e.Series = &corev1.EventSeries{Count: int32(b.n(9)), LastObservedTime: metav1.NewMicroTime(time.Unix(int64(b.n(100)), 0))}
		}
		if b.n(5) == 0 {
			e.InvolvedObject.UID = "other"
		}
		in.Events = append(in.Events, e)
	}
	if b.n(8) == 0 {
		in.Pod = nil
	}
	return in
}

// Diagnose never panics, always names a known case, and every text it
// returns is filled in; evidence always comes with a kubectl command.
func FuzzDiagnose(f *testing.F) {
	f.Add([]byte{}, "", "")
	f.Add([]byte{0, 0, 1, 2, 0, 0, 1, 1, 1, 3, 1, 0, 1, 1, 2, 1, 3, 3, 1, 3, 3, 2, 2}, "myservice.ns.svc", "** server can't find myservice.ns.svc: NXDOMAIN\n")
	f.Add([]byte("\x00\x01\x01\x02\x02\x00\x00\x00\x02\x01\x01\x00\x01\x04\x01\x07\x00\x01\x02\x03\x05"), "8080", "boom\n")
	f.Add([]byte("crash loop back off with many choices\x03\x03\x03\x07\x07"), "sh -c exit 3", "")
	f.Fuzz(func(t *testing.T, data []byte, word, logs string) {
		in := fuzzInput(data, word, logs)
		LogsWanted(in.Pod)
		for _, lang := range text.Languages {
			d := Diagnose(in, text.Scene{Lang: lang})
			if !slices.Contains(Cases, d.Case) {
				t.Fatalf("unknown case %q", d.Case)
			}
			if d.Title == "" || d.Cause == "" || len(d.Hints) > 3 {
				t.Fatalf("empty or odd diagnosis: %+v", d)
			}
			for _, s := range append([]string{d.Title, d.Cause}, d.Hints...) {
				if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") && !strings.Contains(word+logs, "{{") {
					t.Fatalf("unfilled text: %q", s)
				}
			}
			for _, e := range d.Evidence {
				if !strings.HasPrefix(e.Command, "kubectl ") {
					t.Fatalf("evidence without a command: %+v", e)
				}
			}
			if d.Case == Unknown && !strings.Contains(d.Cause, map[string]string{"en": "no diagnosis", "ko": "알아내지 못했습니다"}[lang]) {
				t.Fatalf("unknown that does not say so: %s", d.Cause)
			}
		}
	})
}
