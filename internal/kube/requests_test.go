package kube

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestVerb(t *testing.T) {
	for _, c := range []struct{ method, url, want string }{
		{"GET", "/version", "discovery"},
		{"GET", "/api", "discovery"},
		{"GET", "/api/v1", "discovery"},
		{"GET", "/apis", "discovery"},
		{"GET", "/apis/apps/v1", "discovery"},
		{"GET", "/api/v1/namespaces", "list"},
		{"GET", "/api/v1/namespaces/kpod", "get"},
		{"GET", "/api/v1/namespaces/kpod/pods", "list"},
		{"GET", "/api/v1/namespaces/kpod/pods?labelSelector=a%3Db&watch=true", "watch"},
		{"GET", "/api/v1/pods?watch=1", "watch"},
		{"GET", "/api/v1/namespaces/kpod/pods/web", "get"},
		{"GET", "/api/v1/namespaces/kpod/pods/web/log?follow=true", "get"},
		{"GET", "/api/v1/namespaces/kpod/pods/web/exec?command=true", "get"},
		{"GET", "/api/v1/nodes/n1", "get"},
		{"GET", "/apis/events.k8s.io/v1/namespaces/kpod/events", "list"},
		{"POST", "/api/v1/namespaces/kpod/pods", "create"},
		{"POST", "/api/v1/namespaces", "create"},
		{"POST", "/api/v1/namespaces/kpod/pods/web/exec", "create"},
		{"PUT", "/api/v1/namespaces/kpod/pods/web/status", "update"},
		{"PATCH", "/api/v1/namespaces/kpod/configmaps/c", "patch"},
		{"DELETE", "/api/v1/namespaces/kpod/pods/web", "delete"},
		{"DELETE", "/api/v1/namespaces/kpod/pods", "deletecollection"},
	} {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := Verb(c.method, u); got != c.want {
			t.Errorf("Verb(%s %s) = %s, want %s", c.method, c.url, got, c.want)
		}
	}
}

func TestRequestsWrap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	var r Requests
	c := &http.Client{Transport: r.Wrap(http.DefaultTransport)}
	for _, p := range []string{"/api/v1/namespaces/a/pods", "/api/v1/namespaces/a/pods?watch=true", "/api/v1/namespaces/a/pods/x"} {
		resp, err := c.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/v1/namespaces/a/pods/x", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := r.String(), "delete=1 get=1 list=1 watch=1"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
	if r.Total() != 4 {
		t.Errorf("total %d, want 4", r.Total())
	}
}
