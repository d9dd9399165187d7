package kube

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kpod-dev/kpod/internal/text"

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
	if !text.HasKey(err, "err.kube.noconfig") || !text.HasKey(err, "err.kube.hint") {
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
	_, err := Connect(context.Background(), flagsFor(cfg, ""))
	if err == nil {
		t.Fatal("connected to nothing")
	}
	msg := err.Error()
	for _, want := range []string{`context "class"`, "https://127.0.0.1:1", "connection refused", "kpod cluster create"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("not one line: %q", msg)
	}
	wrong := "nope"
	f := flagsFor(cfg, "")
	f.Context = &wrong
	if _, err := Connect(context.Background(), f); !text.HasKey(err, "err.kube.nocontext") || !strings.Contains(err.Error(), `context "nope"`) {
		t.Errorf("wrong context: %v", err)
	}
}

// A server that accepts and never answers: the message names the timeout
// that was used, --request-timeout's when it is set.
func TestConnectSilent(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	server := "http://" + l.Addr().String()
	for _, c := range []struct{ timeout, want string }{
		{"300ms", "no answer within 300ms (--request-timeout)"},
		{"0", "no answer within 5s (--request-timeout changes it)"},
	} {
		if testing.Short() && c.timeout == "0" {
			continue
		}
		cfg := filepath.Join(t.TempDir(), "config")
		os.WriteFile(cfg, []byte("apiVersion: v1\nkind: Config\n"), 0o600)
		f := flagsFor(cfg, server)
		f.Timeout = &c.timeout
		_, err := Connect(context.Background(), f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--request-timeout %s: got %v, want %q", c.timeout, err, c.want)
		}
	}
}

// RBAC refusals name the verb and the resource, on one line.
func TestExplainForbidden(t *testing.T) {
	err := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver",
		errors.New(`User "student" cannot create resource "pods" in API group "" in the namespace "kpod"`))
	msg := Explain(err).Error()
	for _, want := range []string{"forbidden", "to pods", "create", `"pods"`, "student"} {
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

// An explained refusal is still a refusal to apierrors.
func TestExplainKeepsForbidden(t *testing.T) {
	err := Explain(apierrors.NewForbidden(schema.GroupResource{Group: "coordination.k8s.io", Resource: "leases"}, "kpod-run-run", errors.New("no")))
	if !IsForbidden(err) || text.Key(err) != "err.kube.forbidden" {
		t.Errorf("got %v (forbidden: %v)", err, IsForbidden(err))
	}
}

// Ping's reasons come from typed errors, wrapped as client-go's HTTP client
// wraps them: a url.Error around a net.OpError around the syscall error.
func TestReasonTyped(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://127.0.0.1:1/version", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	c := &Clients{}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{dial(&os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}), "err.kube.refused"},
		{dial(&net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true}), "err.kube.unknownhost"},
		{dial(context.DeadlineExceeded), "err.kube.noanswer"},
		{&url.Error{Op: "Get", URL: "https://x/version", Err: timeoutError{}}, "err.kube.noanswer"},
		{dial(&net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}), "dial tcp: lookup x: server misbehaving"},
		{dial(errors.New("no such host, says the text")), "dial tcp: no such host, says the text"},
	} {
		got := c.reason(tc.err, time.Second)
		if text.Key(got) != tc.want && got.Error() != tc.want {
			t.Errorf("reason(%v) = %v, want %s", tc.err, got, tc.want)
		}
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "Client.Timeout exceeded while awaiting headers" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// A --context the kubeconfig lacks, and a current-context it lacks, are both
// err.kube.nocontext; a missing cluster is not.
func TestConfigErrorTyped(t *testing.T) {
	if err := configError("nope", true, errors.New(`context "nope" does not exist`)); !text.HasKey(err, "err.kube.nocontext") {
		t.Errorf("missing --context: %v", err)
	}
	if err := configError("gone", false, clientcmd.NewEmptyConfigError("x")); text.HasKey(err, "err.kube.nocontext") {
		t.Errorf("empty config: %v", err)
	}
	if err := configError("class", false, errors.New(`cluster "x" does not exist`)); !text.HasKey(err, "err.kube.kubeconfig") {
		t.Errorf("missing cluster: %v", err)
	}
}
