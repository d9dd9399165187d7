package text

import (
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

// korean is d in hours, minutes and seconds: "1시간 2분", "1분 16초", "0.5초".
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
