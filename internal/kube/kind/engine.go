package kind

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/kpod-dev/kpod/internal/text"
)

// Engine is the container engine the nodes run in: Docker or Podman.
type Engine interface {
	Name() string    // "docker" or "podman"
	Version() string // the engine's server version
	// HasImage reports whether ref is in the engine's local image store.
	HasImage(ctx context.Context, ref string) (bool, error)
	// Pull fetches ref from its registry.
	Pull(ctx context.Context, ref string) error
	// Save writes refs to w as one image archive (`docker save`).
	Save(ctx context.Context, w io.Writer, refs ...string) error
	// HasNetwork reports whether the engine has a network called name.
	HasNetwork(ctx context.Context, name string) (bool, error)
	// RemoveNetwork removes a network; the engine refuses while containers use it.
	RemoveNetwork(ctx context.Context, name string) error
}

// Runner runs a program with stdin and stdout, and returns an error carrying
// what it printed on stderr.
type Runner func(ctx context.Context, stdin io.Reader, stdout io.Writer, name string, args ...string) error

// Run runs a program on this machine.
func Run(ctx context.Context, stdin io.Reader, stdout io.Writer, name string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := firstLine(stderr.String()); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		return err
	}
	return nil
}

// firstLine returns the first line of s that is not blank, without "Error:"
// or "Error response from daemon:" in front.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		for _, p := range []string{"Error response from daemon:", "Error:", "ERRO[0000]", "Error"} {
			l = strings.TrimSpace(strings.TrimPrefix(l, p))
		}
		if l != "" {
			return l
		}
	}
	return ""
}

// Engine names kpod can use, in the order it tries them.
var engines = []string{"docker", "podman"}

// Detector finds a working container engine.
type Detector struct {
	LookPath func(string) (string, error)
	Run      Runner
}

// SystemDetector looks on this machine's PATH.
func SystemDetector() Detector { return Detector{LookPath: exec.LookPath, Run: Run} }

// ErrNoEngine means neither Docker nor Podman is installed.
var ErrNoEngine error = words.Err("err.kind.noengine", nil)

// Detect returns the first engine that is installed and answers: Docker,
// then Podman. When one is installed but not working, the error says why and
// how to fix it.
func (d Detector) Detect(ctx context.Context) (*CLI, error) {
	var first error
	for _, name := range engines {
		if _, err := d.LookPath(name); err != nil {
			continue
		}
		e := &CLI{Bin: name, Run: d.Run}
		var out bytes.Buffer
		format := "{{.ServerVersion}}"
		if name == "podman" {
			format = "{{.Version.Version}}"
		}
		err := d.Run(ctx, nil, &out, name, "info", "--format", format)
		if err == nil {
			e.version = strings.TrimSpace(out.String())
			return e, nil
		}
		if first == nil {
			first = notWorking(name, err)
		}
	}
	if first != nil {
		return nil, first
	}
	return nil, ErrNoEngine
}

// notWorking explains an engine that is installed but does not answer.
func notWorking(name string, err error) error {
	msg := err.Error()
	low := strings.ToLower(msg)
	switch {
	case name == "docker" && strings.Contains(low, "permission denied"):
		return words.Err("err.kind.docker.denied", text.Facts{"Why": msg})
	case name == "docker":
		return words.Err("err.kind.docker.down", text.Facts{"Why": msg})
	}
	return words.Err("err.kind.podman.down", text.Facts{"Why": msg})
}

// CLI is an engine driven through its command line: docker or podman.
type CLI struct {
	Bin     string
	Run     Runner
	version string
}

func (e *CLI) Name() string    { return e.Bin }
func (e *CLI) Version() string { return e.version }

func (e *CLI) HasImage(ctx context.Context, ref string) (bool, error) {
	err := e.Run(ctx, nil, io.Discard, e.Bin, "image", "inspect", "--format", "{{.Id}}", ref)
	if err == nil {
		return true, nil
	}
	if noSuchImage(err) {
		return false, nil
	}
	return false, err
}

// noSuchImage reports "image inspect" failing because the image is not there:
// docker and podman exit 1 for every failure, so their message is the only signal.
func noSuchImage(err error) bool {
	low := strings.ToLower(err.Error())
	return strings.Contains(low, "no such image") || strings.Contains(low, "image not known") || strings.Contains(low, "failed to find image")
}

func (e *CLI) Pull(ctx context.Context, ref string) error {
	return e.Run(ctx, nil, io.Discard, e.Bin, "pull", ref)
}

func (e *CLI) Save(ctx context.Context, w io.Writer, refs ...string) error {
	args := []string{"save"}
	if e.Bin == "podman" && len(refs) > 1 {
		args = append(args, "--multi-image-archive")
	}
	return e.Run(ctx, nil, w, e.Bin, append(args, refs...)...)
}

func (e *CLI) HasNetwork(ctx context.Context, name string) (bool, error) {
	var out bytes.Buffer
	if err := e.Run(ctx, nil, &out, e.Bin, "network", "ls", "--format", "{{.Name}}"); err != nil {
		return false, err
	}
	for _, n := range strings.Fields(out.String()) {
		if n == name {
			return true, nil
		}
	}
	return false, nil
}

func (e *CLI) RemoveNetwork(ctx context.Context, name string) error {
	return e.Run(ctx, nil, io.Discard, e.Bin, "network", "rm", name)
}
