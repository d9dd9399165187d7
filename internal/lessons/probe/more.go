package probe

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"

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
			&endpoints{ready: true},
		}},
		{Key: "unready", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page, page+".off"),
			lessons.Wait(readyPod, notReady),
			&endpoints{ready: false},
			lessons.Get(""),
		}},
		{Key: "ready-again", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page+".off", page),
			lessons.Wait(readyPod, lessons.Ready),
			&endpoints{ready: true},
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

// endpoints waits until the Service's EndpointSlices show the Pod's address
// ready (or not), and prints them.
type endpoints struct{ ready bool }

const sliceColumns = `{range .items[*].endpoints[*]}{.addresses[0]}{"  ready="}{.conditions.ready}{"\n"}{end}`

func (a *endpoints) Show(s *lessons.Session) string {
	return s.Kubectl("get endpointslices -l " + discoveryv1.LabelServiceName + "=" + readyService + " -o jsonpath='" + sliceColumns + "'")
}

func (a *endpoints) Run(ctx context.Context, s *lessons.Session) (string, error) {
	pod := s.Timeline.Pod(readyPod)
	if pod == nil || pod.Status.PodIP == "" {
		return "", fmt.Errorf("pod/%s has no IP", readyPod)
	}
	ip := pod.Status.PodIP
	done := s.Report.Waiting(s.Text("ui.waiting", text.Facts{"Pod": readyPod, "Message": "EndpointSlice"}))
	defer done()
	wctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	lines, err := kube.WaitEndpoint(wctx, s.Clients.Client, s.Namespace, readyService, ip, a.ready)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", words.Err("err.probe.endpoints", text.Facts{"Service": readyService, "IP": ip, "Ready": a.ready, "Wait": s.Timeout}).Because(kube.Explain(err))
	}
	s.Report.Fact(fmt.Sprintf("endpoint.ready.%v", a.ready), ip)
	return strings.Join(lines, "\n") + "\n", nil
}
