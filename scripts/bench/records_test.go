package main

import (
	"strings"
	"testing"
	"time"
)

// Every object line is read in order, a line that is no JSON object is
// skipped, and each can stop the reading.
func TestEachRecord(t *testing.T) {
	in := "{\"type\":\"command\",\"command\":\"kubectl get pods\"}\nconnecting…\n[1,2]\n{\"type\":\"done\",\"ok\":true}\n{\"type\":\"after\"}\n"
	type rec struct {
		Type string `json:"type"`
		OK   bool   `json:"ok"`
	}
	var got []string
	err := eachRecord(strings.NewReader(in), func(r rec) bool {
		got = append(got, r.Type)
		return r.Type != "done"
	})
	if err != nil || strings.Join(got, ",") != "command,done" {
		t.Errorf("read %v, %v; want command,done", got, err)
	}
	long := "{\"type\":\"" + strings.Repeat("x", 2<<20) + "\"}\n"
	if err := eachRecord(strings.NewReader(long), func(rec) bool { return true }); err == nil {
		t.Error("a line over 1 MiB read without an error")
	}
}

// A run that waited for the cluster's DNS: from kpod's note with the
// name's old address to the output it waited for.
func TestReadRunDNSWait(t *testing.T) {
	out := []byte(`{"type":"command","t":1,"command":"kubectl logs ambassador -c app -f"}
{"type":"note","t":4.5,"kind":"info","text":"...","facts":{"Old":"10.96.0.1","IP":"10.96.0.2"}}
{"type":"output","t":12.5,"text":"answer"}
{"type":"note","t":13,"kind":"info","text":"Cleaning up","facts":{"Namespace":"kpod"}}
{"type":"output","t":14,"text":"gone"}
{"type":"done","t":15,"ok":true,"seconds":15,"requests_by_verb":{"get":3}}
`)
	r := readRun(out)
	if r.dns != 8*time.Second || !r.ok || len(r.commands) != 1 || r.requests["get"] != 3 {
		t.Errorf("read %+v", r)
	}
}
