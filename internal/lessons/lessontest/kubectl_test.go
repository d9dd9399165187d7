package lessontest

import (
	"reflect"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	got := words(`kubectl get pods -o 'custom-columns=NAME:.metadata.name,QOS:.status.qosClass' -n kpod`)
	want := []string{"kubectl", "get", "pods", "-o", "custom-columns=NAME:.metadata.name,QOS:.status.qosClass", "-n", "kpod"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

// The table kpod once showed for resources' QoS step, with Go structs in
// its cells, must fail against kubectl's own printing.
func TestCompareTable(t *testing.T) {
	printed := "NAME              CPU-REQ   CPU-LIM   MEM-REQ   MEM-LIM   QOS\nnginx-resources   200m      <none>    32Mi      64Mi      Burstable\n"
	old := "NAME              CPU-REQ                              CPU-LIM   MEM-REQ   MEM-LIM   QOS\nnginx-resources   {{200 -3} {<nil>} 200m DecimalSI}   <none>              64Mi      Burstable\n"
	rec := &recorder{TB: t}
	compareTable(rec, "kubectl get pods", old, printed)
	if len(rec.errs) == 0 {
		t.Error("the old QoS table passed")
	}
	rec = &recorder{TB: t}
	compareTable(rec, "kubectl get pods", printed, printed)
	if len(rec.errs) != 0 {
		t.Errorf("kubectl's own table failed: %v", rec.errs)
	}
	got := fieldNames("Name:  web\nNamespace: kpod\nContainers:\n  web:\n    Image: x\nEvents: <none>\n")
	if strings.Join(got, "\n") != strings.Join([]string{"Name", "Namespace", "Containers", "Events"}, "\n") {
		t.Error("fieldNames")
	}
	all := []string{"Name", "Namespace", "Priority", "Node", "Containers", "Events"}
	if !inOrder([]string{"Name", "Node", "Events"}, all) || inOrder([]string{"Node", "Name"}, all) || inOrder([]string{"Name", "IPs"}, all) {
		t.Error("inOrder")
	}
}

type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) { r.errs = append(r.errs, format) }
func (r *recorder) Helper()                           {}
