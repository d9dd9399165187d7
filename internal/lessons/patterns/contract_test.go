package patterns_test

import (
	"context"
	"testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/patterns"
)

// Every text and command, dry and on the fake cluster, in every language.
// The fake cluster answers exec with nothing, and every container named
// app logs one answer from a backend, which the ambassador steps follow.
func TestContract(t *testing.T) {
	lessontest.Contract(t, patterns.Lesson, func(ctx context.Context) (*kube.Clients, error) {
		clients, c, err := lessontest.FakeClients(ctx, nil)
		if err == nil {
			lessontest.FakeLogs(c, map[string]string{"app": "answer from the PRODUCTION backend\n"})
		}
		return clients, err
	})
}
