package text

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		lang string
		v    any
		want string
	}{
		{"en", 76 * time.Second, "1m16s"},
		{"en", "31s", "31s"},
		{"ko", 76 * time.Second, "1분 16초"},
		{"ko", "2s", "2초"},
		{"ko", "1m16.5s", "1분 16.5초"},
		{"ko", 2 * time.Minute, "2분"},
		{"ko", time.Hour + 30*time.Second, "1시간 30초"},
		{"ko", 500 * time.Millisecond, "0.5초"},
		{"ko", time.Duration(0), "0초"},
		{"ko", -3 * time.Second, "-3초"},
		{"ko", "soon", "soon"},
		{"ko", 7, "7"},
	} {
		if got := Duration(tc.lang, tc.v); got != tc.want {
			t.Errorf("Duration(%q, %v) = %q, want %q", tc.lang, tc.v, got, tc.want)
		}
	}
}

func TestDurFunc(t *testing.T) {
	got := Scene{Lang: "ko"}.Fill("{{dur .Took}} 뒤", Facts{"Took": "1m16s"})
	if got != "1분 16초 뒤" {
		t.Errorf("dur: %q", got)
	}
	if got := (Scene{Lang: "ko"}).Say(Text{"ko": {"k": {Body: "{{.Wait}} 안에"}}}, "k", Facts{"Wait": 90 * time.Second}); got != "1분 30초 안에" {
		t.Errorf("a duration fact in Korean: %q", got)
	}
}

// A duration among facts is written in Go's form, and said again from it
// in each language.
func TestFactsDurationsInJSON(t *testing.T) {
	b, err := json.Marshal(Facts{"Took": 76 * time.Second, "Count": 3})
	if err != nil || string(b) != `{"Count":3,"Took":"1m16s"}` {
		t.Fatalf("%s %v", b, err)
	}
	var back Facts
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := Duration("ko", back["Took"]); got != "1분 16초" {
		t.Errorf("said again in ko: %q", got)
	}
}
