package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkScanToVerdictPTY measures what a visitor waits for: from the
// barcode scanner's burst (the IIN and Enter, written at once into the real
// kiosk's terminal) to the verdict's frame arriving on that terminal, with
// the real upstream on loopback, the status looked up online and the event
// fsynced before the verdict is drawn. It reports the median and the worst
// of the run.
func BenchmarkScanToVerdictPTY(b *testing.B) {
	up := startServer(b)
	cfg := writeConfig(b, up.URL, b.TempDir(), "bench-1", "")
	k := startKioskTTY(b, cfg)
	k.scr.WaitFor(b, 20*time.Second, "demo-cafe", "main")
	// The demo registry's people in turn, at a door's pace: the wedge
	// throttle drops the same code within 3 s and more than one scan a
	// second after a burst of five, as it would a jammed scanner.
	people := []string{"900101300017", "850523400026", "771203300035", "010202500042", "950630400059"}
	waits := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		person := people[i%len(people)]
		k.scr.Mark()
		start := time.Now()
		k.tty.Write([]byte(person + "\r"))
		k.waitQuick(b, "IIN ••••••••"+person[8:], "Status checked online")
		waits = append(waits, time.Since(start))
		b.StopTimer()
		k.scr.Mark()
		k.tty.Write([]byte(" ")) // back to idle
		k.waitQuick(b, "IIN or code:")
		time.Sleep(1100 * time.Millisecond)
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(waits)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(waits[len(waits)/2]), "ms-p50")
	b.ReportMetric(ms(waits[len(waits)*99/100]), "ms-p99")
	b.ReportMetric(ms(waits[len(waits)-1]), "ms-max")
	b.ReportMetric(0, "ns/op")
}

// waitQuick is WaitFor polling every half millisecond, for timing.
func (k *kioskTTY) waitQuick(b *testing.B, texts ...string) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		plain := ansi.ReplaceAllString(k.scr.since(), "")
		all := true
		for _, t := range texts {
			all = all && strings.Contains(plain, t)
		}
		if all {
			return
		}
		time.Sleep(500 * time.Microsecond)
	}
	b.Fatalf("screen never showed %q; last output:\n%s", texts, tail(ansi.ReplaceAllString(k.scr.since(), ""), 2000))
}
