# kpod — learn Kubernetes Pods by doing.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/kpod-dev/kpod/pkg/cli.Version=$(VERSION)
GO      ?= go

.PHONY: all build test e2e e2e-practice e2e-kind bench lesson fmt vet clean cluster-up cluster-down

all: build

## build: bin/kpod, and bin/kubectl-kpod for `kubectl kpod ...`
build:
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/kpod ./cmd/kpod
	cp bin/kpod bin/kubectl-kpod

## lesson: build, make a local cluster if none is reachable, run the first lesson
lesson: build
	scripts/quickstart

## test: vet and unit tests (no cluster needed)
test: vet
	@test -z "$$(gofmt -l cmd pkg examples)" || { echo "gofmt needed:"; gofmt -l cmd pkg examples; exit 1; }
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./...

## e2e: every lesson on a real cluster (scripts/e2e-cluster brings it up)
e2e:
	scripts/e2e-cluster up
	eval "$$(scripts/e2e-cluster env)" && $(GO) test -tags e2e -count=1 -p 1 -timeout 45m ./...

## e2e-practice: every practice task on a real cluster (make e2e runs a sample of them)
e2e-practice:
	scripts/e2e-cluster up
	eval "$$(scripts/e2e-cluster env)" && KPOD_E2E_PRACTICE=all $(GO) test -tags e2e -count=1 -p 1 -timeout 45m -run TestPracticeOnCluster ./pkg/practice/

## e2e-kind: the same suite through a real kind cluster, node image built offline (scripts/kind/README.md)
e2e-kind:
	scripts/kind-e2e

## bench: kpod against kubectl and each lesson against its floor, on the test cluster (not in CI; docs/bench.md)
## BENCH_FLAGS, e.g. "-lesson-runs 1 -lessons probe,init" or "-only startup"
bench: build
	@scripts/e2e-cluster status >/dev/null || { echo "the test cluster is not up and ready (scripts/e2e-cluster status): run scripts/e2e-cluster up first"; exit 1; }
	eval "$$(scripts/e2e-cluster env)" && $(GO) run ./scripts/bench $(BENCH_FLAGS)

cluster-up:
	scripts/e2e-cluster up

cluster-down:
	scripts/e2e-cluster down

clean:
	rm -rf bin
