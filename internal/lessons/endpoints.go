package lessons

import (
	"context"
	"fmt"
	"strings"

	discoveryv1 "k8s.io/api/discovery/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// WaitEndpoint waits until the Service's EndpointSlices show the Pod's
// address ready (or not), prints them, and reports the fact
// "endpoint.ready.<ready>" (the address).
func WaitEndpoint(service, pod string, ready bool) Action {
	return &endpointAction{service: service, pod: pod, ready: ready}
}

type endpointAction struct {
	noPlan
	service, pod string
	ready        bool
}

const sliceColumns = `{range .items[*].endpoints[*]}{.addresses[0]}{"  ready="}{.conditions.ready}{"\n"}{end}`

func (a *endpointAction) show(s *Session) string {
	return s.kubectl("get endpointslices -l " + discoveryv1.LabelServiceName + "=" + a.service + " -o jsonpath='" + sliceColumns + "'")
}

func (a *endpointAction) run(ctx context.Context, s *Session) (report.Output, error) {
	name := s.fill(a.pod)
	p := s.timeline.Pod(name)
	if p == nil || p.Status.PodIP == "" {
		return report.Output{}, fmt.Errorf("pod/%s has no IP", name)
	}
	ip := p.Status.PodIP
	done := s.Report.Waiting(s.line("ui.waiting", text.Facts{"Pod": name, "Cond": s.line("wait.endpointslice", nil).Text}).Text)
	defer done()
	wctx, cancel := context.WithTimeout(ctx, s.Config.Timeout)
	defer cancel()
	lines, err := kube.WaitEndpoint(wctx, s.Env.Clients.Client, s.Env.Namespace, a.service, ip, a.ready)
	if err != nil {
		if ctx.Err() != nil {
			return report.Output{}, ctx.Err()
		}
		return report.Output{}, words.Err("err.lesson.endpoints", text.Facts{"Service": a.service, "IP": ip, "Ready": a.ready, "Wait": s.Config.Timeout}).Because(kube.Explain(err))
	}
	Fact[string](fmt.Sprintf("endpoint.ready.%v", a.ready)).Set(s, ip)
	return report.Quoted(strings.Join(lines, "\n") + "\n"), nil
}
