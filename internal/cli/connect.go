package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// clusterAccess is how a command reaches the cluster: kubectl's flags,
// the clients made from them, the namespaces to work in.
type clusterAccess struct {
	Flags *genericclioptions.ConfigFlags // kubectl's connection flags

	// How clients are made: commands call connect; completion, clientset.
	newClients    func(ctx context.Context, flags *genericclioptions.ConfigFlags) (*kube.Clients, error)
	clientset     func(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, error)
	connectNotice time.Duration
	log           func(w io.Writer, v int) // client-go's log, under -v

	out   *output // where connect says it is waiting
	clock clock.WithDelayedExecution
}

// newClusterAccess reaches the cluster as f says; kubectl's flags are
// not yet bound.
func newClusterAccess(f *Factory, out *output) *clusterAccess {
	return &clusterAccess{
		Flags:      genericclioptions.NewConfigFlags(true),
		newClients: f.NewClients, clientset: f.Clientset, connectNotice: f.ConnectNotice, log: f.Log,
		out: out, clock: f.Clock,
	}
}

// connect makes clients from kubectl's flags with newClients; when the
// API server has not answered within connectNotice, it says on stderr
// which server it is waiting for: a spinner on a terminal, gone once the
// server answers, else one line.
func (c *clusterAccess) connect(ctx context.Context) (*kube.Clients, error) {
	p := c.out.errPrinter() // made here, not in the timer's goroutine
	var mu sync.Mutex
	finished := false
	stop := func() {}
	timer := c.clock.AfterFunc(c.connectNotice, func() {
		mu.Lock()
		defer mu.Unlock()
		if finished {
			return
		}
		cfg, err := c.Flags.ToRESTConfig()
		if err != nil || cfg.Host == "" {
			return // connect says what is wrong
		}
		msg := c.out.say("ui.connecting", text.Facts{"Server": cfg.Host})
		if p.Smart {
			stop = p.Spin(msg)
			return
		}
		fmt.Fprintln(c.out.Streams.ErrOut, msg)
	})
	clients, err := c.newClients(ctx, c.Flags)
	timer.Stop()
	mu.Lock()
	finished = true
	stop()
	mu.Unlock()
	return clients, err
}

// namespace is -n, else def.
func (c *clusterAccess) namespace(def string) string {
	if c.Flags.Namespace != nil && *c.Flags.Namespace != "" {
		return *c.Flags.Namespace
	}
	return def
}

// workNamespace is where a lesson or practice works: -n, else a student's
// class namespace, else def.
func (c *clusterAccess) workNamespace(def string) string {
	if ns := c.namespace(""); ns != "" {
		return ns
	}
	if ns := classNamespace(c.Flags, c.out.Getenv); ns != "" {
		return ns
	}
	return def
}

// kubeconfigPath is --kubeconfig, or "".
func kubeconfigPath(flags *genericclioptions.ConfigFlags) string {
	if flags.KubeConfig == nil {
		return ""
	}
	return *flags.KubeConfig
}
