package cli

import (
	"context"

	"github.com/kpod-dev/kpod/internal/runenv"
)

// runEnv is what a lesson or a practice is given: this invocation's
// language, stdin and clock, the namespace and images chosen, and the
// cluster unless the run is offline (a dry run, a hint).
func (inv *invocation) runEnv(ctx context.Context, namespace string, images map[string]string, offline bool) (runenv.Env, error) {
	env := runenv.Env{Lang: inv.lang(), Program: inv.Name, Namespace: namespace, Images: images, In: inv.in, Clock: inv.Clock}
	if offline {
		return env, nil
	}
	c, err := inv.connect(ctx)
	env.Clients = c
	return env, err
}
