package text

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration says a length of time in lang: Go's form in English ("1m16s"),
// the reader's words in Korean ("1분 16초"). v is a time.Duration or a
// string in Go's form; anything else, or a string Go cannot read, is said
// as it is.
func Duration(lang string, v any) string {
	var d time.Duration
	switch v := v.(type) {
	case time.Duration:
		d = v
	case string:
		p, err := time.ParseDuration(v)
		if err != nil || lang != "ko" {
			return v
		}
		d = p
	default:
		return fmt.Sprint(v)
	}
	if lang != "ko" {
		return d.String()
	}
	return korean(d)
}

// korean formats d in hours, minutes and seconds: "1시간 2분", "1분 16초", "0.5초".
func korean(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	h, m := d/time.Hour, d%time.Hour/time.Minute
	s := (d % time.Minute).Seconds()
	var parts []string
	if h > 0 {
		parts = append(parts, strconv.Itoa(int(h))+"시간")
	}
	if m > 0 {
		parts = append(parts, strconv.Itoa(int(m))+"분")
	}
	if s > 0 || len(parts) == 0 {
		parts = append(parts, strconv.FormatFloat(s, 'f', -1, 64)+"초")
	}
	return sign + strings.Join(parts, " ")
}

// MarshalJSON writes facts with each length of time in Go's form ("31s"),
// which Duration reads again: a recorded text said again in another
// language (kpod replay --lang) says its durations in that one.
func (f Facts) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(f))
	for k, v := range f {
		if d, ok := v.(time.Duration); ok {
			v = d.String()
		}
		out[k] = v
	}
	return json.Marshal(out)
}
