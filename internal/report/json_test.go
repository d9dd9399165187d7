package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

func TestJSONDoneCarriesRequests(t *testing.T) {
	var out bytes.Buffer
	j := NewJSON(&out, func() time.Duration { return 0 })
	j.Done(true, 1500*time.Millisecond, Plain("done"))
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
	j.Done(true, 1500*time.Millisecond, Plain("done"))
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

// A note's record carries the key and facts of the line it was given, not
// of another text with the same words.
func TestJSONNoteCarriesItsLine(t *testing.T) {
	var out bytes.Buffer
	j := NewJSON(&out, func() time.Duration { return 0 })
	j.Note(ui.Info, Line{Text: "Removed pod/web.", Said: Said{Key: "ui.cleanup.removed", Facts: text.Facts{"Message": "pod/web"}}})
	j.Note(ui.Info, Line{Text: "Removed pod/web.", Said: Said{Key: "other"}})
	j.Note(ui.Info, Plain("Removed pod/web."))
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r NoteRecord
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %v", r.Key, r.Facts["Message"]))
	}
	want := []string{"ui.cleanup.removed pod/web", "other <nil>", " <nil>"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("note records: %q, want %q", got, want)
	}
}

// kpod's own words in an output wrap to the terminal's width; the quoted
// output around them, and a word of kpod's inside a quoted line, do not.
func TestOutputWrapsWhatKpodSaid(t *testing.T) {
	var buf bytes.Buffer
	h := NewHumanTo(ui.NewPrinter(&buf, false, 40, func(string) string { return "" }, true))
	quoted := "Events:  Normal  Pulled  kubelet  Container image already present on machine"
	cell := "NAME   SET BY"
	note := "(… 이 단계에서 다루는 필드만 보여 줍니다. 전체는 `kubectl describe`로 보세요)"
	sched := "    스케줄러가 노드 1대를 살펴봤지만, 이 파드를 받을 수 있는 노드가 하나도 없습니다."
	two := [2]string{"컨테이너를 SIGKILL로 종료했습니다.", "PID 1은 셸입니다."}
	said := func(t string) Line { return Line{Text: t, Said: Said{Key: "k"}} }
	h.Output(Quoted(quoted + "\nNAME   ").Say(said("SET BY")).Quote("\n").Say(said(note)).Quote("\n    ").Say(said(strings.TrimLeft(sched, " "))).
		Quote("\n").Say(said(two[0])).Quote(" ").Say(said(two[1])).Quote("\n"))
	got := buf.String()
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		if ui.Width(l) > 40 && strings.TrimSpace(l) != quoted {
			t.Errorf("line %q is %d columns wide, past 40:\n%s", l, ui.Width(l), got)
		}
	}
	for _, want := range []string{"  " + quoted + "\n", "  " + cell + "\n", "\n      이 파드"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}
