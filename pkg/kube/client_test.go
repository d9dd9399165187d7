package kube

import (
	"errors"

	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"k8s.io/cli-runtime/pkg/genericclioptions"
)

func flagsFor(kubeconfig, server string) *genericclioptions.ConfigFlags {
	f := genericclioptions.NewConfigFlags(true)
	f.KubeConfig = &kubeconfig
	if server != "" {
		f.APIServer = &server
	}
	return f
}

// No kubeconfig at all: one line with the hint.
func TestConnectWithoutKubeconfig(t *testing.T) {
	t.Setenv("KUBECONFIG", "")
	t.Setenv("HOME", t.TempDir())
	_, err := Connect(context.Background(), genericclioptions.NewConfigFlags(true))
	if err == nil || !strings.Contains(err.Error(), "no cluster configured") || !strings.Contains(err.Error(), "kpod cluster create") {
		t.Fatalf("got %v", err)
	}
}

// A server that does not answer: named, with the context, quickly.
func TestConnectUnreachable(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	os.WriteFile(cfg, []byte(`apiVersion: v1
kind: Config
current-context: class
contexts:
- name: class
  context: {cluster: class, user: student}
clusters:
- name: class
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: student
  user: {token: x}
`), 0o600)
	start := time.Now()
	_, err := Connect(context.Background(), flagsFor(cfg, ""))
	if err == nil {
		t.Fatal("connected to nothing")
	}
	msg := err.Error()
	for _, want := range []string{`context "class"`, "https://127.0.0.1:1", "connection refused", "kpod doctor"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("not one line: %q", msg)
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("took %s", d)
	}
	wrong := "nope"
	f := flagsFor(cfg, "")
	f.Context = &wrong
	if _, err := Connect(context.Background(), f); err == nil || !strings.Contains(err.Error(), `context "nope"`) {
		t.Errorf("wrong context: %v", err)
	}
}

// RBAC refusals name the verb and the resource, on one line.
func TestExplainForbidden(t *testing.T) {
	err := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver",
		errors.New(`User "student" cannot create resource "pods" in API group "" in the namespace "kpod"`))
	msg := Explain(err).Error()
	for _, want := range []string{"forbidden", "RBAC", "create", `"pods"`, "student"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("not one line: %q", msg)
	}
	plain := errors.New("something else")
	if Explain(plain) != plain {
		t.Error("other errors must pass through")
	}
}
