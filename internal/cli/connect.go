package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// connect makes clients from kubectl's flags with inv.newClients; when the
// API server has not answered within inv.connectNotice, it says on stderr
// which server it is waiting for: a spinner on a terminal, gone once the
// server answers, else one line.
func (inv *invocation) connect(ctx context.Context) (*kube.Clients, error) {
	p := inv.errPrinter() // made here, not in the timer's goroutine
	var mu sync.Mutex
	finished := false
	stop := func() {}
	timer := inv.Clock.AfterFunc(inv.connectNotice, func() {
		mu.Lock()
		defer mu.Unlock()
		if finished {
			return
		}
		cfg, err := inv.Flags.ToRESTConfig()
		if err != nil || cfg.Host == "" {
			return // connect says what is wrong
		}
		msg := inv.say("ui.connecting", text.Facts{"Server": cfg.Host})
		if p.Smart {
			stop = p.Spin(msg)
			return
		}
		fmt.Fprintln(inv.Streams.ErrOut, msg)
	})
	c, err := inv.newClients(ctx, inv.Flags)
	timer.Stop()
	mu.Lock()
	finished = true
	stop()
	mu.Unlock()
	return c, err
}
