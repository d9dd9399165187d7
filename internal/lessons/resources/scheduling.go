package resources

import (
	"context"
	"strings"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// failedScheduling is the fact holding the FailedScheduling event's message.
const failedScheduling lessons.Fact[string] = "failedscheduling.message"

// explain shows the FailedScheduling message line by line.
func explain(_ context.Context, s *lessons.Session) (string, error) {
	msg := failedScheduling.Get(s)
	if msg == "" {
		return "", nil
	}
	var b strings.Builder
	for _, l := range kube.SchedulingLines(msg) {
		b.WriteString(l.Quote + "\n    " + s.Text("sched."+l.Kind, facts(l.Facts)) + "\n")
	}
	return b.String(), nil
}

func facts(m map[string]string) text.Facts {
	f := text.Facts{}
	for k, v := range m {
		f[k] = v
	}
	return f
}
