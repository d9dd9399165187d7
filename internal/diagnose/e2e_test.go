//go:build e2e

package diagnose_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	watchtools "k8s.io/client-go/tools/watch"
	"k8s.io/client-go/util/jsonpath"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func image(role, def string) string {
	if v := os.Getenv("KPOD_IMAGE_" + strings.ToUpper(role)); v != "" {
		return v
	}
	return def
}

// A way a Pod goes wrong, caused for real: the objects beside the Pod
// (setup), the Pod, when the state to diagnose is there, and what kpod why
// must say. The test namespace is the row's own: why-e2e-<run>-<name>.
type whyCase struct {
	name    string
	sample  bool // in the sample make e2e runs
	setup   func(t *testing.T, c kubernetes.Interface, ns string)
	pod     *corev1.Pod                                           // nil: setup makes the Pods (a Deployment, a Job)
	target  string                                                // what kpod why is given; "": the Pod's name
	ready   func(*corev1.Pod) bool                                // the state to diagnose has been reached
	then    func(t *testing.T, c kubernetes.Interface, ns string) // after ready (delete the Pod...)
	events  []string                                              // Events to wait for too
	want    string                                                // case
	variant []string                                              // any of these variants; none: any
	check   func(t *testing.T, d diagnose.Diagnosis)
}

// everyWhy: KPOD_E2E_WHY=all runs every row (make e2e-why); make e2e runs
// the sample.
var everyWhy = os.Getenv("KPOD_E2E_WHY") == "all"

const grace = int64(1)

func one(name string, spec corev1.PodSpec) *corev1.Pod {
	g := grace
	spec.TerminationGracePeriodSeconds = &g
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app.kubernetes.io/managed-by": "kpod", "kpod.dev/test": "why", "app": name}}, Spec: spec}
}

func sh(shell, script string) []corev1.Container {
	return []corev1.Container{{Name: "app", Image: shell, Command: []string{"sh", "-c", script}}}
}

func status(name string, p *corev1.Pod) *corev1.ContainerStatus { return kube.ContainerStatus(p, name) }

// exited: the container has ended at least once with code.
func exited(name string, code int32) func(*corev1.Pod) bool {
	return func(p *corev1.Pod) bool {
		s := status(name, p)
		if s == nil || s.RestartCount < 1 {
			return false
		}
		for _, end := range []*corev1.ContainerStateTerminated{s.State.Terminated, s.LastTerminationState.Terminated} {
			if end != nil && end.ExitCode == code {
				return true
			}
		}
		return false
	}
}

func waitingFor(name string, reasons ...string) func(*corev1.Pod) bool {
	return func(p *corev1.Pod) bool {
		s := status(name, p)
		return s != nil && s.State.Waiting != nil && slices.Contains(reasons, s.State.Waiting.Reason)
	}
}

func unscheduled(p *corev1.Pod) bool {
	return kube.Condition(p, corev1.PodScheduled) == corev1.ConditionFalse
}

func create(t *testing.T, c kubernetes.Interface, ns string, objs ...runtime.Object) {
	t.Helper()
	ctx := context.Background()
	for _, o := range objs {
		var err error
		switch o := o.(type) {
		case *corev1.ConfigMap:
			_, err = c.CoreV1().ConfigMaps(ns).Create(ctx, o, metav1.CreateOptions{})
		case *corev1.Service:
			_, err = c.CoreV1().Services(ns).Create(ctx, o, metav1.CreateOptions{})
		case *corev1.PersistentVolumeClaim:
			_, err = c.CoreV1().PersistentVolumeClaims(ns).Create(ctx, o, metav1.CreateOptions{})
		case *corev1.ResourceQuota:
			_, err = c.CoreV1().ResourceQuotas(ns).Create(ctx, o, metav1.CreateOptions{})
		case *corev1.LimitRange:
			_, err = c.CoreV1().LimitRanges(ns).Create(ctx, o, metav1.CreateOptions{})
		case *appsv1.Deployment:
			_, err = c.AppsV1().Deployments(ns).Create(ctx, o, metav1.CreateOptions{})
		case *batchv1.Job:
			_, err = c.BatchV1().Jobs(ns).Create(ctx, o, metav1.CreateOptions{})
		default:
			t.Fatalf("create: %T", o)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func whyCases(run string) []whyCase {
	web, shell := image("web", "nginx:1.30-alpine"), image("shell", "busybox:1.37")
	badImage := strings.SplitN(web, ":", 2)[0] + ":no-such-tag"
	mem := func(q string) corev1.ResourceRequirements {
		return corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(q)}}
	}
	httpProbe := func(port int32, period, threshold int32) *corev1.Probe {
		return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(port)}},
			PeriodSeconds: period, FailureThreshold: threshold, TimeoutSeconds: 1}
	}
	labels := map[string]string{"app": "made"}
	template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}}
	one32 := int32(1)
	deployment := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "made"},
		Spec: appsv1.DeploymentSpec{Replicas: &one32, Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template}}
	quota := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "small"},
		Spec: corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{corev1.ResourceLimitsMemory: resource.MustParse("1Gi")}}}
	refused := func(variant string) func(t *testing.T, d diagnose.Diagnosis) {
		return func(t *testing.T, d diagnose.Diagnosis) {
			if d.Object == "" || !strings.Contains(d.Facts.Message, "forbidden") && d.Variant != variant {
				t.Errorf("refusal: %+v", d)
			}
		}
	}
	decoded := func(code int32, words string) func(t *testing.T, d diagnose.Diagnosis) {
		return func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.ExitCode != code || !strings.Contains(d.Cause, words) {
				t.Errorf("exit %d: %+v", code, d)
			}
		}
	}
	return []whyCase{{
		// Offline, a bad tag is a pull that cannot reach the registry: kpod
		// says so, as the runtime does, and does not claim "no such tag".
		name: "image-tag", sample: true,
		pod:   one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: badImage}}}),
		ready: waitingFor("app", "ErrImagePull", "ImagePullBackOff"), events: []string{"Failed"},
		want: diagnose.ImagePull, variant: []string{"unreachable", "not-found"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Image != badImage || d.Facts.Tag != "no-such-tag" || !strings.Contains(d.Cause, badImage) {
				t.Errorf("image: %+v", d)
			}
		},
	}, {
		// "No pull access" (a private repository) cannot be told from a
		// missing one offline either.
		name:  "image-private",
		pod:   one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example.com/team/private:1.0"}}}),
		ready: waitingFor("app", "ErrImagePull", "ImagePullBackOff"), events: []string{"Failed"},
		want: diagnose.ImagePull, variant: []string{"unreachable", "denied"},
	}, {
		name:  "image-invalid",
		pod:   one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "kpod.local/Shell:1.0"}}}),
		ready: waitingFor("app", "InvalidImageName"), want: diagnose.ImagePull, variant: []string{"invalid"},
	}, {
		name:  "image-never-pull",
		pod:   one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "kpod.local/none:1.0", ImagePullPolicy: corev1.PullNever}}}),
		ready: waitingFor("app", "ErrImageNeverPull"), want: diagnose.ImagePull, variant: []string{"never-pull"},
	}, {
		name: "crash", sample: true,
		pod:   one("app", corev1.PodSpec{Containers: sh(shell, "echo about to fail; exit 3")}),
		ready: func(p *corev1.Pod) bool { return exited("app", 3)(p) && waitingFor("app", "CrashLoopBackOff")(p) },
		want:  diagnose.CrashLoop, variant: []string{"exit"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.ExitCode != 3 || d.Facts.LogLine != "about to fail" || d.State == "CrashLoopBackOff" && d.Facts.BackOff == "" {
				t.Errorf("crash: %+v", d)
			}
		},
	}, {
		name: "exit-1", pod: one("app", corev1.PodSpec{Containers: sh(shell, "echo oops >&2; exit 1")}),
		ready: exited("app", 1), want: diagnose.CrashLoop, check: decoded(1, "something went wrong"),
	}, {
		name: "exit-127", sample: true, pod: one("app", corev1.PodSpec{Containers: sh(shell, "no-such-cmd")}),
		ready: exited("app", 127), want: diagnose.CrashLoop, check: decoded(127, "command not found"),
	}, {
		name: "exit-126", pod: one("app", corev1.PodSpec{Containers: sh(shell, "/etc/hostname")}),
		ready: exited("app", 126), want: diagnose.CrashLoop, check: decoded(126, "cannot execute"),
	}, {
		name: "exit-139", pod: one("app", corev1.PodSpec{Containers: sh(shell, "sleep 60 & kill -SEGV $!; wait $!")}),
		ready: exited("app", 139), want: diagnose.CrashLoop, check: decoded(139, "SIGSEGV"),
	}, {
		name: "exit-143", pod: one("app", corev1.PodSpec{Containers: sh(shell, "sleep 60 & kill -TERM $!; wait $!")}),
		ready: exited("app", 143), want: diagnose.CrashLoop, check: decoded(143, "SIGTERM"),
	}, {
		name: "completed", pod: one("app", corev1.PodSpec{Containers: sh(shell, "echo done")}),
		ready: exited("app", 0), want: diagnose.CrashLoop, variant: []string{"completed"},
	}, {
		name: "not-found", pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"no-such-cmd"}}}}),
		ready: func(p *corev1.Pod) bool { s := status("app", p); return s != nil && s.RestartCount >= 1 },
		want:  diagnose.StartError, variant: []string{"not-found"},
	}, {
		name: "not-executable", pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"/etc/hostname"}}}}),
		ready: func(p *corev1.Pod) bool { s := status("app", p); return s != nil && s.RestartCount >= 1 },
		want:  diagnose.StartError, variant: []string{"not-executable"},
	}, {
		name: "post-start", pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			Lifecycle: &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"sh", "-c", "exit 1"}}}}}}}),
		ready:  func(p *corev1.Pod) bool { s := status("app", p); return s != nil && s.RestartCount >= 1 },
		events: []string{"FailedPostStartHook"}, want: diagnose.StartError, variant: []string{"post-start"},
	}, {
		name: "liveness", sample: true,
		pod: one("web", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: web,
			Ports: []corev1.ContainerPort{{ContainerPort: 80}}, LivenessProbe: httpProbe(8080, 1, 1)}}}),
		ready:  func(p *corev1.Pod) bool { s := status("web", p); return s != nil && s.RestartCount >= 1 },
		events: []string{"Unhealthy", "Killing"}, want: diagnose.ProbeFailing, variant: []string{"wrong-port"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Port != "8080" || d.Facts.Ports != "80" || d.Facts.Probe != "liveness" {
				t.Errorf("probe: %+v", d)
			}
		},
	}, {
		name: "readiness", sample: true,
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			create(t, c, ns, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "front"},
				Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}}}})
		},
		pod:    one("web", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: web, ReadinessProbe: httpProbe(8080, 1, 1)}}}),
		ready:  func(p *corev1.Pod) bool { s := status("web", p); return s != nil && s.State.Running != nil && !s.Ready },
		events: []string{"Unhealthy"}, want: diagnose.ProbeFailing, variant: []string{"refused"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Services != "front" || !strings.Contains(d.Cause, "Service front") {
				t.Errorf("readiness: %+v", d)
			}
		},
	}, {
		name:   "startup",
		pod:    one("web", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: web, StartupProbe: httpProbe(8080, 1, 3)}}}),
		ready:  func(p *corev1.Pod) bool { s := status("web", p); return s != nil && s.RestartCount >= 1 },
		events: []string{"Unhealthy", "Killing"}, want: diagnose.ProbeFailing,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Probe != "startup" || d.Facts.Budget != 3 {
				t.Errorf("startup: %+v", d)
			}
		},
	}, {
		name: "cpu", sample: true,
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100")}}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"insufficient"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Resource != "cpu" || d.Facts.Request != "100" {
				t.Errorf("scheduling: %+v", d)
			}
		},
	}, {
		name: "memory",
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1000Gi")}}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"insufficient"},
	}, {
		name: "selector",
		pod: one("app", corev1.PodSpec{NodeSelector: map[string]string{"disk": "ssd"},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"selector"},
	}, {
		name: "affinity",
		pod: one("app", corev1.PodSpec{Affinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "kubernetes.io/os", Operator: corev1.NodeSelectorOpIn, Values: []string{"plan9"}}}}}}}},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"selector"},
	}, {
		// A taint on the shared test node would stop every other test's
		// Pods: the taint goes on a Node of the row's own (ghost), which
		// the Pod's nodeSelector alone matches.
		name:  "taint",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) { ghost(t, c, ns, run, ghostName(run, "taint")) },
		pod: one("app", corev1.PodSpec{NodeSelector: map[string]string{ghostLabel: ghostName(run, "taint")},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"taint"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if !strings.Contains(d.Facts.Taint, ghostLabel) || !strings.Contains(d.Cause, ghostLabel) {
				t.Errorf("taint: kpod names %q, not the ghost node's %s: %+v", d.Facts.Taint, ghostLabel, d)
			}
		},
	}, {
		name: "pvc",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			class := "no-such-class"
			create(t, c, ns, &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "data"}, Spec: corev1.PersistentVolumeClaimSpec{
				StorageClassName: &class, AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Mi")}}}})
		},
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			VolumeMounts: []corev1.VolumeMount{{Name: "d", MountPath: "/d"}}}},
			Volumes: []corev1.Volume{{Name: "d", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}}}}),
		ready: unscheduled, events: []string{"FailedScheduling"}, want: diagnose.Unschedulable, variant: []string{"pvc"},
	}, {
		name: "gated",
		pod: one("app", corev1.PodSpec{SchedulingGates: []corev1.PodSchedulingGate{{Name: "example.com/wait"}},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: unscheduled, want: diagnose.Unschedulable, variant: []string{"gated"},
	}, {
		name: "init-dns", sample: true,
		pod: one("app", corev1.PodSpec{
			InitContainers: []corev1.Container{{Name: "wait-db", Image: shell, Command: []string{"sh", "-c",
				"until nslookup no-such-db.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for no-such-db; sleep 1; done"}}},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: func(p *corev1.Pod) bool { s := status("wait-db", p); return s != nil && s.State.Running != nil },
		then:  func(*testing.T, kubernetes.Interface, string) { time.Sleep(4 * time.Second) }, // a few tries logged
		want:  diagnose.InitStuck, variant: []string{"dns"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if !strings.HasPrefix(d.Facts.Host, "no-such-db.") {
				t.Errorf("init: %+v", d)
			}
		},
	}, {
		name: "init-crash",
		pod: one("app", corev1.PodSpec{InitContainers: sh(shell, "echo migration failed; exit 2"),
			Containers: []corev1.Container{{Name: "main", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: exited("app", 2), want: diagnose.CrashLoop, variant: []string{"init"},
	}, {
		name: "sidecar",
		pod: one("app", corev1.PodSpec{InitContainers: []corev1.Container{{Name: "log", Image: shell, Command: []string{"sh", "-c", "echo sidecar broke; exit 2"},
			RestartPolicy: ptr(corev1.ContainerRestartPolicyAlways)}},
			Containers: []corev1.Container{{Name: "main", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: exited("log", 2), want: diagnose.CrashLoop, variant: []string{"sidecar"},
	}, {
		name: "config-key", sample: true,
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			create(t, c, ns, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"color": "blue"}})
		},
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			Env: []corev1.EnvVar{{Name: "SIZE", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "settings"}, Key: "size"}}}}}}}),
		ready: waitingFor("app", "CreateContainerConfigError"), want: diagnose.ConfigError, variant: []string{"key"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Key != "size" || d.Facts.Name != "settings" {
				t.Errorf("config: %+v", d)
			}
		},
	}, {
		name: "config-init-envfrom",
		pod: one("app", corev1.PodSpec{InitContainers: []corev1.Container{{Name: "setup", Image: shell, Command: []string{"true"},
			EnvFrom: []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "no-such-config"}}}}}},
			Containers: []corev1.Container{{Name: "main", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: waitingFor("setup", "CreateContainerConfigError"), want: diagnose.ConfigError, variant: []string{"missing"},
	}, {
		name: "config-secret",
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			Env: []corev1.EnvVar{{Name: "TOKEN", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "no-such-secret"}, Key: "token"}}}}}}}),
		ready: waitingFor("app", "CreateContainerConfigError"), want: diagnose.ConfigError, variant: []string{"missing"},
	}, {
		name: "mount",
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"},
			VolumeMounts: []corev1.VolumeMount{{Name: "conf", MountPath: "/conf"}}}},
			Volumes: []corev1.Volume{{Name: "conf", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "no-such-config"}}}}}}),
		ready: func(*corev1.Pod) bool { return true }, events: []string{"FailedMount"}, want: diagnose.ConfigError, variant: []string{"volume"},
	}, {
		name: "sandbox",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			rc := &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"kpod.dev/test": "why"}}, Handler: "no-such-handler"}
			if _, err := c.NodeV1().RuntimeClasses().Create(context.Background(), rc, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.NodeV1().RuntimeClasses().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
		},
		pod:    one("app", corev1.PodSpec{RuntimeClassName: ptr("why-e2e-" + run + "-sandbox"), Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready:  func(*corev1.Pod) bool { return true },
		events: []string{"FailedCreatePodSandBox"}, want: diagnose.Sandbox, variant: []string{"runtime-class"},
	}, {
		name: "oom", sample: true,
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "hog", Image: shell,
			Command: []string{"sh", "-c", "echo reading; head -c 200m /dev/zero | tail"}, Resources: mem("64Mi")}}}),
		// The end kpod reads has exit 137: OOMKilled, or Error when
		// containerd missed the OOM event (seen on kind nodes); kpod says
		// "probably" then, from the limit and the shell's "Killed" line.
		ready: exited("hog", 137), want: diagnose.OOMKilled, variant: []string{"limit", "probably"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Limit != "64Mi" || d.Facts.ExitCode != 137 {
				t.Errorf("oom: %+v", d)
			}
		},
	}, {
		name: "evicted",
		pod: one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell,
			Command:   []string{"sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=20; sleep 3600"},
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceEphemeralStorage: resource.MustParse("2Mi")}}}}}),
		ready: func(p *corev1.Pod) bool { return p.Status.Reason == "Evicted" }, events: []string{"Evicted"},
		want: diagnose.Evicted, variant: []string{"storage"},
	}, {
		// A Pod bound to a Node of the test's own that no kubelet runs:
		// deleted, it stays Terminating, as on a node that went away.
		name:  "node-gone",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) { ghost(t, c, ns, run, ghostName(run, "gone")) },
		pod: one("app", corev1.PodSpec{NodeName: ghostName(run, "gone"),
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: func(p *corev1.Pod) bool { return p.Spec.NodeName != "" },
		then: func(t *testing.T, c kubernetes.Interface, ns string) {
			g := grace
			if err := c.CoreV1().Pods(ns).Delete(context.Background(), "app", metav1.DeleteOptions{GracePeriodSeconds: &g}); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			notReady(t, c, ghostName(run, "gone"))
			time.Sleep(35*time.Second - time.Since(start)) // kpod calls a Pod stuck 30s after its deletion
		},
		want: diagnose.Terminating, variant: []string{"node"},
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Node != ghostName(run, "gone") || !strings.Contains(d.Cause, ghostName(run, "gone")) {
				t.Errorf("node gone: %+v", d)
			}
		},
	}, {
		name: "finalizer",
		pod: func() *corev1.Pod {
			p := one("app", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}})
			p.Finalizers = []string{"kpod.dev/why-e2e"}
			return p
		}(),
		ready: func(p *corev1.Pod) bool { s := status("app", p); return s != nil && s.State.Running != nil },
		then: func(t *testing.T, c kubernetes.Interface, ns string) {
			g := grace
			if err := c.CoreV1().Pods(ns).Delete(context.Background(), "app", metav1.DeleteOptions{GracePeriodSeconds: &g}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(35 * time.Second) // kpod calls a Pod stuck 30s after its deletion
		},
		want: diagnose.Terminating, variant: []string{"finalizers"},
	}, {
		name: "deployment-quota", sample: true,
		setup:  func(t *testing.T, c kubernetes.Interface, ns string) { create(t, c, ns, quota, deployment) },
		target: "deployment/made", events: []string{"FailedCreate"},
		want: diagnose.NotCreated, variant: []string{"quota"}, check: refused("quota"),
	}, {
		name: "job-quota",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "made"}, Spec: batchv1.JobSpec{Template: *template.DeepCopy()}}
			job.Spec.Template.ObjectMeta.Labels = nil
			job.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever
			create(t, c, ns, quota, job)
		},
		target: "job/made", events: []string{"FailedCreate"},
		want: diagnose.NotCreated, variant: []string{"quota"}, check: refused("quota"),
	}, {
		name: "deployment-limitrange",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			d := deployment.DeepCopy()
			d.Spec.Template.Spec.Containers[0].Resources = mem("128Mi")
			create(t, c, ns, &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "bounds"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
				Type: corev1.LimitTypeContainer, Max: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}}}, d)
		},
		target: "deployment/made", events: []string{"FailedCreate"},
		want: diagnose.NotCreated, variant: []string{"limit-range"}, check: refused("limit-range"),
	}, {
		name: "deployment-podsecurity",
		setup: func(t *testing.T, c kubernetes.Interface, ns string) {
			n, err := c.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			n.Labels["pod-security.kubernetes.io/enforce"] = "restricted"
			if _, err := c.CoreV1().Namespaces().Update(context.Background(), n, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			create(t, c, ns, deployment.DeepCopy())
		},
		target: "deployment/made", events: []string{"FailedCreate"},
		want: diagnose.NotCreated, variant: []string{"pod-security"}, check: refused("pod-security"),
	}}
}

func ptr[T any](v T) *T { return &v }

// ghostLabel labels, and taints, the test's own Nodes.
const ghostLabel = "kpod.dev/e2e-ghost"

func ghostName(run, row string) string { return "kpod-e2e-ghost-" + run + "-" + row }

// ghost makes a Node object of the test's own, with no kubelet behind it:
// the node lifecycle controller finds that it never reports and marks it
// NotReady, and its own NoSchedule taint keeps the scheduler off it. Ghosts
// an interrupted run left behind go first. When the test ends, the Pods
// bound to it are deleted at once (grace 0: no kubelet would confirm),
// then the Node.
func ghost(t *testing.T, c kubernetes.Interface, ns, run, name string) {
	t.Helper()
	ctx := context.Background()
	if old, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: ghostLabel + "-run,kpod.dev/e2e-ghost-run!=" + run}); err == nil {
		for _, n := range old.Items {
			_ = c.CoreV1().Nodes().Delete(ctx, n.Name, metav1.DeleteOptions{})
		}
	}
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{ghostLabel: name, ghostLabel + "-run": run, "kpod.dev/test": "why"}},
		Spec: corev1.NodeSpec{Taints: []corev1.Taint{{Key: ghostLabel, Value: name, Effect: corev1.TaintEffectNoSchedule}}}}
	if _, err := c.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if pods, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + name}); err == nil {
			for _, p := range pods.Items {
				_ = c.CoreV1().Pods(ns).Delete(ctx, p.Name, metav1.DeleteOptions{GracePeriodSeconds: new(int64)})
			}
		}
		if err := c.CoreV1().Nodes().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !kube.IsNotFound(err) {
			t.Errorf("node %s left behind: %v", name, err)
		}
	})
}

// notReady waits until the node lifecycle controller has marked the ghost
// node not Ready (it waits its grace period, about 50s, for a first report
// that never comes); kpod takes a node without a Ready condition as not
// Ready too, so a cluster slower than that only gets a line in the log.
func notReady(t *testing.T, c kubernetes.Interface, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	nodes := c.CoreV1().Nodes()
	_, err := watchtools.UntilWithSync(ctx, kube.Selected(c, metav1.ListOptions{FieldSelector: "metadata.name=" + name}, nodes.List, nodes.Watch), &corev1.Node{}, nil, func(e watch.Event) (bool, error) {
		n, ok := e.Object.(*corev1.Node)
		if !ok {
			return false, nil
		}
		for _, cond := range n.Status.Conditions {
			if cond.Type == corev1.NodeReady && cond.Status != corev1.ConditionTrue {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		t.Logf("node %s: no Ready condition set by the node lifecycle controller yet (%v)", name, err)
	}
}

// Real Pods that go wrong in each way kpod diagnoses; kpod why must name
// the cause in both languages, and every piece of evidence it cites must be
// in the cluster. KPOD_E2E_WHY=all runs every row, else a sample.
func TestWhyOnRealPods(t *testing.T) {
	c := lessontest.Client(t)
	run := fmt.Sprintf("%04x", rand.IntN(1<<16))
	ctx := context.Background()
	for _, tc := range whyCases(run) {
		t.Run(tc.name, func(t *testing.T) {
			if !everyWhy && !tc.sample {
				t.Skip("not in the sample: KPOD_E2E_WHY=all (make e2e-why) runs every row")
			}
			t.Parallel()
			ns := "why-e2e-" + run + "-" + tc.name
			if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"kpod.dev/test": "why"}}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cleanNamespace(c, ns) })
			if tc.setup != nil {
				tc.setup(t, c, ns)
			}
			target := tc.target
			if tc.pod != nil {
				if _, err := c.CoreV1().Pods(ns).Create(ctx, tc.pod, metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
				target = tc.pod.Name
				if _, err := kube.WaitPod(ctx, c, ns, tc.pod.Name, 3*time.Minute, func(p *corev1.Pod) (bool, error) { return tc.ready(p), nil }); err != nil {
					t.Fatal(err)
				}
			}
			if tc.then != nil {
				tc.then(t, c, ns)
			}
			for _, reason := range tc.events {
				waitEvent(t, c, ns, reason)
			}
			var en diagnose.Diagnosis
			for _, lang := range []string{"en", "ko"} {
				r := lessontest.Kpod(t, "why", target, "-n", ns, "-o", "json", "--lang", lang)
				var d diagnose.Diagnosis
				if err := json.Unmarshal([]byte(r.Stdout), &d); err != nil || r.Code != 0 {
					t.Fatalf("kpod why --lang %s: exit %d, %v\n%s%s", lang, r.Code, err, r.Stdout, r.Stderr)
				}
				if d.Case != tc.want || len(tc.variant) > 0 && !slices.Contains(tc.variant, d.Variant) {
					t.Fatalf("--lang %s: case %s/%s, want %s %v: %s", lang, d.Case, d.Variant, tc.want, tc.variant, d.Cause)
				}
				if lang == "en" {
					en = d
					if tc.check != nil {
						tc.check(t, d)
					}
					for _, e := range d.Evidence {
						inCluster(t, c, ns, tc.pod != nil, target, e)
					}
				} else if d.Cause == en.Cause || !hangul(d.Cause) {
					t.Errorf("Korean cause: %s", d.Cause)
				}
			}
			// A crash-looping Pod moves on between the calls (waiting, then
			// terminated again), so the evidence may differ: the diagnosis
			// must not.
			human := lessontest.Kpod(t, "why", target, "-n", ns)
			if human.Code != 0 || !strings.Contains(human.Stdout, en.Title) || !strings.Contains(human.Stdout, "$ kubectl ") {
				t.Errorf("kpod why for people:\n%s%s", human.Stdout, human.Stderr)
			}
		})
	}
}

func hangul(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

// cleanNamespace deletes a test namespace, first taking off the finalizers
// the test itself put on its Pods.
func cleanNamespace(c kubernetes.Interface, ns string) {
	ctx := context.Background()
	if pods, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err == nil {
		for _, p := range pods.Items {
			if slices.Contains(p.Finalizers, "kpod.dev/why-e2e") {
				_, _ = c.CoreV1().Pods(ns).Patch(ctx, p.Name, types.JSONPatchType, []byte(`[{"op":"remove","path":"/metadata/finalizers"}]`), metav1.PatchOptions{})
			}
		}
	}
	_ = c.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
}

// kpod why -w catches what a later single kpod why misses: an init
// container OOM-killed on its first run, which then succeeds. The test's
// own watch of the Pod sees the kill; kpod why -w must say it, and a
// single kpod why afterwards sees a healthy Pod.
func TestWhyWatchSeesShortLivedCauses(t *testing.T) {
	c := lessontest.Client(t)
	ctx := context.Background()
	shell := image("shell", "busybox:1.37")
	ns := fmt.Sprintf("why-e2e-%04x-watch", rand.IntN(1<<16))
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"kpod.dev/test": "why"}}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cleanNamespace(c, ns) })
	p := one("app", corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "load", Image: shell, Command: []string{"sh", "-c",
			"if [ -e /work/tried ]; then echo loaded; exit 0; fi; touch /work/tried; echo loading; head -c 200m /dev/zero | tail"},
			Resources:    corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}},
			VolumeMounts: []corev1.VolumeMount{{Name: "work", MountPath: "/work"}}}},
		Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}},
		Volumes:    []corev1.Volume{{Name: "work", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
	})
	if _, err := c.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	// kpod why -w from the start, stopped with Ctrl-C once the Pod runs.
	wctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(wctx, lessontest.Binary(t), "why", "app", "-n", ns, "-w", "-o", "json")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The cluster's own account: the init container ended with exit 137.
	var killed *corev1.ContainerStateTerminated
	if _, err := kube.WaitPod(ctx, c, ns, "app", 3*time.Minute, func(p *corev1.Pod) (bool, error) {
		if s := status("load", p); s != nil {
			for _, end := range []*corev1.ContainerStateTerminated{s.State.Terminated, s.LastTerminationState.Terminated} {
				if end != nil && end.ExitCode == 137 {
					killed = end
				}
			}
		}
		s := status("app", p)
		return s != nil && s.State.Running != nil && s.Ready, nil
	}); err != nil {
		t.Fatal(err)
	}
	if killed == nil {
		t.Fatal("the cluster never showed the init container's kill (exit 137)")
	}
	time.Sleep(2 * time.Second)
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("kpod why -w after Ctrl-C: %v\n%s", err, out.String())
	}
	var saw []string
	oom := false
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var d diagnose.Diagnosis
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("not a record: %q", line)
		}
		saw = append(saw, d.Case+"/"+d.Variant)
		oom = oom || d.Case == diagnose.OOMKilled && d.Container == "load"
	}
	if !oom {
		t.Errorf("kpod why -w never said the OOM kill the cluster showed (%s %d); it said %v", killed.Reason, killed.ExitCode, saw)
	}
	r := lessontest.Kpod(t, "why", "app", "-n", ns, "-o", "json")
	var d diagnose.Diagnosis
	if err := json.Unmarshal([]byte(r.Stdout), &d); err != nil || d.Case != diagnose.Healthy {
		t.Errorf("a single kpod why afterwards: %v %+v", err, d)
	}
}

// waitEvent watches until an Event with reason is in the namespace (each
// row has its own).
func waitEvent(t *testing.T, c kubernetes.Interface, ns, reason string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	events := c.CoreV1().Events(ns)
	_, err := watchtools.UntilWithSync(ctx, kube.Selected(c, metav1.ListOptions{}, events.List, events.Watch), &corev1.Event{}, nil, func(e watch.Event) (bool, error) {
		ev, ok := e.Object.(*corev1.Event)
		return ok && ev.Reason == reason, nil
	})
	if err != nil {
		t.Fatalf("no %s Event in %s: %v", reason, ns, err)
	}
}

// inCluster checks, with client-go, that what the evidence says is there.
func inCluster(t *testing.T, c kubernetes.Interface, ns string, isPod bool, name string, e diagnose.Evidence) {
	t.Helper()
	ctx := context.Background()
	switch e.Kind {
	case "event":
		list, err := c.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range list.Items {
			if (!isPod || ev.InvolvedObject.Name == name) && ev.Reason == e.Reason && strings.TrimSpace(ev.Message) == e.Text {
				return
			}
		}
		t.Errorf("no Event %s %q about %s in the cluster", e.Reason, e.Text, name)
	case "field":
		jp := jsonpath.New("field")
		if err := jp.Parse(e.Field); err != nil {
			t.Fatalf("evidence field %s: %v", e.Field, err)
		}
		var got string
		// The status may move on (ErrImagePull, ImagePullBackOff...): wait on the watch until it says it again.
		_, err := kube.WaitPod(ctx, c, ns, name, time.Minute, func(p *corev1.Pod) (bool, error) {
			obj, err := runtime.DefaultUnstructuredConverter.ToUnstructured(p)
			if err != nil {
				return false, err
			}
			var b bytes.Buffer
			if err := jp.Execute(&b, obj); err != nil {
				return false, nil
			}
			got = b.String()
			return got == e.Text, nil
		})
		if err != nil {
			t.Errorf("field %s is %q in the cluster, kpod said %q: %v", e.Field, got, e.Text, err)
		}
	case "logs":
		out, err := c.CoreV1().Pods(ns).GetLogs(name, &corev1.PodLogOptions{Container: e.Container, Previous: e.Previous}).DoRaw(ctx)
		if err != nil {
			t.Fatalf("logs: %v", err)
		}
		lines := strings.Split(e.Text, "\n")
		if !e.Previous && !strings.Contains(string(out), lines[len(lines)-1]) {
			// A crash loop moved on: the run kpod read is the previous one now.
			more, _ := c.CoreV1().Pods(ns).GetLogs(name, &corev1.PodLogOptions{Container: e.Container, Previous: true}).DoRaw(ctx)
			out = append(out, more...)
		}
		if !strings.Contains(string(out), lines[len(lines)-1]) {
			t.Errorf("logs of %s lack %q:\n%s", e.Container, lines[len(lines)-1], out)
		}
	default:
		t.Errorf("evidence of unknown kind: %s", fmt.Sprint(e))
	}
}
