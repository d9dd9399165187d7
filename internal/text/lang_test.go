package text

import "testing"

func TestLang(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", nil, "en"},
		{"", map[string]string{"LANG": "ko_KR.UTF-8"}, "ko"},
		{"", map[string]string{"LANG": "ko_KR.UTF-8", "KPOD_LANG": "en"}, "en"},
		{"", map[string]string{"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"},
		{"ko", map[string]string{"KPOD_LANG": "en"}, "ko"},
		{"", map[string]string{"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"},
		{"", map[string]string{"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"},
	} {
		if got, ok := Lang(tc.flag, env(tc.env)); !ok || got != tc.want {
			t.Errorf("Lang(%q, %v) = %q, %v; want %q", tc.flag, tc.env, got, ok, tc.want)
		}
	}
	if _, ok := Lang("fr", env(nil)); ok {
		t.Error("fr accepted")
	}
}
