package probe

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// The readiness and startup steps: what the two other probes do.
const (
	readyPod, readyService = "readiness-web", "readiness-web"
	startupPod             = "startup-slow"
	page                   = "/usr/share/nginx/html/index.html"
)

func moreSteps() []lessons.Step {
	return []lessons.Step{
		{Key: "readiness", Do: []lessons.Action{
			lessons.Create("readiness-http.yaml"), lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "unready", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page, page+".off"),
			lessons.Wait(readyPod, notReady),
			lessons.WaitEndpoint(readyService, readyPod, false),
			lessons.Get(""),
		}},
		{Key: "ready-again", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page+".off", page),
			lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "startup", Do: []lessons.Action{
			lessons.Create("startup-exec.yaml"), lessons.Wait(startupPod, lessons.Ready),
			lessons.Get(`jsonpath={.status.containerStatuses[0].started} restartCount={.status.containerStatuses[0].restartCount}`+"\n", startupPod).As("startup.status"),
		}},
	}
}

// notReady waits for the readiness Pod to drop out of Ready while it keeps
// running, never restarted.
var notReady = lessons.Cond{For: "condition=Ready=false", Desc: "not Ready, still Running",
	Fn: func(p *corev1.Pod) (bool, error) {
		c := kube.ContainerStatus(p, "web")
		if c != nil && c.RestartCount > 0 {
			return false, words.Err("err.probe.readinessrestart", text.Facts{"Pod": p.Name})
		}
		return kube.Condition(p, corev1.PodReady) == corev1.ConditionFalse && p.Status.Phase == corev1.PodRunning, nil
	}}
