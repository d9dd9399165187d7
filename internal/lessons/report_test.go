package lessons

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
)

func TestJSONDoneCarriesRequests(t *testing.T) {
	var out bytes.Buffer
	j := NewJSON(&out, func() time.Duration { return 0 })
	j.Done(true, 1500*time.Millisecond, "done")
	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if _, ok := rec["requests"]; ok {
		t.Errorf("no counter, yet the done record has requests: %s", out.String())
	}

	out.Reset()
	j.Requests = &kube.Requests{}
	j.Requests.Add("get")
	j.Requests.Add("get")
	j.Requests.Add("watch")
	j.Done(true, 1500*time.Millisecond, "done")
	var got struct {
		Type     string         `json:"type"`
		Seconds  float64        `json:"seconds"`
		Requests int            `json:"requests"`
		ByVerb   map[string]int `json:"requests_by_verb"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Type != "done" || got.Seconds != 1.5 || got.Requests != 3 || got.ByVerb["get"] != 2 || got.ByVerb["watch"] != 1 {
		t.Errorf("done record %s", out.String())
	}
}

// A timeline line names the object version it tells, so a reader can tie it
// to the very change its own watch saw (the watch bench does).
func TestJSONEventCarriesResourceVersion(t *testing.T) {
	var out bytes.Buffer
	j := NewJSON(&out, func() time.Duration { return 0 })
	j.Event(Annotation{Source: "pod", Pod: "web", Reason: "Ready", ResourceVersion: "4711"})
	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["resourceVersion"] != "4711" {
		t.Errorf("record %s has no resourceVersion 4711", out.String())
	}
}
