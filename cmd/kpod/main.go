// Command kpod teaches Kubernetes Pods on a real cluster.
package main

import (
	"os"

	// kubeconfigs with an auth-provider (OIDC) or exec credentials work as
	// they do in kubectl.
	_ "k8s.io/client-go/plugin/pkg/client/auth"

	"github.com/kpod-dev/kpod/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args)) }
