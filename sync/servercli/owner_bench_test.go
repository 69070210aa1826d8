package servercli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/backend"
	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/store/boltstore"
	"github.com/ashyq/kiosk/sync/store/pgstore"
	"github.com/ashyq/kiosk/sync/store/pgstore/pgtest"
	"github.com/ashyq/kiosk/sync/store/storetest"
)

// BenchmarkOwnerAtScale: the owner's pages, the operator's console and an
// inspector's export on a national-scale store, on bbolt and on PostgreSQL: 10,000 venues, 100,000
// devices and 10 million events (OWNER_BENCH_EVENTS sets the events for a
// quicker run, OWNER_BENCH_STORES=bbolt or postgres one store), written through the stores' own Ingest; venue 0 is a busy
// one with 90,000 events in 30 days. The real ashyq-server binary serves
// it. Reported: the seeding rate; p50 and p99 of the "now" page and of a
// day's visits, for the busy venue and a quiet one (an owner's session
// over HTTP, 200 requests each); the console's pages as an operator's
// session reads them (200 requests each: the venue list alarms first, a
// deep page sorted by head count, a search, the silent devices, a device
// search, the busy venue's page, the credentials and the audit trail), the
// first page's time (it waits for the first walk of the fleet) and the
// walk's own time as the page states it, and the server's peak RSS after
// them; the 30-day PDF and records CSV of the busy venue: time, size, and
// the server's peak RSS (VmHWM) before and after.
// make bench runs it with -benchtime 1x.
func BenchmarkOwnerAtScale(b *testing.B) {
	bin := buildServer(b)
	events := 10_000_000
	if s := os.Getenv("OWNER_BENCH_EVENTS"); s != "" {
		events, _ = strconv.Atoi(s)
	}
	end := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	fleet := storetest.Fleet{Venues: 10_000, Devices: 100_000, Events: events, Busy: min(90_000, events/2), BusyDays: 30, End: end}
	cluster, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatalf("PostgreSQL: %v", err)
	}
	defer cluster.Stop()
	stores := []string{"bbolt", "postgres"}
	if s := os.Getenv("OWNER_BENCH_STORES"); s != "" { // one store at a time, on a busy machine
		stores = strings.Split(s, ",")
	}
	for _, kind := range stores {
		b.Run("store="+kind, func(b *testing.B) {
			ctx := context.Background()
			var st store.Store
			var args []string
			dir := b.TempDir()
			if kind == "bbolt" {
				bs, err := boltstore.Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				st, args = bs, []string{"--data", dir}
			} else {
				u, err := cluster.NewSchema(ctx)
				if err != nil {
					b.Fatal(err)
				}
				ps, err := pgstore.Open(ctx, u)
				if err != nil {
					b.Fatal(err)
				}
				st, args = ps, []string{"--store", u}
			}
			t0 := time.Now()
			err := storetest.SeedFleet(ctx, st, fleet, func(done int64) {
				fmt.Fprintf(os.Stderr, "%s: %d events seeded (%.0f/s)\n", kind, done, float64(done)/time.Since(t0).Seconds())
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(events)/time.Since(t0).Seconds(), "seed_events/s")
			be := backend.New(st, backend.Options{Now: func() time.Time { return end }})
			busy, _, err := be.AddCredential(ctx, store.KindOwner, storetest.FleetVenue(0), "busy")
			if err != nil {
				b.Fatal(err)
			}
			quiet, _, err := be.AddCredential(ctx, store.KindOwner, storetest.FleetVenue(fleet.Venues/2), "quiet")
			if err != nil {
				b.Fatal(err)
			}
			operator, _, err := be.AddCredential(ctx, store.KindOperator, "", "bench operator")
			if err != nil {
				b.Fatal(err)
			}
			be.Close()
			r := startReplicaArgs(b, bin, args...)
			base := fmt.Sprintf("http://127.0.0.1:%d", r.port)
			day := end.Add(-24 * time.Hour).Format("2006-01-02")
			for _, o := range []struct{ name, secret string }{{"busy", busy}, {"quiet", quiet}} {
				c := ownerHTTP(b, base, o.secret)
				for _, page := range []struct{ name, path string }{{"now", "/owner/"}, {"visits", "/owner/visits?day=" + day}} {
					p50, p99 := c.latencies(b, page.path, 200)
					b.ReportMetric(p50, o.name+"_"+page.name+"_p50_ms")
					b.ReportMetric(p99, o.name+"_"+page.name+"_p99_ms")
				}
			}
			consoleAtScale(b, base, operator, fleet, r.cmd.Process.Pid)
			c := ownerHTTP(b, base, busy)
			from, to := end.AddDate(0, 0, -29).Format("2006-01-02"), end.Format("2006-01-02")
			before := float64(vmHWM(b, r.cmd.Process.Pid)) / 1024
			b.ReportMetric(before, "rss_before_export_MiB")
			for _, format := range []string{"records", "pdf"} { // VmHWM only grows: the lighter first
				t := time.Now()
				n := c.download(b, "/owner/export/download?format="+format+"&from="+from+"&to="+to)
				b.ReportMetric(time.Since(t).Seconds(), "export_"+format+"_s")
				b.ReportMetric(float64(n)/(1<<20), "export_"+format+"_MiB")
				b.ReportMetric(float64(vmHWM(b, r.cmd.Process.Pid))/1024, "peak_rss_after_"+format+"_MiB")
			}
		})
	}
}

type ownerHTTPClient struct {
	base string
	hc   *http.Client
}

// consoleAtScale measures the operator's console's pages.
func consoleAtScale(b *testing.B, base, operator string, fleet storetest.Fleet, pid int) {
	t := time.Now()
	c := webHTTP(b, base, "/ui/", operator) // its redirect opens the venue list: the first walk
	b.ReportMetric(float64(time.Since(t).Milliseconds()), "console_login_first_page_ms")
	page := c.get(b, "/ui/")
	if m := regexp.MustCompile(`Rows 1–50 of (\d+) · as of [^(]*\(a walk of the fleet that took ([0-9.]+)(ms|s)\)`).FindStringSubmatch(page); m == nil ||
		m[1] != strconv.Itoa(fleet.Venues) {
		b.Fatalf("the console's venue list does not say it shows 50 of %d venues:\n%.2000s", fleet.Venues, page)
	} else {
		walk, _ := strconv.ParseFloat(m[2], 64)
		if m[3] == "s" {
			walk *= 1000
		}
		b.ReportMetric(walk, "console_fleet_walk_ms")
	}
	for _, p := range []struct{ name, path string }{
		{"venues", "/ui/"},
		{"venues_deep_sorted", "/ui/?sort=inside&desc=1&from=" + strconv.Itoa(fleet.Venues/2)},
		{"venue_search", "/ui/?q=venue-0777"},
		{"silent", "/ui/alarms"},
		{"device_search", "/ui/devices?sort=name&q=v05000-"},
		{"busy_venue", "/ui/venues/" + storetest.FleetVenue(0)},
		{"credentials", "/ui/credentials"},
		{"audit", "/ui/audit"},
	} {
		p50, p99 := c.latencies(b, p.path, 200)
		b.ReportMetric(p50, "console_"+p.name+"_p50_ms")
		b.ReportMetric(p99, "console_"+p.name+"_p99_ms")
	}
	b.ReportMetric(float64(vmHWM(b, pid))/1024, "console_peak_rss_MiB")
}

// ownerHTTP logs in to the owner's pages as a browser would.
func ownerHTTP(b testing.TB, base, secret string) *ownerHTTPClient {
	return webHTTP(b, base, "/owner/", secret)
}

// webHTTP logs in to the pages at prefix (/owner/ or /ui/) as a browser
// would.
func webHTTP(b testing.TB, base, prefix, secret string) *ownerHTTPClient {
	jar, _ := cookiejar.New(nil)
	c := &ownerHTTPClient{base: base, hc: &http.Client{Jar: jar, Timeout: 10 * time.Minute}}
	resp, err := c.hc.Get(base + prefix + "login")
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, rest, _ := strings.Cut(string(page), `name="csrf" value="`)
	csrf, _, _ := strings.Cut(rest, `"`)
	resp, err = c.hc.PostForm(base+prefix+"login", url.Values{"csrf": {csrf}, "credential": {secret}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != prefix {
		b.Fatalf("login at %s: %d at %s", prefix, resp.StatusCode, resp.Request.URL)
	}
	return c
}

// get returns a page's body.
func (c *ownerHTTPClient) get(b testing.TB, path string) string {
	resp, err := c.hc.Get(c.base + path)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	return string(body)
}

// latencies gets path n times and returns p50 and p99 in milliseconds.
func (c *ownerHTTPClient) latencies(b testing.TB, path string, n int) (p50, p99 float64) {
	ds := make([]float64, n)
	for i := range ds {
		t := time.Now()
		resp, err := c.hc.Get(c.base + path)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		ds[i] = float64(time.Since(t).Microseconds()) / 1000
	}
	slices.Sort(ds)
	return ds[n/2], ds[n*99/100]
}

func (c *ownerHTTPClient) download(b testing.TB, path string) int64 {
	resp, err := c.hc.Get(c.base + path)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	return n
}
