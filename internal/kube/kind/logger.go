package kind

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"sigs.k8s.io/kind/pkg/log"
)

// Progress shows what is happening while kpod and kind work.
type Progress interface {
	Start(step string)        // a step began
	End(step string, ok bool) // the step ended
	Info(text string)         // something worth saying
	Warn(text string)         // something to look at
}

// Logger turns kind's log into kpod's progress: kind's status lines
// (" • step ...", " ✓ step", " ✗ step") become steps, its warnings warnings,
// and its debug output is dropped.
func Logger(p Progress) log.Logger { return &logger{p: p} }

type logger struct {
	mu   sync.Mutex
	p    Progress
	step string
}

func (l *logger) Warn(m string)             { l.p.Warn(clean(m)) }
func (l *logger) Warnf(f string, a ...any)  { l.Warn(fmt.Sprintf(f, a...)) }
func (l *logger) Error(m string)            { l.p.Warn(clean(m)) }
func (l *logger) Errorf(f string, a ...any) { l.Error(fmt.Sprintf(f, a...)) }
func (l *logger) V(level log.Level) log.InfoLogger {
	if level > 0 {
		return log.NoopInfoLogger{}
	}
	return info{l}
}

type info struct{ l *logger }

func (i info) Enabled() bool            { return true }
func (i info) Infof(f string, a ...any) { i.Info(fmt.Sprintf(f, a...)) }
func (i info) Info(m string) {
	l := i.l
	l.mu.Lock()
	defer l.mu.Unlock()
	line := strings.TrimSpace(m)
	switch {
	case line == "":
	case strings.HasPrefix(line, "• WARNING:"):
		l.p.Warn(clean(strings.TrimPrefix(line, "• WARNING:")))
	case strings.HasPrefix(line, "•") && strings.HasSuffix(line, "..."):
		l.step = clean(strings.TrimSuffix(strings.TrimPrefix(line, "•"), "..."))
		l.p.Start(l.step)
	case strings.HasPrefix(line, "✓"), strings.HasPrefix(line, "✗"):
		ok := strings.HasPrefix(line, "✓")
		step := clean(strings.TrimPrefix(strings.TrimPrefix(line, "✓"), "✗"))
		l.p.End(step, ok)
		l.step = ""
	default:
		l.p.Info(clean(strings.TrimPrefix(line, "•")))
	}
}

// clean drops kind's emoji and spacing, keeping the words.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || r == '\u2b50' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
