package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// connect makes clients from kubectl's flags with inv.NewClients; when the API
// server has not answered within inv.ConnectNotice, it says on stderr which
// server it is waiting for: a spinner on a terminal, gone once the server
// answers, else one line.
func (inv *invocation) connect(ctx context.Context) (*kube.Clients, error) {
	p := inv.errPrinter() // made here, not in the timer's goroutine
	var mu sync.Mutex
	finished := false
	stop := func() {}
	timer := inv.Clock.AfterFunc(inv.ConnectNotice, func() {
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
	c, err := inv.NewClients(ctx, inv.Flags)
	timer.Stop()
	mu.Lock()
	finished = true
	stop()
	mu.Unlock()
	return c, err
}
