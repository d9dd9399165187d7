# kpod — learn Kubernetes Pods by doing.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -s -w -X github.com/kpod-dev/kpod/internal/cli.Version=$(VERSION) \
           -X github.com/kpod-dev/kpod/internal/cli.GitCommit=$(COMMIT) -X github.com/kpod-dev/kpod/internal/cli.BuildDate=$(DATE)
GO      ?= go

.PHONY: all build test fuzz krew-check release-check snapshot e2e e2e-practice e2e-why e2e-kubectl e2e-kind e2e-kind-all torture bench browser-test lesson fmt vet clean cluster-up cluster-down

all: build

## build: bin/kpod, and the links bin/kubectl-kpod for `kubectl kpod ...`
## and bin/kubectl_complete-kpod, which kubectl runs to complete `kubectl kpod <TAB>`
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/kpod ./cmd/kpod
	ln -sf kpod bin/kubectl-kpod
	ln -sf kpod bin/kubectl_complete-kpod

## lesson: build, make a local cluster if none is reachable, run the first lesson
lesson: build
	scripts/quickstart

## test: vet and unit tests (no cluster needed). The tests run with a HOME of their own,
## which must stay empty but for Go's own telemetry (its caches stay where they are): no test writes into the user's files.
test: vet
	@test -z "$$(gofmt -l cmd internal examples)" || { echo "gofmt needed:"; gofmt -l cmd internal examples; exit 1; }
	@home=$$(mktemp -d) && trap 'rm -rf $$home' EXIT && \
	export GOCACHE=$$($(GO) env GOCACHE) GOMODCACHE=$$($(GO) env GOMODCACHE) GOPATH=$$($(GO) env GOPATH) GOENV=$$($(GO) env GOENV) && \
	echo "$(GO) test -count=1 ./...   (HOME=$$home)" && \
	{ env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u KPOD_HOME HOME=$$home $(GO) test -count=1 ./...; rc=$$?; } && \
	left=$$(cd $$home && find . -mindepth 1 ! -path ./.config ! -path "./.config/go" ! -path "./.config/go/*" | head -20) && \
	if [ -n "$$left" ]; then echo "make test: the tests wrote into their HOME ($$home), which must stay empty:"; echo "$$left"; exit 1; fi; \
	exit $$rc

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./...
	$(GO) vet -tags browser ./...

## browser-test: the page of every recorded run (kpod replay --html) in a real headless browser:
## no console error, no request, the same steps as kpod replay, and it plays. scripts/chromium
## installs Debian's chromium when /usr/bin/chromium is missing (needs root or sudo).
browser-test:
	chromium=$$(scripts/chromium) && KPOD_CHROMIUM=$$chromium $(GO) test -tags browser -count=1 -run TestReplayPageInBrowser ./internal/cli/

## e2e: every lesson on a real cluster (scripts/e2e-cluster brings it up); the lessons' source
## claims are checked against k8s.io/kubernetes, which the cluster is built from, and must be there
e2e:
	scripts/e2e-cluster up
	cd scripts/e2e/k8s && $(GO) mod download k8s.io/kubernetes
	eval "$$(scripts/e2e-cluster env)" && KPOD_CLAIMS_SOURCE=required $(GO) test -tags e2e -count=1 -p 1 -timeout 45m ./...

## e2e-practice: every practice task on a real cluster (make e2e runs a sample of them)
e2e-practice:
	scripts/e2e-cluster up
	eval "$$(scripts/e2e-cluster env)" && KPOD_E2E_PRACTICE=all $(GO) test -tags e2e -count=1 -p 1 -timeout 60m -run TestPracticeOnCluster ./internal/practice/

## e2e-kubectl: every lesson's shown get/describe output against kubectl's own on the cluster, and its shown waits run by kubectl (make e2e runs a sample)
e2e-kubectl:
	scripts/e2e-cluster up
	eval "$$(scripts/e2e-cluster env)" && KPOD_E2E_KUBECTL=all $(GO) test -tags e2e -count=1 -timeout 30m -run TestShownOutputIsKubectls ./internal/lessons/all/

## e2e-why: every way kpod why knows a Pod fails, caused for real on the cluster (make e2e runs a sample of them)
e2e-why:
	scripts/e2e-cluster up
	eval "$$(scripts/e2e-cluster env)" && KPOD_E2E_WHY=all $(GO) test -tags e2e -count=1 -timeout 30m -run 'TestWhyOnRealPods|TestWhyWatchSeesShortLivedCauses' ./internal/diagnose/

## torture: every lesson interrupted at every step (SIGINT, SIGTERM, SIGKILL then kpod clean),
## runs side by side, a namespace-only student, the API server stopped mid-lesson; prints the
## figures table kept in docs/torture.md (make e2e runs a fixed sample of it)
torture:
	scripts/e2e-cluster up
	@mkdir -p bin && rm -f bin/torture.tsv
	eval "$$(scripts/e2e-cluster env)" && KPOD_TORTURE=all KPOD_TORTURE_FIGURES=$(CURDIR)/bin/torture.tsv \
	  $(GO) test -tags e2e -count=1 -p 1 -timeout 150m ./internal/torture/; rc=$$?; \
	  $(GO) run ./scripts/torturetable bin/torture.tsv; exit $$rc

## fuzz: each fuzz target for FUZZTIME (CI: 5s each); the corpus is kept in testdata/fuzz.
## Each package's test binary is built once, with the fuzzing instrumentation, and runs all its targets.
FUZZTIME ?= 5s
fuzz:
	@d=$$(mktemp -d) && trap 'rm -rf $$d' EXIT && \
	for t in $$(grep -rl --include='*_test.go' '^func Fuzz' cmd internal | xargs -n1 dirname | sort -u); do \
	  fs=$$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$t/*_test.go | cut -c6-); \
	  echo "fuzz build $$t"; $(GO) test -c -o $$d/fuzz.test -fuzz "^($$(echo $$fs | tr ' ' '|'))$$" ./$$t || exit 1; \
	  for f in $$fs; do \
	    echo "fuzz $$t $$f"; (cd $$t && $$d/fuzz.test -test.run '^$$' -test.fuzz "^$$f$$" -test.fuzztime $(FUZZTIME) \
	      -test.fuzzcachedir $$($(GO) env GOCACHE)/fuzz/github.com/kpod-dev/kpod/$$t) || exit 1; \
	  done; done

## e2e-kind: the suite's node-dependent sample through a real kind cluster, node image built offline
## (scripts/kind/README.md); e2e-kind-all: every package there
e2e-kind:
	scripts/kind-e2e

e2e-kind-all:
	KPOD_KIND_PKGS=all scripts/kind-e2e

## bench: kpod against kubectl and each lesson against its floor, on the test cluster (not in CI; docs/bench.md)
## BENCH_FLAGS, e.g. "-lesson-runs 1 -lessons probe,init" or "-only startup"
bench: build
	@scripts/e2e-cluster status >/dev/null || { echo "the test cluster is not up and ready (scripts/e2e-cluster status): run scripts/e2e-cluster up first"; exit 1; }
	eval "$$(scripts/e2e-cluster env)" && $(GO) run ./scripts/bench $(BENCH_FLAGS)

# Release tools, built from their Go modules once and kept here.
TOOLS          ?= $(HOME)/.cache/kpod-tools/bin
KREW_VERSION   ?= v0.4.3
GORELEASER_VERSION ?= v2.15.1

$(TOOLS)/validate-krew-manifest:
	GOBIN=$(TOOLS) GOFLAGS= $(GO) install sigs.k8s.io/krew/cmd/validate-krew-manifest@$(KREW_VERSION)

$(TOOLS)/goreleaser:
	GOBIN=$(TOOLS) GOFLAGS= $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

## krew-check: render .krew.yaml (with dist/checksums.txt if a snapshot or release made one) and run krew's own validator
krew-check: $(TOOLS)/validate-krew-manifest
	@d=$$(mktemp -d) && trap 'rm -rf $$d' EXIT && \
	sums=; [ -f dist/checksums.txt ] && sums="-checksums dist/checksums.txt"; \
	$(GO) run ./scripts/krewmanifest -tag $$(git describe --tags --abbrev=0 2>/dev/null || echo v0.0.0) $$sums > $$d/kpod.yaml && \
	{ $(TOOLS)/validate-krew-manifest -manifest $$d/kpod.yaml -skip-install -logtostderr=true > $$d/log 2>&1; rc=$$?; } ; \
	grep '^[IWEF][0-9]' $$d/log | sed 's/^[IWF][0-9]* [0-9:.]* *[0-9]* [a-z_.]*:[0-9]*\] /krew: /' | head -20; exit $$rc

## release-check: GoReleaser's own check of .goreleaser.yaml
release-check: $(TOOLS)/goreleaser
	$(TOOLS)/goreleaser check

## snapshot: build every release archive into dist/ without publishing (slow: 18 builds)
snapshot: $(TOOLS)/goreleaser
	$(TOOLS)/goreleaser release --snapshot --clean

cluster-up:
	scripts/e2e-cluster up

cluster-down:
	scripts/e2e-cluster down

clean:
	rm -rf bin
