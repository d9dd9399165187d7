package resources

import (
	"context"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// Facts the lesson learns.
const (
	failedScheduling lessons.Fact[string] = "failed-scheduling.message" // the FailedScheduling event's message
	oomReason        lessons.Fact[string] = "oom.reason"                // why the OOM demo's container last ended
	oomExitCode      lessons.Fact[string] = "oom.exit-code"             // and its exit code, as jsonpath prints it
)

// qosClass is the fact holding a Pod's QoS class.
func qosClass(pod string) lessons.Fact[string] { return lessons.Fact[string]("qos." + pod) }

// explain shows the FailedScheduling message line by line.
func explain(_ context.Context, s *lessons.Session) (lessons.Output, error) {
	msg, _ := failedScheduling.Get(s)
	if msg == "" {
		return lessons.Output{}, nil
	}
	var b lessons.Output
	for _, l := range kube.SchedulingLines(msg) {
		b = b.Quote(l.Quote + "\n    ").Say(s.Line("sched."+l.Kind, facts(l.Facts))).Quote("\n")
	}
	return b, nil
}

func facts(m map[string]string) text.Facts {
	f := text.Facts{}
	for k, v := range m {
		f[k] = v
	}
	return f
}
