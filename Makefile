# ashyq-kiosk: `make run` starts the demo kiosk, `make test` runs every test.
# Both work on a fresh Debian machine with Go and Node.js (npm): they fetch
# what they need.

GO        ?= go
NPM       ?= npm
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN       := bin

.PHONY: all first-build build run test test-long fuzz-short test-short bench bench-upstream soak lint fmt vet deps clean nocgo wallet test-web wallet-screens

all: build

deps: ## fetch Go modules
	$(GO) mod download

# The visitors' wallet (sync/wallet): npm installs exactly the lockfile's
# packages, esbuild bundles them into sync/wallet/bundle, and ashyq-server
# embeds that. Without it the server still builds and its /wallet/ says the
# wallet was not built. npm ci runs again only when the lockfile changed.
wallet: node_modules/.package-lock.json ## the wallet web app into sync/wallet/bundle (embedded by ashyq-server)
	$(NPM) run -s build

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

# docs/wallet-{kk,ru,en}.png: the wallet in chromium at 390x844, enrolled on a
# demo upstream (the test also checks that they decode).
wallet-screens: wallet
	WALLET_SCREENS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestWalletScreenshots$$' ./cmd/ashyq-kiosk

# The wallet's pass code against docs/pass-format.md's test vectors, in node.
test-web: node_modules/.package-lock.json
	node --test sync/wallet/web/test/

# A first build fetches modules and npm packages and compiles several
# hundred Go packages, over a minute of silence a newcomer would take for a
# hang: first-build says what is coming, and build-progress.sh counts the
# packages as they compile and prints how long it took.
build: first-build deps host-only wallet ## build both binaries into bin/
	@echo "go build: bin/ashyq-kiosk, bin/ashyq-server"
	@./packaging/build-progress.sh $(GO) build -v -ldflags '$(LDFLAGS)' -o $(BIN)/ashyq-kiosk ./cmd/ashyq-kiosk
	@./packaging/build-progress.sh $(GO) build -v -ldflags '$(LDFLAGS)' -o $(BIN)/ashyq-server ./cmd/ashyq-server

first-build:
	@test -x $(BIN)/ashyq-kiosk || printf '%s\n' \
		"First build: downloading the Go modules and the wallet's npm packages, then compiling several" \
		"hundred Go packages. It takes over a minute on an idle 2-core machine, several minutes on a busy" \
		"one; later builds take seconds."

nocgo: deps ## the camera-less build must keep compiling
	CGO_ENABLED=0 $(GO) build -o $(BIN)/ashyq-kiosk-nocgo ./cmd/ashyq-kiosk

run: build ## the demo kiosk: embedded upstream, no config, camera if one is plugged in
	./$(BIN)/ashyq-kiosk --demo

# scanner/qrdecode runs twice: under -race its rate sweeps skip (the
# detector makes decoding ten times dearer and has nothing to check in a
# sweep of one goroutine), and the second run, without the detector and
# with -short, runs them and checks their floors. `make bench` runs the
# whole sets (no -short).
# go vet is make lint's (CI runs both): from an empty build cache it costs
# about 290 s of CPU (it compiles every package, tests' dependencies
# included, once more), a minute or more of make test's time for nothing
# lint does not check.
test: deps wallet nocgo test-web ## the wallet, the no-cgo build, every test but the long suites with the race detector
	$(GO) test -race -count=1 -timeout 20m -skip '^($(LONG_TESTS))$$' ./...
	$(GO) test -short -count=1 -timeout 10m ./scanner/qrdecode

# The long suites: whole browsers driving the console and the owner's
# pages, floods, replicas SIGKILLed under load, every screen of a kiosk in a
# pseudo-terminal. Each takes 5 to 40 s with the race detector, together
# about a third of `make test`'s time, so `make test` skips them and
# `make test-long` runs them, with the race detector too; CI (.ci/run) runs
# both. A test named here must exist, once, in one of LONG_PKGS
# (kiosk/longtests_test.go checks it).
LONG_PKGS := ./cmd/ashyq-kiosk ./sync/server ./sync/servercli
LONG_TESTS := TestOwnerRunsTheVenue|TestOperatorRunsTheFleet|TestNoIINLeavesTUI|TestSignalStopsFullScreenKiosk|$\
	TestOneVenuesContactFloodHurtsNoOther|TestListPageBytes|TestListPageByteBound|TestIngestLimits|$\
	TestConsoleInBrowser|TestConsoleFleetPages|TestConsoleKeysPage|$\
	TestAFloodOfRefusedRequestsDoesNotWipeTheLog|TestReplicasSurviveSIGKILL

test-long: deps wallet ## the long suites make test leaves out (browsers, floods, SIGKILLed replicas) with the race detector, and the fuzzing
	$(GO) test -race -count=1 -timeout 30m -run '^($(LONG_TESTS))$$' $(LONG_PKGS)
	$(MAKE) fuzz-short

# Brief fuzzing (`go test -fuzz` takes one target per run): no valid IIN in
# any output whatever the input, the pass parser, the batch reader and the
# stored event's JSON. It is make test-long's: make test runs the fuzz
# tests' seeds as plain tests, and the fuzzing compiles every package they
# reach once more, instrumented.
# Counts, not durations: a short -fuzztime duration can end a run with a
# spurious "context deadline exceeded" failure, and counts do the same work
# on every machine.
fuzz-short: ## a fixed number of runs of each IIN-leak fuzz test, of the pass parser, the batch reader and the stored event's JSON
	$(GO) test -run '^$$' -fuzz '^FuzzRedactLeavesNoValidIIN$$' -fuzztime 200000x ./sync/wire/iin
	$(GO) test -run '^$$' -fuzz '^FuzzCleanNeverEmitsControls$$' -fuzztime 150000x ./sync/wire/safetext
	$(GO) test -run '^$$' -fuzz '^FuzzNoIINInOutput$$' -fuzztime 5000x ./kiosk/headless
	$(GO) test -run '^$$' -fuzz '^FuzzNoIINOnScreen$$' -fuzztime 1000x ./kiosk/tui
# The pass parser and verifier, and base45: never panic, nothing false verifies.
	$(GO) test -run '^$$' -fuzz '^FuzzParseVerify$$' -fuzztime 100000x ./sync/pass
	$(GO) test -run '^$$' -fuzz '^FuzzBase45$$' -fuzztime 80000x ./sync/pass
# The upstream's batch reader reads every body as encoding/json's did.
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeBatchAsEncodingJSON$$' -fuzztime 100000x ./sync/api
# A stored event's JSON (its digest's input) is json.Marshal's, to the byte.
	$(GO) test -run '^$$' -fuzz '^FuzzAppendEventJSONIsMarshal$$' -fuzztime 100000x ./sync/store

test-short: ## quick loop while developing
	$(GO) test -count=1 -short ./...

# The decoder's benchmark peers (zxing-cpp 3 as WebAssembly, jsQR): npm
# installs exactly scanner/qrdecode/npm's lockfile; never a runtime dependency.
PEERS_NPM := scanner/qrdecode/npm
$(PEERS_NPM)/node_modules/.package-lock.json: $(PEERS_NPM)/package.json $(PEERS_NPM)/package-lock.json
	$(NPM) ci --prefix $(PEERS_NPM) --no-audit --no-fund
	@touch $@

bench: deps wallet $(PEERS_NPM)/node_modules/.package-lock.json ## benchmarks and the side-by-side decoder comparison (installs ZXingReader, zbarimg)
	$(GO) test -run '^$$' -bench 'Append' -benchtime 2000x ./sync/outbox
	$(GO) test -run '^$$' -bench 'FileSize100k|Drain100k|Open100k' -benchtime 1x ./sync/outbox
	$(GO) test -run '^$$' -bench 'DecodeBatch' -benchtime 20000x ./sync/api
	$(GO) test -run '^$$' -bench 'Ingest' -benchtime 200x ./sync/server
	$(GO) test -run '^$$' -bench 'EncodeEvent' -benchmem ./sync/store
	$(GO) test -run '^$$' -bench 'PrepareLongBatch' -benchtime 50x ./sync/store/pgstore
	$(GO) test -run '^$$' -bench 'GroupArrays|GroupPlan' -benchmem -benchtime 3000x ./sync/store/pgstore
	$(GO) test -run '^$$' -bench 'IngestRatio|IngestCPU' -benchtime 1x -timeout 60m ./sync/store/pgstore
	$(GO) test -run '^$$' -bench 'ServerPeakRSS$$' -benchtime 1x ./sync/servercli
	$(GO) test -run '^$$' -bench 'ServerPeakRSSContactFlood' -benchtime 1x ./sync/servercli
	$(GO) test -run '^$$' -bench 'RegistryImport' -benchtime 1x -timeout 60m ./sync/servercli
	$(GO) test -run '^$$' -bench 'FHIRIngest' -benchtime 200x ./sync/servercli
	$(GO) test -run '^$$' -bench 'StatusLookup' -benchtime 20000x ./sync/servercli
	$(GO) test -run '^$$' -bench 'OwnerAtScale' -benchtime 1x -timeout 180m ./sync/servercli
	$(MAKE) bench-upstream
	$(GO) test -run '^$$' -bench 'Drain100k' -benchtime 1x ./sync/syncer
	$(GO) test -run '^$$' -bench 'SyncRound' -benchtime 50x ./sync/syncer
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 200x ./scanner/camera ./scanner/wedge ./scanner/evdev ./kiosk/tui/...
	$(GO) test -count=1 -timeout 30m ./scanner/qrdecode
	$(GO) test -run '^$$' -bench . -benchmem ./scanner/qrdecode
	$(GO) test -run '^$$' -bench 'Verify' -benchmem ./sync/pass
	$(GO) test -run '^$$' -bench 'ScanBlackHole/without' -benchtime 5x ./kiosk/door
	$(GO) test -run '^$$' -bench 'ScanBlackHole/with-' -benchtime 2000x ./kiosk/door
	$(GO) test -run '^$$' -bench 'ScanPass' -benchtime 300x ./kiosk/door
	$(GO) test -run '^$$' -bench 'StatusLookup' -benchtime 200x ./sync/server
	$(GO) test -run '^$$' -bench 'ScanToVerdict|ScanPassToVerdict' -benchtime 50x ./cmd/ashyq-kiosk
	$(GO) test -run '^$$' -bench 'KioskPeakRSSDenyList' -benchtime 1x ./cmd/ashyq-kiosk
	$(GO) test -run '^$$' -bench 'StopPTY' -benchtime 8x ./cmd/ashyq-kiosk
	$(GO) test -run '^$$' -bench '^BenchmarkWallet$$' -benchtime 5x ./cmd/ashyq-kiosk
	bash scanner/qrdecode/peers.sh

bench-upstream: deps ## the upstream side by side with a plain pgx client: bbolt and PostgreSQL, 1 and 2 replicas behind haproxy, 100 and 10,000 devices
	$(GO) test -run '^$$' -bench 'Upstream' -benchtime 1x -timeout 30m ./sync/servercli

soak: build ## thousands of scans, SIGKILLs and a failing upstream; counts must match exactly
	ASHYQ_SOAK=1 $(GO) test -run TestSoak -count=1 -v -timeout 30m ./cmd/ashyq-kiosk

vet:
	$(GO) vet ./...

lint: vet ## gofmt, vet, staticcheck, and go.mod exactly as `go mod tidy` writes it
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	@$(GO) mod tidy -diff || (echo "go.mod/go.sum differ from what 'go mod tidy' writes: run it and commit"; exit 1)
	$(GO) run $(STATICCHECK) ./...

fmt:
	gofmt -w .

clean:
	rm -rf $(BIN) $(DIST) node_modules
	find sync/wallet/bundle -mindepth 1 ! -name .gitignore -delete

# --- cross-builds, packages and their tests ---------------------------------
# Debian's architecture names, Go's for each, and Debian's cgo cross compiler
# (gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf), so the camera driver stays
# in every build. Cross-built binaries go to bin/linux-<goarch>/, never over
# the host's bin/ashyq-*.
DEB_ARCHES   := amd64 arm64 armhf
goarch_amd64 := amd64
goarch_arm64 := arm64
goarch_armhf := arm
goarm_armhf  := 7
cc_amd64     := x86_64-linux-gnu-gcc
cc_arm64     := aarch64-linux-gnu-gcc
cc_armhf     := arm-linux-gnueabihf-gcc
NFPM         := github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
DIST         := dist
DEB_VERSION  ?= $(shell ./packaging/debversion.sh)

# bin/ashyq-* are the host's: a GOARCH=arm64 make build would drop cgo (and
# with it the camera) and put ARM binaries where the host's belong.
host-only:
	@if [ -n "$$GOARCH" ] && [ "$$GOARCH" != "$$($(GO) env GOHOSTARCH)" ]; then \
		echo "make build is for this machine; for GOARCH=$$GOARCH use make cross (bin/linux-<goarch>/) or make package"; exit 2; fi

.PHONY: host-only cross package package-test qemu-test field-test $(addprefix cross-,$(DEB_ARCHES)) $(addprefix package-,$(DEB_ARCHES))

cross: $(addprefix cross-,$(DEB_ARCHES)) ## both binaries for amd64, arm64, armhf into bin/linux-<goarch>/

$(addprefix cross-,$(DEB_ARCHES)): cross-%: deps wallet
	@command -v $(cc_$*) >/dev/null || { echo "cross-$*: $(cc_$*) is missing: apt-get install gcc-$(patsubst %-gcc,%,$(cc_$*))"; exit 1; }
	CGO_ENABLED=1 GOOS=linux GOARCH=$(goarch_$*) GOARM=$(goarm_$*) CC=$(cc_$*) \
		$(GO) build -trimpath -ldflags '$(LDFLAGS) -s -w' -o $(BIN)/linux-$(goarch_$*)/ ./cmd/ashyq-kiosk ./cmd/ashyq-server

package: $(addprefix package-,$(DEB_ARCHES)) ## six .deb files in dist/: ashyq-kiosk and ashyq-server per architecture
	@ls -l $(DIST)/*.deb

$(addprefix package-,$(DEB_ARCHES)): package-%: cross-%
	@mkdir -p $(DIST)
	for p in kiosk server; do \
		ARCH=$* GOARCH_DIR=$(BIN)/linux-$(goarch_$*) DEB_VERSION=$(DEB_VERSION) \
			$(GO) run $(NFPM) package --packager deb --config packaging/nfpm-$$p.yaml --target $(DIST)/ || exit 1; \
	done

package-test: package ## install, upgrade, remove and purge the amd64 packages with dpkg; systemd-analyze verify (root)
	bash .ci/package-test.sh

qemu-test: cross ## arm64 and armhf binaries under qemu-user-static: version, a headless demo scan, outbox and decoder tests
	bash .ci/qemu-test.sh

field-test: package-amd64 ## as root: both packages in a booted Debian VM (qemu; image cached in /var/cache/ashyq-field): units, tty1, camera, scanners, power cuts, upgrade
	bash .ci/field-test.sh

# screens: the README's pictures, drawn from the golden screen files with the
# kiosk's console font (console-setup-linux).
SCREENS = en_welcome_80x25 en_welcome_200x60 en_denied_red_80x25 en_denied_red_200x60 \
	en_full_80x25 en_full_200x60 en_goodbye_200x60 en_not_accepted_venue_code_80x25 \
	en_idle_80x25 en_idle_200x60 kk_welcome_80x25 kk_welcome_200x60 ru_denied_yellow_120x40 \
	kk_idle_full_120x40 en_idle_saver_120x40 en_not_recorded_80x25 en_unchecked_ask_80x25 en_unchecked_ask_200x60 \
	kk_unchecked_refuse_80x25 ru_admitted_120x40 en_idle_offline_80x25 ru_idle_offline_120x40
.PHONY: screens
ENROL_SCREENS = en_enrol_80x25 kk_enrol_80x25 ru_enrol_120x40
screens:
	go run ./kiosk/tui/screenshot/gen -out docs/screens $(SCREENS:%=kiosk/tui/testdata/TestScreens/%.golden) \
		$(ENROL_SCREENS:%=kiosk/tui/testdata/TestEnrolScreen/%.golden)

# The owner's pages as the README shows them (chromium against a venue with
# a day of records): docs/owner-*.png.
.PHONY: console-screens
console-screens: ## the operator's console pages for the README (docs/console-*.png), from the browser test's fleet
	CONSOLE_SCREENS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestOperatorRunsTheFleet$$' ./cmd/ashyq-kiosk

.PHONY: owner-screens
owner-screens:
	OWNER_SCREENS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestOwnerScreenshots$$' ./cmd/ashyq-kiosk
