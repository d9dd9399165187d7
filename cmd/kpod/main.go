// Command kpod teaches Kubernetes Pods on a real cluster.
package main

import (
	"os"

	"github.com/kpod-dev/kpod/pkg/cli"
)

func main() { os.Exit(cli.Main(os.Args)) }
