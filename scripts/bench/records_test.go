package main

import (
	"strings"
	"testing"
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
