package kind_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	kindexec "sigs.k8s.io/kind/pkg/exec"

	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/text"
)

// refusing is a provider whose engine refuses to list its containers.
type refusing struct {
	*kindtest.Provider
	err error
}

func (p refusing) List() ([]string, error) { return nil, p.err }

// TestErrorsToldInKorean: a kind error told in Korean keeps only the
// engine's own words in English, and errors.Is still finds its cause.
func TestErrorsToldInKorean(t *testing.T) {
	said := "docker: Error response from daemon: unable to apply caps: operation not permitted"
	cause := &kindexec.RunError{Command: []string{"docker", "ps", "-a"}, Output: []byte(said + "\nRun 'docker ps --help' for more information\n")}
	w := newWorld(t, nil)
	w.m.Provider = refusing{w.provider, cause}
	_, err := w.m.Status(context.Background(), "kpod", nil)
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is does not find the cause in %v", err)
	}
	var run *kindexec.RunError
	if !errors.As(err, &run) || run != cause {
		t.Errorf("errors.As does not find the cause in %v", err)
	}
	en := text.Scene{}.Tell(err)
	if !strings.Contains(en, "listing kind clusters: `docker ps` said: unable to apply caps") || !strings.Contains(en, "privileged containers") {
		t.Errorf("English reads %q", en)
	}
	ko := text.Scene{Lang: "ko"}.Tell(err)
	rest := strings.ReplaceAll(strings.ReplaceAll(ko, "unable to apply caps: operation not permitted", ""), "`docker ps`", "")
	if m := regexp.MustCompile(`[A-Za-z]+[ ,:]+[A-Za-z]+`).FindString(rest); m != "" || strings.Contains(rest, "said") {
		t.Errorf("Korean has English %q: %s", m, ko)
	}
	if !strings.Contains(ko, "특권 컨테이너") {
		t.Errorf("Korean lacks the note on privileged containers: %s", ko)
	}
}
