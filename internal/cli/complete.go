package cli

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/ui"
)

// completionTimeout bounds the cluster look-ups of shell completion: a
// <TAB> that waits longer than this is worse than no answer.
const completionTimeout = 2 * time.Second

// completionClient is a client for shell completion: no ping, a short
// timeout.
func completionClient(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, error) {
	cfg, err := flags.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	cfg.Timeout = completionTimeout
	return kubernetes.NewForConfig(cfg)
}

func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// completer completes arguments and flag values from the kubeconfig and,
// briefly, the cluster.
type completer struct{ cluster *clusterAccess }

// register completes the values of the flags every command has.
func (c completer) register(root *cobra.Command) {
	_ = root.RegisterFlagCompletionFunc("lang", fixed("en", "ko"))
	_ = root.RegisterFlagCompletionFunc("theme", fixed(ui.Themes...))
	_ = root.RegisterFlagCompletionFunc("output", func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		allowed := cmd.Annotations[outputsKey]
		switch allowed {
		case "-":
			return nil, cobra.ShellCompDirectiveNoFileComp
		case "":
			allowed = "json"
		}
		return strings.Split(allowed, ","), cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("context", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		raw, err := c.cluster.Flags.ToRawKubeConfigLoader().RawConfig()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for name := range raw.Contexts {
			names = append(names, name)
		}
		sort.Strings(names)
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("namespace", func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return c.names(cmd.Context(), func(ctx context.Context, c kubernetes.Interface) ([]string, error) {
			list, err := c.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
			if err != nil {
				return nil, err
			}
			var out []string
			for _, n := range list.Items {
				out = append(out, n.Name)
			}
			return out, nil
		})
	})
}

// pods completes a Pod name in the namespaces the command looks in
// (podNamespaces); never a file name.
func (c completer) pods() cobra.CompletionFunc {
	cluster := c.cluster
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c.names(cmd.Context(), func(ctx context.Context, c kubernetes.Interface) ([]string, error) {
			var out []string
			for _, ns := range cluster.podNamespaces() {
				list, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
				if err != nil {
					continue // one namespace the user may not list: the others still complete
				}
				for _, p := range list.Items {
					if !slices.Contains(out, p.Name) {
						out = append(out, p.Name)
					}
				}
			}
			return out, nil
		})
	}
}

// names asks the cluster, within completionTimeout; no answer completes
// nothing.
func (c completer) names(ctx context.Context, list func(context.Context, kubernetes.Interface) ([]string, error)) ([]string, cobra.ShellCompDirective) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, completionTimeout)
	defer cancel()
	client, err := c.cluster.clientset(c.cluster.Flags)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out, err := list(ctx, client)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	sort.Strings(out)
	return out, cobra.ShellCompDirectiveNoFileComp
}
