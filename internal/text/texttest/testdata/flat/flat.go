package flat

import (
	"errors"
	"fmt"
	"strings"
)

type tell struct{}

func (tell) Tell(err error, lang string) string { return err.Error() }

var text tell

type words struct{}

func (words) Say(lang, key string, f any) string { return key }
func (words) Err(key string, f any) error        { return errors.New(key) }

var w words

var (
	a = fmt.Errorf("%s", w.Say("en", "x.y", nil))
	b = errors.New(strings.TrimSpace(w.Say("en", "x.y", nil)))
	c = w.Err("ui.bad", nil)
	d = w.Err("err.good", nil)
	e = fmt.Errorf("pod/%s: %w", "web", d)
	f = errors.New("plain")
	g = fmt.Errorf("%s: %s", "x.json", text.Tell(d, "ko"))
)
