package servercli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/server"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// benchPeople are 200,000 distinct valid IINs (men born in 1990).
var benchPeople = sync.OnceValue(func() []string {
	out := make([]string, 0, 200000)
	for day := 0; len(out) < cap(out); day++ {
		born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		for reg := 0; reg < 10000 && len(out) < cap(out); reg++ {
			d := []byte(born.Format("060102") + "3" + fmt.Sprintf("%04d", reg))
			if c, err := iin.CheckDigit(d); err == nil {
				out = append(out, string(d)+strconv.Itoa(c))
			}
		}
	}
	return out
})

// benchPerson is the n-th of benchPeople.
func benchPerson(n int) string { return benchPeople()[n%len(benchPeople())] }

var benchNow = time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC)

// benchObservation is result i as one NDJSON line: a PCR result, positive
// one time in twenty, collected in the ten days before now.
func benchObservation(i int, now time.Time) string {
	code := "260415000"
	if i%20 == 0 {
		code = "260373001"
	}
	at := now.Add(-time.Duration(i%240) * time.Hour).Format(time.RFC3339)
	return fmt.Sprintf(`{"resourceType":"Observation","identifier":[{"system":"urn:bench:lab","value":"R%d"}],"status":"final",`+
		`"code":{"coding":[{"system":"http://loinc.org","code":"94500-6"}]},"subject":{"identifier":{"system":"urn:ashyq:iin","value":"%s"}},`+
		`"effectiveDateTime":"%s","performer":[{"display":"Bench Lab"}],"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"%s"}]}}`,
		i, benchPerson(i%200000), at, code)
}

// benchStores runs body on bbolt and, when PostgreSQL can start, on it.
func benchStores(b *testing.B, body func(b *testing.B, data, url string)) {
	b.Run("bbolt", func(b *testing.B) { body(b, b.TempDir(), "") })
	b.Run("postgres", func(b *testing.B) { body(b, "", pgURL(b)) })
}

// BenchmarkRegistryImport runs `ashyq-server registry import` (the real
// binary) on an NDJSON file of ASHYQ_IMPORT_RESULTS results (default
// 1,000,000) about 200,000 people, and reports results/s and the process's
// peak resident set. make bench runs it with -benchtime 1x.
func BenchmarkRegistryImport(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("ASHYQ_IMPORT_RESULTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "ashyq-server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/ashyq/kiosk/cmd/ashyq-server").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "results.ndjson")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	now := time.Now() // the command judges at its own clock: recent results change colours
	for i := range n {
		w.WriteString(benchObservation(i, now))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchStores(b, func(b *testing.B, data, url string) {
		for range b.N {
			args := []string{"registry", "import", file}
			if url != "" {
				args = append(args, "--store", url)
			} else {
				args = append(args, "--data", b.TempDir())
			}
			cmd := exec.Command(bin, args...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("import: %v\n%s", err, out.String())
			}
			took := time.Since(start)
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			b.ReportMetric(float64(n)/took.Seconds(), "results/s")
			b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
			b.Logf("%s", bytes.TrimSpace(out.Bytes()))
		}
	})
}

// registryBench is a server in this process with a feeder credential.
type registryBench struct {
	srv    *server.Server
	ts     *httptest.Server
	feeder string
}

func newRegistryBench(b *testing.B, data, url string) *registryBench {
	b.Helper()
	opts := server.Options{DataDir: data, Tokens: map[string]string{benchToken: "bench"}, Now: func() time.Time { return benchNow }}
	if url != "" {
		st, err := OpenStore(context.Background(), url, "")
		if err != nil {
			b.Fatal(err)
		}
		opts.Store = st
	}
	srv, err := server.Open(opts)
	if err != nil {
		b.Fatal(err)
	}
	secret, _, err := srv.Backend().AddCredential(context.Background(), store.KindFeeder, "", "bench")
	if err != nil {
		b.Fatal(err)
	}
	rb := &registryBench{srv: srv, ts: httptest.NewServer(srv.Handler()), feeder: secret}
	b.Cleanup(func() { rb.ts.Close(); srv.Close() })
	return rb
}

func (rb *registryBench) post(b *testing.B, path, token string, body []byte) {
	req, _ := http.NewRequest("POST", rb.ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := rb.ts.Client().Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Errorf("%s: %d", path, resp.StatusCode)
	}
}

// percentile is the p-th percentile of ds (sorted in place).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// BenchmarkFHIRIngest posts batch bundles of 100 results from 4 feeders at
// once and reports results/s and the p99 of a bundle's answer.
func BenchmarkFHIRIngest(b *testing.B) {
	benchStores(b, func(b *testing.B, data, url string) {
		rb := newRegistryBench(b, data, url)
		bodies := make([][]byte, b.N)
		for i := range bodies {
			var buf bytes.Buffer
			buf.WriteString(`{"resourceType":"Bundle","type":"batch","entry":[`)
			for j := range 100 {
				if j > 0 {
					buf.WriteByte(',')
				}
				fmt.Fprintf(&buf, `{"resource":%s,"request":{"method":"POST","url":"Observation"}}`, benchObservation(i*100+j, benchNow))
			}
			buf.WriteString(`]}`)
			bodies[i] = buf.Bytes()
		}
		lat := make([]time.Duration, b.N)
		var next sync.Mutex
		k := 0
		b.ResetTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					next.Lock()
					i := k
					k++
					next.Unlock()
					if i >= b.N {
						return
					}
					t0 := time.Now()
					rb.post(b, "/v1/registry/fhir", rb.feeder, bodies[i])
					lat[i] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		took := time.Since(start)
		b.ReportMetric(float64(b.N*100)/took.Seconds(), "results/s")
		b.ReportMetric(float64(percentile(lat, 0.99).Nanoseconds())/1e6, "p99-ms")
	})
}

// BenchmarkStatusLookup asks the backend (what POST /v1/status calls, below
// its per-token rate limit) the status of people who each hold three facts,
// from 4 goroutines at once, and reports the p99 and p50 of an answer: the
// facts' read and the rules. Before facts, the same call read one colour.
func BenchmarkStatusLookup(b *testing.B) {
	benchStores(b, func(b *testing.B, data, url string) {
		rb := newRegistryBench(b, data, url)
		const people = 2000
		var facts []registry.Fact
		for i := range people * 3 {
			r := registry.Negative
			if i%20 == 0 {
				r = registry.Positive
			}
			facts = append(facts, registry.Fact{System: "urn:bench", Value: strconv.Itoa(i), IIN: benchPerson(i % people),
				Kind: registry.Test, Method: registry.PCR, Result: r, At: benchNow.Add(-time.Duration(i%100) * time.Hour)})
		}
		if _, err := rb.srv.Backend().PutFacts(context.Background(), facts, "bench"); err != nil {
			b.Fatal(err)
		}
		persons := make([]string, people)
		for i := range persons {
			persons[i] = benchPerson(i)
		}
		lat := make([]time.Duration, b.N)
		var next sync.Mutex
		k := 0
		b.ResetTimer()
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					next.Lock()
					i := k
					k++
					next.Unlock()
					if i >= b.N {
						return
					}
					t0 := time.Now()
					if _, err := rb.srv.Backend().Judge(context.Background(), persons[i%people]); err != nil {
						b.Error(err)
					}
					lat[i] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(percentile(lat, 0.99).Nanoseconds())/1e6, "p99-ms")
		b.ReportMetric(float64(percentile(lat, 0.5).Nanoseconds())/1e6, "p50-ms")
	})
}

var (
	_ = backend.Options{}
	_ = wire.Blue
)

// benchToken is the registry benchmark's device token (strong enough for a
// configured token).
const benchToken = "bench-token-6a3f9c1e8b5d2a7f4c0e"
