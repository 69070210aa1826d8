// Command peers compares the kiosk's QR decoder with the best open decoders
// on sets of images with known texts, per category, and prints one table:
// the benchmark behind scanner/qrdecode/peers.sh (`make bench`).
//
//	peers [-frames N] [-node DIR] [-tools LIST] NAME=DIR...
//
// Each DIR holds images and a manifest.tsv: FILE<TAB>CATEGORY<TAB>PAYLOAD,
// where a PAYLOAD of @NAME is the whole content of the file NAME beside it
// (for texts with tabs or newlines); an image may be listed under several
// categories. The tools:
//
//	ours        the thorough file path (`ashyq-kiosk decode`)
//	ours-frame  the camera's path: a fresh decoder with the default budget,
//	            the image held still for N frames (`decode --frame`)
//	loaded      the camera's path again, with two busy loops per core
//	            running beside it (processes this command starts and ends):
//	            its budgets count the decoding threads' CPU time, so it
//	            should read what ours-frame reads
//	zxing3      zxing-cpp 3 (npm zxing-wasm in node, peers.js)
//	zxing1.4    ZXingReader 1.4 (Debian zxing-cpp-tools)
//	zbar        zbarimg (Debian zbar-tools)
//	jsqr        jsQR (npm, peers.js)
//
// A tool that is not installed is left out of the table. Texts are compared
// with line ends normalised (CRLF to LF) and trailing white space dropped,
// for every tool alike. After the table come the camera path's frames until
// read and its CPU time per frame (the decoding thread's, over every frame
// it decoded). The peers are benchmark tools only, never dependencies of
// the kiosk.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/scanner/qrdecode"
)

// sample is one image under one or more categories.
type sample struct {
	path  string
	cats  []string
	want  string
	label string // NAME:file, unique
}

func main() {
	frames := flag.Int("frames", 10, "frames the camera path holds each image for")
	nodeDir := flag.String("node", "", "directory whose node_modules holds zxing-wasm and jsqr")
	peersJS := flag.String("peersjs", "", "path of peers.js")
	toolList := flag.String("tools", "ours,ours-frame,loaded,zxing3,zxing1.4,zbar,jsqr", "tools to run")
	misses := flag.Bool("misses", false, "list, for each tool, the images it misses that another tool reads")
	flag.Parse()
	var samples []*sample
	var setNames []string
	for _, arg := range flag.Args() {
		name, dir, ok := strings.Cut(arg, "=")
		if !ok {
			fatal("argument %q: want NAME=DIR", arg)
		}
		s, err := readSet(name, dir)
		if err != nil {
			fatal("%v", err)
		}
		samples = append(samples, s...)
		setNames = append(setNames, fmt.Sprintf("%s %d", name, len(s)))
	}
	if len(samples) == 0 {
		fatal("no sets given")
	}
	fmt.Printf("sets: %s; %d images; GOMAXPROCS %d\n", strings.Join(setNames, ", "), len(samples), runtime.GOMAXPROCS(0))

	got := map[string]map[string]string{} // tool -> label -> text
	var tools []string
	var fr *frameStats
	for _, t := range strings.Split(*toolList, ",") {
		var res map[string]string
		var err error
		switch t {
		case "ours":
			res = runOurs(samples)
		case "ours-frame":
			res, fr = runFrames(samples, *frames)
		case "loaded":
			stop, err := busyLoops(2 * runtime.NumCPU())
			if err != nil {
				fmt.Fprintf(os.Stderr, "peers: loaded left out: %v\n", err)
				continue
			}
			res, _ = runFrames(samples, *frames)
			stop()
		case "zxing3", "jsqr":
			if *nodeDir == "" || *peersJS == "" {
				continue
			}
			tool := map[string]string{"zxing3": "zxing", "jsqr": "jsqr"}[t]
			res, err = runNode(samples, *nodeDir, *peersJS, tool)
		case "zxing1.4":
			res, err = perFile(samples, "ZXingReader", zxingReader)
		case "zbar":
			res, err = perFile(samples, "zbarimg", zbarimg)
		default:
			fatal("unknown tool %q", t)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "peers: %s left out: %v\n", t, err)
			continue
		}
		tools = append(tools, t)
		got[t] = res
	}
	printTable(samples, tools, got)
	if *misses {
		printMisses(samples, tools, got)
	}
	if fr != nil && fr.frames > 0 {
		fr.print(*frames)
	}
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "peers: "+format+"\n", args...)
	os.Exit(2)
}

// readSet reads DIR/manifest.tsv.
func readSet(name, dir string) ([]*sample, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byFile := map[string]*sample{}
	var out []*sample
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s manifest line %q: want 3 fields", dir, sc.Text())
		}
		file, cat, want := fields[0], fields[1], fields[2]
		if ref, ok := strings.CutPrefix(want, "@"); ok {
			b, err := os.ReadFile(filepath.Join(dir, ref))
			if err != nil {
				return nil, err
			}
			want = string(b)
		}
		if s, ok := byFile[file]; ok {
			s.cats = append(s.cats, name+":"+cat)
			continue
		}
		s := &sample{path: filepath.Join(dir, file), cats: []string{name + ":" + cat}, want: norm(want), label: name + ":" + file}
		byFile[file] = s
		out = append(out, s)
	}
	return out, sc.Err()
}

// norm is a text as compared: CRLF as LF, no trailing white space.
func norm(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), " \t\r\n")
}

// parallel runs fn on every sample with GOMAXPROCS workers.
func parallel(samples []*sample, fn func(*sample) string) map[string]string {
	out := make(map[string]string, len(samples))
	var mu sync.Mutex
	jobs := make(chan *sample)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				text := fn(s)
				mu.Lock()
				out[s.label] = text
				mu.Unlock()
			}
		}()
	}
	for _, s := range samples {
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	return out
}

func runOurs(samples []*sample) map[string]string {
	return parallel(samples, func(s *sample) string {
		r, err := qrdecode.New(qrdecode.Options{}).DecodeFile(s.path)
		if err != nil || len(r.Payloads) == 0 {
			return ""
		}
		return norm(r.Payloads[0])
	})
}

// frameStats are the camera path's figures over a run.
type frameStats struct {
	mu     sync.Mutex
	until  []int           // frames until read, of the images read
	cpu    []time.Duration // every frame's CPU time
	frames int
	read   int
}

// runFrames holds each image still for frames frames in front of a fresh
// decoder, as `decode --frame` does (qrdecode.DecodeFileAsFrames): the
// first pass measures the costs, then the decoder forgets the code and the
// second pass is the one counted.
func runFrames(samples []*sample, frames int) (map[string]string, *frameStats) {
	st := &frameStats{}
	res := parallel(samples, func(s *sample) string {
		pix, w, h, err := grey(s.path)
		if err != nil || !qrdecode.FitsFrame(w, h) {
			return ""
		}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		d := qrdecode.New(qrdecode.Options{})
		hold := func(count bool) string {
			for n := 1; n <= frames; n++ {
				c0 := qrdecode.ThreadCPU()
				r := d.DecodeLuma(pix, w, h, w)
				c := qrdecode.ThreadCPU() - c0
				if count {
					st.mu.Lock()
					st.cpu = append(st.cpu, c)
					st.frames++
					if len(r.Payloads) > 0 {
						st.until = append(st.until, n)
						st.read++
					}
					st.mu.Unlock()
				}
				if len(r.Payloads) > 0 {
					return r.Payloads[0]
				}
			}
			return ""
		}
		hold(false)
		d.Forget()
		return norm(hold(true))
	})
	return res, st
}

func (st *frameStats) print(frames int) {
	slices.Sort(st.until)
	slices.Sort(st.cpu)
	q := func(xs []int, p float64) int {
		if len(xs) == 0 {
			return 0
		}
		return xs[min(len(xs)-1, int(p*float64(len(xs))))]
	}
	qd := func(p float64) float64 {
		return float64(st.cpu[min(len(st.cpu)-1, int(p*float64(len(st.cpu))))].Microseconds()) / 1000
	}
	fmt.Printf("\ncamera path (ours-frame), each image held still for up to %d frames:\n", frames)
	fmt.Printf("  frames until read: median %d, p90 %d, max %d (of %d images read)\n",
		q(st.until, 0.5), q(st.until, 0.9), q(st.until, 1), st.read)
	fmt.Printf("  CPU per frame (decoding thread): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms over %d frames\n",
		qd(0.5), qd(0.9), qd(0.99), qd(1), st.frames)
}

// busyLoops starts n shell loops that only spin, and returns what ends them.
func busyLoops(n int) (func(), error) {
	var cmds []*exec.Cmd
	stop := func() {
		for _, c := range cmds {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
	}
	for range n {
		c := exec.Command("sh", "-c", "while :; do :; done")
		if err := c.Start(); err != nil {
			stop()
			return nil, err
		}
		cmds = append(cmds, c)
	}
	return stop, nil
}

// grey reads an image file as an 8-bit luminance plane.
func grey(path string) ([]byte, int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	img, _, err := image.Decode(bufio.NewReader(f))
	if err != nil {
		return nil, 0, 0, err
	}
	g := image.NewGray(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g.Pix, g.Rect.Dx(), g.Rect.Dy(), nil
}

// runNode runs peers.js over every image, converted to PGM (its reader).
func runNode(samples []*sample, nodeDir, peersJS, tool string) (map[string]string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "peers-pgm")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	byPGM := map[string]string{}
	args := []string{peersJS, nodeDir, tool}
	for i, s := range samples {
		pix, w, h, err := grey(s.path)
		if err != nil {
			continue
		}
		p := filepath.Join(tmp, fmt.Sprintf("%05d.pgm", i))
		var b bytes.Buffer
		fmt.Fprintf(&b, "P5\n%d %d\n255\n", w, h)
		b.Write(pix)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return nil, err
		}
		byPGM[fmt.Sprintf("%05d", i)] = s.label
		args = append(args, p)
	}
	out, err := exec.Command("node", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("node peers.js %s: %w", tool, err)
	}
	res := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		name, js, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		var text string
		if json.Unmarshal([]byte(js), &text) != nil {
			continue
		}
		if l, ok := byPGM[name]; ok {
			if _, seen := res[l]; !seen {
				res[l] = norm(text)
			}
		}
	}
	return res, nil
}

// perFile runs an external decoder once per image (two at a time) and
// takes its text with parse; an error only when it is not installed.
func perFile(samples []*sample, cmd string, parse func(path string) string) (map[string]string, error) {
	if _, err := exec.LookPath(cmd); err != nil {
		return nil, err
	}
	return parallel(samples, func(s *sample) string { return norm(parse(s.path)) }), nil
}

// zxingReader's output: Text:       "TEXT" then a line that starts Bytes:
// (1.4 writes the text as it is, newlines and quotes included).
var zxingText = regexp.MustCompile(`(?s)Text:\s+"(.*?)"\n(?:Bytes|Format):`)

func zxingReader(path string) string {
	out := run("ZXingReader", "-format", "QRCode", path)
	m := zxingText.FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	return m[1]
}

func zbarimg(path string) string {
	return strings.TrimSuffix(run("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path), "\n")
}

// run runs a peer for at most a minute and returns its standard output.
func run(name string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = io.Discard
	out, _ := cmd.Output()
	return string(out)
}

// printTable prints the decode rate (right text) per category and tool.
func printTable(samples []*sample, tools []string, got map[string]map[string]string) {
	total := map[string]int{}
	hits := map[string]map[string]int{}
	sum := map[string]int{}
	for _, t := range tools {
		hits[t] = map[string]int{}
	}
	for _, s := range samples {
		for _, c := range s.cats {
			total[c]++
		}
		for _, t := range tools {
			if text, ok := got[t][s.label]; ok && text != "" && text == s.want {
				sum[t]++
				for _, c := range s.cats {
					hits[t][c]++
				}
			}
		}
	}
	cats := make([]string, 0, len(total))
	for c := range total {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	fmt.Printf("\ndecode rate (right text) per category:\n%-24s", "category")
	for _, t := range tools {
		fmt.Printf(" %10s", t)
	}
	fmt.Println()
	for _, c := range cats {
		fmt.Printf("%-24s", fmt.Sprintf("%s (%d)", c, total[c]))
		for _, t := range tools {
			fmt.Printf(" %10d", hits[t][c])
		}
		fmt.Println()
	}
	fmt.Printf("%-24s", fmt.Sprintf("all (%d)", len(samples)))
	for _, t := range tools {
		fmt.Printf(" %10.3f", float64(sum[t])/float64(len(samples)))
	}
	fmt.Println()
	// A wrong text is worse than none: count them.
	for _, t := range tools {
		wrong := 0
		for _, s := range samples {
			if text := got[t][s.label]; text != "" && text != s.want {
				wrong++
			}
		}
		if wrong > 0 {
			fmt.Printf("%s: %d images read with another text than the manifest's\n", t, wrong)
		}
	}
}

// printMisses lists, per tool, the images it does not read right that
// another tool does, with the tools that read them.
func printMisses(samples []*sample, tools []string, got map[string]map[string]string) {
	right := func(t string, s *sample) bool { return got[t][s.label] != "" && got[t][s.label] == s.want }
	for _, t := range tools {
		fmt.Printf("\n%s misses what others read:\n", t)
		for _, s := range samples {
			if right(t, s) {
				continue
			}
			var by []string
			for _, o := range tools {
				if right(o, s) {
					by = append(by, o)
				}
			}
			if len(by) > 0 {
				fmt.Printf("  %s (%s): read by %s\n", s.label, strings.Join(s.cats, " "), strings.Join(by, ","))
			}
		}
	}
}
