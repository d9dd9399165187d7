package main

import (
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	got := []delivery{
		{at: at(-500), pod: true}, // before the gate: not counted
		{at: at(100), pod: true},
		{at: at(200), reason: "Scheduled", message: "assigned kpod-bench/p to n", count: 1},
		{at: at(300), reason: "Pulled", message: "present", count: 1},
		{at: at(1000), pod: true},
		{at: at(3000), pod: true},
	}
	kpod := []line{
		{at(-400), `{"type":"event","source":"pod","reason":"Pending"}`},
		{at(130), `{"type":"event","source":"pod","reason":"Pending"}`},
		{at(250), `{"type":"event","source":"event","reason":"Scheduled","message":"assigned kpod-bench/p to n"}`},
		{at(1020), `{"type":"event","source":"pod","reason":"Started"}`},
		{at(1040), `{"type":"event","source":"pod","reason":"Running"}`},
		{at(1500), `{"type":"event","source":"event","reason":"Pulled","message":"never delivered"}`},
		{at(1550), `{"type":"event","source":"event","reason":"Pulled","message":"present","count":2}`},
		{at(1600), `{"type":"note","text":"not an annotation"}`},
	}
	kubectl := []line{
		{at(-300), "p 0/1 SchedulingGated"},
		{at(110), "p 0/1 Pending"},
		{at(1010), "p 1/1 Running"},
		{at(3000), "p 0/1 Error"},
	}
	r := match(at(0), got, kpod, kubectl)
	want := Sample{30, 50, 20, 40}
	if len(r.kpod) != len(want) {
		t.Fatalf("kpod delays %v, want %v", r.kpod, want)
	}
	for i := range want {
		if r.kpod[i] != want[i] {
			t.Errorf("kpod delays %v, want %v", r.kpod, want)
		}
	}
	if r.unmatched != 2 { // no delivery of that message; no delivery with count 2
		t.Errorf("unmatched %d, want 2", r.unmatched)
	}
	if len(r.kubectl) != 3 || r.kubectl[0] != 10 || r.kubectl[1] != 10 || r.kubectl[2] != 0 {
		t.Errorf("kubectl delays %v, want [10 10 0]", r.kubectl)
	}
	// Change 0: kubectl 110 < kpod 130; change 1: kubectl 1010 < kpod 1020;
	// change 2: kpod printed nothing.
	if r.kubectlFirst != 2 || r.kpodFirst != 0 || r.ties != 0 {
		t.Errorf("first: kpod %d, kubectl %d, ties %d", r.kpodFirst, r.kubectlFirst, r.ties)
	}
	if len(r.lead) != 2 || r.lead[0] != -20 || r.lead[1] != -10 {
		t.Errorf("kubectl's lag %v, want [-20 -10]", r.lead)
	}
}

// The late lines of earlier baselines: the bench's own watch got a Pod
// change a moment after kpod had printed it, and the line was matched to the
// change before, seconds earlier. Matched by resourceVersion, it is on time.
func TestMatchByResourceVersion(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	got := []delivery{
		{at: at(100), pod: true, rv: "10"},
		{at: at(11001), pod: true, rv: "11"}, // after kpod's line below
		{at: at(11030), reason: "BackOff", message: "Back-off restarting", count: 1, rv: "12"},
	}
	kpod := []line{
		{at(130), `{"type":"event","source":"pod","reason":"Running","resourceVersion":"10"}`},
		{at(11000), `{"type":"event","source":"pod","reason":"CrashLoopBackOff","resourceVersion":"11"}`},
		{at(11040), `{"type":"event","source":"event","reason":"BackOff","resourceVersion":"12"}`},
		{at(11050), `{"type":"event","source":"pod","reason":"Gone","resourceVersion":"99"}`},
	}
	r := match(at(0), got, kpod, []line{{at(101), "p Running"}, {at(11002), "p CrashLoopBackOff"}})
	want := Sample{30, 0, 10}
	if len(r.kpod) != len(want) || r.kpod[0] != want[0] || r.kpod[1] != want[1] || r.kpod[2] != want[2] {
		t.Fatalf("kpod delays %v, want %v", r.kpod, want)
	}
	if len(r.slow) != 0 || r.unmatched != 1 {
		t.Errorf("slow %v, unmatched %d", r.slow, r.unmatched)
	}
	if r.kpodFirst != 1 || r.kubectlFirst != 1 {
		t.Errorf("first: kpod %d, kubectl %d", r.kpodFirst, r.kubectlFirst)
	}
}
