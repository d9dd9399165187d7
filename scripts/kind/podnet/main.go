// Command podnet is the Pod network of kpod's offline kind node image: what
// kindnet does for kind's own node image, and no more.
//
// kind applies the node image's /kind/manifests/default-cni.yaml when the
// default CNI is not disabled; in kpod's offline image that manifest runs
// podnet as a DaemonSet (hostNetwork, privileged, every taint tolerated), one
// Pod per node. On its node (NODE_NAME) podnet
//
//   - writes a ptp + host-local + portmap conflist for the node's own
//     spec.podCIDR (kube-controller-manager allocates one per node under
//     kubeadm, as in kind) into the CNI config directory, so the kubelet
//     reports the node Ready and Pods get addresses there;
//   - keeps one route per peer node's podCIDR via that peer's InternalIP, so
//     Pods on different nodes reach each other, and removes the routes of
//     nodes that are gone (its routes carry their own protocol number).
//
// It follows the Nodes with an informer (a watch), not a polling loop. No
// masquerading: nothing beyond the kind network is reachable anyway.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// routeProtocol marks the routes podnet owns (any number the kernel does not
// use itself; /etc/iproute2/rt_protos has none at 0x6b).
const routeProtocol netlink.RouteProtocol = 0x6b

func main() {
	var (
		cniDir   = flag.String("cni-dir", "/etc/cni/net.d", "where the conflist is written")
		cniFile  = flag.String("cni-file", "10-kpod.conflist", "the conflist's file name")
		resync   = flag.Duration("resync", 10*time.Minute, "how often the informer replays every Node (repairs a removed route)")
		noRoutes = flag.Bool("no-routes", false, "write the conflist only (for a look without changing the host's routes)")
	)
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmsgprefix)
	log.SetPrefix("podnet: ")

	node := os.Getenv("NODE_NAME")
	if node == "" {
		log.Fatal("NODE_NAME is not set (the manifest sets it from spec.nodeName)")
	}
	cfg, err := rest.InClusterConfig()
	if err != nil {
		log.Fatalf("in-cluster config: %v", err)
	}
	// As kindnet: kind adds CONTROL_PLANE_ENDPOINT (host:port) to the
	// manifest, so the API server is reached before kube-proxy has made the
	// kubernetes Service work.
	if ep := os.Getenv("CONTROL_PLANE_ENDPOINT"); ep != "" {
		cfg.Host = "https://" + ep
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatalf("client: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, *resync)
	nodes := factory.Core().V1().Nodes()
	kick := make(chan struct{}, 1)
	poke := func(any) {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	if _, err := nodes.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    poke,
		UpdateFunc: func(_, n any) { poke(n) },
		DeleteFunc: poke,
	}); err != nil {
		log.Fatalf("informer: %v", err)
	}
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), nodes.Informer().HasSynced) {
		log.Fatal("the Node informer never synced")
	}
	log.Printf("node %s: watching Nodes (API server %s)", node, cfg.Host)

	r := &reconciler{node: node, lister: nodes.Lister(), conflist: filepath.Join(*cniDir, *cniFile), routes: !*noRoutes}
	for {
		if err := r.sync(); err != nil {
			log.Printf("%v (tried again on the next Node change or in 10s)", err)
			time.AfterFunc(10*time.Second, func() { poke(nil) })
		}
		select {
		case <-ctx.Done():
			log.Print("stopping; the conflist and routes stay, as kindnet leaves them")
			return
		case <-kick:
		}
	}
}

type reconciler struct {
	node     string
	lister   listersv1.NodeLister
	conflist string
	routes   bool
	wrote    string            // the Pod range of the conflist written last
	waiting  bool              // said that the node has no Pod range yet
	had      map[string]string // the routes set last, to log changes only
}

func (r *reconciler) sync() error {
	all, err := r.lister.List(labels.Everything())
	if err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	var errs []error
	want := map[string]string{} // peer Pod range -> peer InternalIP
	for _, n := range all {
		if n.Name == r.node {
			if err := r.writeConflist(n); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		ip := internalIP(n)
		if ip == "" {
			continue
		}
		for _, c := range podCIDRs(n) {
			want[c] = ip
		}
	}
	if r.routes {
		if err := r.syncRoutes(want); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func podCIDRs(n *corev1.Node) []string {
	var out []string
	for _, c := range append([]string{n.Spec.PodCIDR}, n.Spec.PodCIDRs...) {
		if _, ipn, err := net.ParseCIDR(c); err == nil && ipn.IP.To4() != nil && !contains(out, ipn.String()) {
			out = append(out, ipn.String())
		}
	}
	return out
}

func internalIP(n *corev1.Node) string {
	for _, a := range n.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			if ip := net.ParseIP(a.Address); ip != nil && ip.To4() != nil {
				return ip.String()
			}
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// conflist is what kindnet writes for a node: ptp with host-local addresses
// from the node's Pod range, and portmap for hostPort.
func conflist(podCIDR string) ([]byte, error) {
	type obj = map[string]any
	c := obj{
		"cniVersion": "0.4.0",
		"name":       "kpod",
		"plugins": []obj{
			{
				"type":   "ptp",
				"ipMasq": false,
				"mtu":    1500,
				"ipam": obj{
					"type":    "host-local",
					"dataDir": "/run/cni-ipam-state",
					"routes":  []obj{{"dst": "0.0.0.0/0"}},
					"ranges":  [][]obj{{{"subnet": podCIDR}}},
				},
			},
			{"type": "portmap", "capabilities": obj{"portMappings": true}},
		},
	}
	b, err := json.MarshalIndent(c, "", "  ")
	return append(b, '\n'), err
}

func (r *reconciler) writeConflist(n *corev1.Node) error {
	cidrs := podCIDRs(n)
	if len(cidrs) == 0 {
		if !r.waiting {
			log.Printf("node %s has no spec.podCIDR yet; waiting", n.Name)
			r.waiting = true
		}
		return nil
	}
	body, err := conflist(cidrs[0])
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(r.conflist); err == nil && bytes.Equal(old, body) {
		r.wrote = cidrs[0]
		return nil
	}
	tmp := r.conflist + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	// A rename, so the kubelet and containerd never read half a file.
	if err := os.Rename(tmp, r.conflist); err != nil {
		return fmt.Errorf("writing %s: %w", r.conflist, err)
	}
	r.wrote = cidrs[0]
	log.Printf("wrote %s for Pod range %s", r.conflist, cidrs[0])
	return nil
}

// syncRoutes makes the main table hold exactly one podnet route per peer
// Pod range, via the peer's InternalIP.
func (r *reconciler) syncRoutes(want map[string]string) error {
	var errs []error
	have, err := netlink.RouteListFiltered(netlink.FAMILY_V4, &netlink.Route{Protocol: routeProtocol}, netlink.RT_FILTER_PROTOCOL)
	if err != nil {
		return fmt.Errorf("listing routes: %w", err)
	}
	for _, rt := range have {
		if rt.Dst == nil {
			continue
		}
		if gw, ok := want[rt.Dst.String()]; ok && rt.Gw != nil && rt.Gw.String() == gw {
			continue
		}
		if err := netlink.RouteDel(&rt); err != nil {
			errs = append(errs, fmt.Errorf("removing route %s via %s: %w", rt.Dst, rt.Gw, err))
			continue
		}
		log.Printf("removed route %s via %s", rt.Dst, rt.Gw)
	}
	for dst, gw := range want {
		_, ipn, _ := net.ParseCIDR(dst)
		rt := &netlink.Route{Dst: ipn, Gw: net.ParseIP(gw), Protocol: routeProtocol}
		if err := netlink.RouteReplace(rt); err != nil {
			errs = append(errs, fmt.Errorf("route %s via %s: %w", dst, gw, err))
			continue
		}
		if r.had[dst] != gw {
			log.Printf("route %s via %s", dst, gw)
		}
	}
	r.had = want
	return errors.Join(errs...)
}
