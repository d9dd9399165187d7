// Package runenv is what a run of a lesson or of practice is given (Env)
// and the images it runs: a role each lesson names, the image chosen for it.
package runenv

import (
	"time"

	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Env is what a run of a lesson or of practice is given: the student's
// language, how they run kpod, the namespace, the images, the cluster, the
// lines the student types, the clock and the way to the nodes.
// lessons.Session and practice's Coach both hold it as their Env; the
// command line builds it once for either.
type Env struct {
	Lang      string
	Program   string // how the student runs kpod: "kpod", or "kubectl kpod" as a plugin ({{kpod}} in texts)
	Namespace string
	Images    ImageSet
	Clients   *kube.Clients // nil in a dry run
	In        *ui.Lines     // Enter: the next step (--step), or a hint (practice)
	Clock     clock.Clock   // tells the time and renews a lesson's run lock (required: the command line's, or a test's)
	// NodeAccess is how node actions and node tasks reach nodes; nil: found
	// when a run first needs the nodes (nodeway). KindNodes finds kind's
	// node containers (nil: kind's own provider).
	NodeAccess node.Access
	KindNodes  kind.NodeLister
}

// Scene is who the run's texts are told to: the student's language, kpod
// as they run it and the namespace ({{ns}}).
func (e Env) Scene() text.Scene {
	return text.Scene{Lang: e.Lang, Program: e.Program, Namespace: e.Namespace}
}

// Time is the run's clock now.
func (e Env) Time() time.Time { return e.Clock.Now() }
