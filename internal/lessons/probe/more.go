package probe

import (
	"github.com/kpod-dev/kpod/internal/lessons"
)

// The lesson's Pods: the defaults one, then those of the readiness and
// startup steps (what the two other probes do).
const (
	defaultsPod            = "liveness-defaults"
	readyPod, readyService = "readiness-web", "readiness-web"
	startupPod             = "startup-slow"
	page                   = "/usr/share/nginx/html/index.html"
)

// createAll creates the lesson's Pods at once: none waits for another.
func createAll(liveness string) []lessons.Action {
	return []lessons.Action{lessons.Create("liveness-defaults.yaml"), lessons.Create(liveness), lessons.Create("readiness-http.yaml"), lessons.Create("startup-exec.yaml")}
}

func moreSteps() []lessons.Step {
	return []lessons.Step{
		{Key: "readiness", Do: []lessons.Action{
			lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "unready", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page, page+".off"),
			lessons.Wait(readyPod, lessons.NotReadyRunning("web")),
			lessons.WaitEndpoint(readyService, readyPod, false),
			lessons.Get(""),
		}},
		{Key: "ready-again", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page+".off", page),
			lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "startup", Do: []lessons.Action{
			lessons.Wait(startupPod, lessons.Ready),
			lessons.Get(`jsonpath={.status.containerStatuses[0].started} restartCount={.status.containerStatuses[0].restartCount}`+"\n", startupPod).Into(startupStatus),
		}},
	}
}
