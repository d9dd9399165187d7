package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// clusterEnv is the bench's own connection to the test cluster.
type clusterEnv struct {
	client    kubernetes.Interface
	cfg       *rest.Config
	namespace string
	madeNS    bool
	version   string
	server    string
	node      string
	cluster   Cluster
}

func connect(ctx context.Context, ns string) (*clusterEnv, error) {
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), nil).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("no cluster: %v (start one with `scripts/e2e-cluster up`, then eval \"$(scripts/e2e-cluster env)\")", err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	v, err := client.Discovery().ServerVersion()
	if err != nil {
		return nil, fmt.Errorf("the cluster at %s does not answer: %v (scripts/e2e-cluster status)", cfg.Host, err)
	}
	e := &clusterEnv{client: client, cfg: cfg, namespace: ns, version: v.GitVersion, server: cfg.Host}
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil || len(nodes.Items) == 0 {
		return nil, fmt.Errorf("no node in the cluster: %v", err)
	}
	e.node = nodes.Items[0].Name
	e.cluster = readCluster(ctx, client, e.node)
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		obj := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"kpod.dev/workspace": "true"}}}
		if _, err := client.CoreV1().Namespaces().Create(ctx, obj, metav1.CreateOptions{}); err != nil {
			return nil, fmt.Errorf("creating namespace %s: %v", ns, err)
		}
		e.madeNS = true
	}
	return e, nil
}

// close removes the namespace if the bench made it.
func (e *clusterEnv) close() {
	if !e.madeNS {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.client.CoreV1().Namespaces().Delete(ctx, e.namespace, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		logf("deleting namespace %s: %v", e.namespace, err)
	}
}

// readCluster reads the CoreDNS negative cache from the coredns ConfigMap
// and the kubelet's syncFrequency from its /configz, falling back to the
// kubeadm defaults for what it cannot read.
func readCluster(ctx context.Context, client kubernetes.Interface, node string) Cluster {
	c := Defaults
	var from []string
	if cm, err := client.CoreV1().ConfigMaps("kube-system").Get(ctx, "coredns", metav1.GetOptions{}); err == nil && cm.Data["Corefile"] != "" {
		c.DNSNegativeTTL = NegativeTTL(cm.Data["Corefile"])
		from = append(from, "negative cache from kube-system/coredns")
	} else {
		from = append(from, "negative cache: default (coredns ConfigMap unreadable)")
	}
	raw, err := client.CoreV1().RESTClient().Get().AbsPath("/api/v1/nodes", node, "proxy", "configz").DoRaw(ctx)
	var z struct {
		Kubelet struct {
			SyncFrequency string `json:"syncFrequency"`
		} `json:"kubeletconfig"`
	}
	if err == nil && json.Unmarshal(raw, &z) == nil && z.Kubelet.SyncFrequency != "" {
		if d, err := time.ParseDuration(z.Kubelet.SyncFrequency); err == nil {
			c.SyncFrequency = d
			from = append(from, "syncFrequency from the kubelet's /configz")
		}
	} else {
		from = append(from, "syncFrequency: default (kubelet /configz unreadable)")
	}
	c.From = fmt.Sprint(from)
	return c
}

func (c Cluster) describe() string {
	return fmt.Sprintf("CoreDNS negative cache %s, kubelet syncFrequency %s %s", c.DNSNegativeTTL, c.SyncFrequency, c.From)
}
