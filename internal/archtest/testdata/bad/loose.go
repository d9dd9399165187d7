package bad

import "context"

// Loose meets 26: Base's 20 by embedding, and six functions that take it
// first (two after a context.Context), which are methods in all but name.
type Loose struct{ Base }

func loose0(l *Loose)                      {}
func loose1(l Loose, n int)                {}
func loose2(ctx context.Context, l *Loose) {}
func loose3(ctx context.Context, l Loose)  {}
func loose4(l *Loose) int                  { return 0 }
func loose5(l *Loose, more ...string)      {}

// Not counted for Loose: two constructors, a value of the package's
// function type Check, a function that takes a Loose second, one with no
// parameters.
func newThing(l *Loose) *Full     { return nil }
func NewThing(l *Loose) *Full     { return nil }
func checkA(l *Loose, n int) bool { return false }
func second(n int, l *Loose)      {}
func none()                       {}

type Check func(l *Loose, n int) bool

// Tight meets exactly 25: Base's 20, its own 2, and three functions
// ("renew" and "newsOf" are no constructors' names).
type Tight struct{ Base }

func (Tight) T0()  {}
func (*Tight) T1() {}

func tight0(ctx context.Context, t *Tight) {}
func renew(t *Tight)                       {}
func newsOf(t *Tight)                      {}
