// Package kube holds kpod's Kubernetes plumbing: clients from kubectl's
// flags, clear errors, watches, exec and logs.
package kube

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/openapi"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/kpod-dev/kpod/internal/text"
)

// ExecFunc runs cmd in a container and returns what it printed.
type ExecFunc func(ctx context.Context, namespace, pod, container string, cmd []string) (stdout, stderr string, err error)

// Clients is what a command needs to talk to a cluster.
type Clients struct {
	Client  kubernetes.Interface
	Exec    ExecFunc
	Context string // kubeconfig context in use
	Server  string // API server URL

	Requests *Requests // the API requests made so far (nil for fakes)

	// Configz reads a kubelet's /configz; nil reads it through the API
	// server's node proxy (ReadCluster). Tests set it.
	Configz ConfigzFunc

	// OpenAPI serves the API server's OpenAPI v3 documents (kubectl
	// explain); nil reads them through Client's discovery. Tests set it.
	OpenAPI func() openapi.Client

	// PingTimeout bounds Ping: --request-timeout when set, else
	// defaultPingTimeout.
	PingTimeout time.Duration
	pingFlag    bool
}

// defaultPingTimeout is how long Ping waits when --request-timeout is not set.
const defaultPingTimeout = 5 * time.Second

// noCluster returns err wrapped in err.kube.hint, whose text says how to make
// a cluster: there is no cluster to talk to.
func noCluster(err error) error { return words.Err("err.kube.hint", nil).Because(err) }

// Connect builds clients from kubectl's flags and checks, within
// --request-timeout (else 5 seconds), that the API server answers.
func Connect(ctx context.Context, flags *genericclioptions.ConfigFlags) (*Clients, error) {
	raw, err := flags.ToRawKubeConfigLoader().RawConfig()
	if err != nil {
		return nil, noCluster(words.Err("err.kube.kubeconfig", text.Facts{"Why": OneLine(err)}))
	}
	name := raw.CurrentContext
	if flags.Context != nil && *flags.Context != "" {
		name = *flags.Context
	}
	if len(raw.Contexts) == 0 && (flags.APIServer == nil || *flags.APIServer == "") {
		return nil, configError(name, false, clientcmd.ErrEmptyConfig)
	}
	cfg, err := flags.ToRESTConfig()
	if err != nil {
		return nil, configError(name, raw.Contexts[name] == nil, err)
	}
	cfg.WarningHandler = rest.NoWarnings{}
	requests := &Requests{}
	cfg.Wrap(requests.Wrap)
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	c := &Clients{Client: client, Exec: NewExec(cfg, client), Context: name, Server: cfg.Host, Requests: requests, PingTimeout: defaultPingTimeout}
	if cfg.Timeout > 0 {
		c.PingTimeout, c.pingFlag = cfg.Timeout, true
	}
	if err := c.Ping(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// configError explains why flags gave no REST config. missing says the
// kubeconfig has no context by that name: client-go reports a missing
// --context with a plain fmt.Errorf, so kpod looks in the kubeconfig itself;
// clientcmd.IsContextNotFound covers a current-context that is not there.
func configError(context string, missing bool, err error) error {
	switch {
	case clientcmd.IsEmptyConfig(err):
		return noCluster(words.Err("err.kube.noconfig", nil))
	case context != "" && (missing || clientcmd.IsContextNotFound(err)):
		return noCluster(words.Err("err.kube.nocontext", text.Facts{"Context": context}))
	}
	return noCluster(words.Err("err.kube.kubeconfig", text.Facts{"Why": OneLine(err)}))
}

// Ping asks the API server for its version (discovery's ServerVersion),
// giving up after PingTimeout.
func (c *Clients) Ping(ctx context.Context) error {
	wait := c.PingTimeout
	if wait <= 0 {
		wait = defaultPingTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Client.Discovery().ServerVersion()
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err == nil {
		return nil
	}
	if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
		return words.Err("err.kube.credentials", text.Facts{"Context": c.Context, "Server": c.Server, "Why": OneLine(err)})
	}
	return noCluster(words.Err("err.kube.unreachable", text.Facts{"Context": c.Context, "Server": c.Server}).Because(c.reason(err, wait)))
}

func (c *Clients) reason(err error, wait time.Duration) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	var timeout net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout():
		if c.pingFlag {
			return words.Err("err.kube.noanswer.flag", text.Facts{"Wait": wait})
		}
		return words.Err("err.kube.noanswer", text.Facts{"Wait": wait})
	case errors.Is(err, syscall.ECONNREFUSED):
		return words.Err("err.kube.refused", nil)
	case errors.As(err, &dns) && dns.IsNotFound:
		return words.Err("err.kube.unknownhost", nil)
	}
	return errors.New(OneLine(err))
}

// Explain turns an API error into one plain line; other errors pass through.
func Explain(err error) error {
	if err == nil {
		return nil
	}
	var st apierrors.APIStatus
	if errors.As(err, &st) && apierrors.IsForbidden(err) {
		s := st.Status()
		d := s.Details
		what := "that"
		if d != nil {
			what = d.Kind
			if d.Group != "" {
				what += "." + d.Group
			}
		}
		return words.Err("err.kube.forbidden", text.Facts{"What": what, "Message": s.Message}).Because(err)
	}
	return err
}

// OneLine returns err's message on one line, its runs of white space
// (newlines too) made single spaces.
func OneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// NewExec returns an ExecFunc that streams over WebSocket, falling back to SPDY,
// as kubectl exec does.
func NewExec(cfg *rest.Config, client kubernetes.Interface) ExecFunc {
	return func(ctx context.Context, ns, pod, container string, cmd []string) (string, string, error) {
		req := client.CoreV1().RESTClient().Post().Resource("pods").Namespace(ns).Name(pod).SubResource("exec").
			VersionedParams(&corev1.PodExecOptions{Container: container, Command: cmd, Stdout: true, Stderr: true}, scheme.ParameterCodec)
		ws, err := remotecommand.NewWebSocketExecutor(cfg, "GET", req.URL().String())
		if err != nil {
			return "", "", err
		}
		spdy, err := remotecommand.NewSPDYExecutor(cfg, "POST", req.URL())
		if err != nil {
			return "", "", err
		}
		ex, err := remotecommand.NewFallbackExecutor(ws, spdy, func(err error) bool {
			return httpstream.IsUpgradeFailure(err) || httpstream.IsHTTPSProxyError(err)
		})
		if err != nil {
			return "", "", err
		}
		var out, errOut bytes.Buffer
		err = ex.StreamWithContext(ctx, remotecommand.StreamOptions{Stdout: &out, Stderr: &errOut})
		return out.String(), errOut.String(), err
	}
}
