package kind

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// machine is a fake PATH and a fake engine daemon for each program.
type machine struct {
	installed map[string]bool
	answers   map[string]error // by "program subcommand"
	ran       []string
}

func (m *machine) detector() Detector {
	return Detector{
		LookPath: func(name string) (string, error) {
			if m.installed[name] {
				return "/usr/bin/" + name, nil
			}
			return "", exec.ErrNotFound
		},
		Run: func(_ context.Context, _ io.Reader, out io.Writer, name string, args ...string) error {
			m.ran = append(m.ran, name+" "+strings.Join(args, " "))
			if err := m.answers[name+" "+args[0]]; err != nil {
				return err
			}
			io.WriteString(out, "25.0.3\n")
			return nil
		},
	}
}

func TestDetect(t *testing.T) {
	down := errors.New("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")
	denied := errors.New("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock")
	for _, tc := range []struct {
		name      string
		installed []string
		answers   map[string]error
		engine    string
		err       string
	}{
		{name: "docker", installed: []string{"docker", "podman"}, engine: "docker"},
		{name: "podman only", installed: []string{"podman"}, engine: "podman"},
		{name: "docker down, podman works", installed: []string{"docker", "podman"}, answers: map[string]error{"docker info": down}, engine: "podman"},
		{name: "nothing installed", err: "no container engine: kpod's local cluster needs Docker or Podman"},
		{name: "docker down", installed: []string{"docker"}, answers: map[string]error{"docker info": down}, err: "its daemon is not running (Cannot connect to the Docker daemon"},
		{name: "docker not allowed", installed: []string{"docker"}, answers: map[string]error{"docker info": denied}, err: "usermod -aG docker"},
		{name: "podman machine down", installed: []string{"podman"}, answers: map[string]error{"podman info": errors.New("Cannot connect to Podman")}, err: "podman machine start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &machine{installed: map[string]bool{}, answers: tc.answers}
			for _, p := range tc.installed {
				m.installed[p] = true
			}
			e, err := m.detector().Detect(context.Background())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one with %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error has more than one line: %q", err)
				}
				return
			}
			if err != nil || e.Name() != tc.engine || e.Version() != "25.0.3" {
				t.Fatalf("Detect = %v, %v; want %s", e, err, tc.engine)
			}
		})
	}
}

func TestCLIEngine(t *testing.T) {
	var ran []string
	e := &CLI{Bin: "podman", Run: func(_ context.Context, _ io.Reader, out io.Writer, name string, args ...string) error {
		line := name + " " + strings.Join(args, " ")
		ran = append(ran, line)
		switch {
		case strings.HasPrefix(line, "podman image inspect --format {{.Id}} busybox"):
			return errors.New("failed to find image busybox:1.37: busybox:1.37: image not known")
		case strings.HasPrefix(line, "podman image inspect"):
			return nil
		case line == "podman network ls --format {{.Name}}":
			io.WriteString(out, "podman\nkind\n")
		}
		return nil
	}}
	ctx := context.Background()
	if ok, err := e.HasImage(ctx, "busybox:1.37"); ok || err != nil {
		t.Errorf("HasImage(busybox) = %v, %v", ok, err)
	}
	if ok, err := e.HasImage(ctx, "nginx:1.30-alpine"); !ok || err != nil {
		t.Errorf("HasImage(nginx) = %v, %v", ok, err)
	}
	if ok, _ := e.HasNetwork(ctx, "kind"); !ok {
		t.Error("HasNetwork(kind) = false")
	}
	var b bytes.Buffer
	_ = e.Save(ctx, &b, "nginx:1.30-alpine", "busybox:1.37")
	if last := ran[len(ran)-1]; last != "podman save --multi-image-archive nginx:1.30-alpine busybox:1.37" {
		t.Errorf("save ran %q", last)
	}
}

func TestFirstLine(t *testing.T) {
	for in, want := range map[string]string{
		"Error response from daemon: no such image: nope:1\n": "no such image: nope:1",
		"\n\nError: something broke\nmore\n":                  "something broke",
		"":                                                    "",
	} {
		if got := firstLine(in); got != want {
			t.Errorf("firstLine(%q) = %q, want %q", in, got, want)
		}
	}
}
