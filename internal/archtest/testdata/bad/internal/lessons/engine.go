// Package lessons stands for kpod's lesson engine.
package lessons

// Session is one run of a lesson, as the engine sees it.
type Session struct{ Report func(string) }
