package doctor

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/wire/safetext"
)

// RecommendedFont is the console-setup choice that shows Kazakh, Russian and
// English: CyrAsia is Debian's only console codeset with every Kazakh letter.
const RecommendedFont = `CODESET="CyrAsia" FONTFACE="TerminusBold" FONTSIZE="16"`

// PackagedFont is the font the package's console setup loads when
// /etc/default/ashyq-kiosk names none (packaging/kiosk/console-setup).
const PackagedFont = "CyrAsia-Terminus16"

// fontChecks: does the console font the kiosk's tty gets have every
// character of the configured language's messages? Installed from the
// package, the unit loads the FONT of /etc/default/ashyq-kiosk itself;
// otherwise the font is console-setup's.
func fontChecks(o Options) []Check {
	lang, t := o.Config.Device.Language, o.t
	if pkg, err := readShellVars(o.KioskDefault); err == nil {
		font := pkg["FONT"]
		if font == "" {
			font = PackagedFont
		}
		file := font
		if !filepath.IsAbs(file) {
			file = filepath.Join(o.FontDir, font+".psf.gz")
		}
		fix := t.F(i18n.DocFontPackageFix, "FONT="+PackagedFont, o.KioskDefault, "systemctl restart ashyq-kiosk")
		return []Check{fontCovers(t, file, lang, t.F(i18n.DocFontFromPackage, "FONT", o.KioskDefault, "ashyq-kiosk.service"), fix)}
	}
	c := Check{Area: "font", Item: o.ConsoleSetup}
	setup, err := readShellVars(o.ConsoleSetup)
	if err != nil {
		c.Item = o.KioskDefault + ", " + o.ConsoleSetup
		c.Detail = t.F(i18n.DocFontNoSettings, "console-setup", safetext.Clean(err.Error(), 100))
		c.Fix = t.F(i18n.DocFontInstallFix, "apt-get install console-setup", RecommendedFont, o.ConsoleSetup, "setupcon")
		return []Check{c}
	}
	fix := t.F(i18n.DocFontSetupFix, RecommendedFont, o.ConsoleSetup, "setupcon")
	file, err := fontFile(t, setup, o.FontDir)
	if err != nil {
		c.Detail, c.Fix = err.Error(), fix
		return []Check{c}
	}
	return []Check{fontCovers(t, file, lang, t.F(i18n.DocFontFromSetup, "console-setup"), fix)}
}

// fontCovers checks that the font file has every character of lang's
// messages; from says where the font was named, fix what to do if not.
func fontCovers(t i18n.Catalog, file, lang, from, fix string) Check {
	c := Check{Area: "font", Item: file}
	has, err := fontRunes(file)
	if err != nil {
		c.Detail = t.F(i18n.DocFontUnreadable, from, safetext.Clean(err.Error(), 120))
		c.Fix = t.F(i18n.DocFontReinstall, "console-setup-linux", "kbd", fix)
		return c
	}
	var missing []rune
	seen := map[rune]bool{}
	cat := i18n.For(lang)
	for _, k := range i18n.Keys() {
		for _, r := range cat.T(k) {
			if r > ' ' && !has[r] && !seen[r] {
				seen[r] = true
				missing = append(missing, r)
			}
		}
	}
	if len(missing) > 0 {
		c.Detail = t.F(i18n.DocFontLacks, from, len(missing), lang, safetext.Escape(string(missing[:min(len(missing), 20)]), 40))
		c.Fix = fix
		return c
	}
	c.OK, c.Detail = true, t.F(i18n.DocFontCovers, lang, from)
	return c
}

// fontFile finds the font console-setup loads: FONT, or the file named by
// CODESET, FONTFACE and FONTSIZE (console-setup(5)).
func fontFile(t i18n.Catalog, v map[string]string, dir string) (string, error) {
	if f := strings.Fields(v["FONT"]); len(f) > 0 {
		if filepath.IsAbs(f[0]) {
			return f[0], nil
		}
		return filepath.Join(dir, f[0]), nil
	}
	codeset, face, size := v["CODESET"], v["FONTFACE"], v["FONTSIZE"]
	if codeset == "" || codeset == "guess" {
		return "", errors.New(t.F(i18n.DocFontGuess, fmt.Sprintf("CODESET=%q", codeset)))
	}
	if face == "" {
		face = "Fixed"
	}
	// "8x16" names width and height; the file names carry the height.
	if _, h, ok := strings.Cut(size, "x"); ok {
		size = h
	}
	name := fmt.Sprintf("%s-%s%s.psf.gz", codeset, face, size)
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		return "", errors.New(t.F(i18n.DocFontMissing, "console-setup", name))
	}
	return p, nil
}

// readShellVars reads KEY="value" lines as console-setup writes them.
func readShellVars(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(f, 1<<16))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		} else {
			v = strings.Trim(v, `'`)
		}
		out[strings.TrimSpace(k)] = v
	}
	return out, sc.Err()
}

// fontRunes lists the characters of a console font through kbd's
// psfgettable, which prints the font's Unicode table ("0x041 U+0041").
func fontRunes(path string) (map[rune]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var in io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		in = io.LimitReader(zr, 4<<20)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "psfgettable", "/dev/stdin", "-")
	cmd.Stdin = in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("psfgettable: %v %s", err, strings.TrimSpace(stderr.String()))
	}
	has := map[rune]bool{}
	for _, tok := range strings.Fields(string(out)) {
		if hex, ok := strings.CutPrefix(tok, "U+"); ok {
			if n, err := strconv.ParseUint(hex, 16, 32); err == nil {
				has[rune(n)] = true
			}
		}
	}
	if len(has) == 0 {
		return nil, fmt.Errorf("the font has no Unicode table")
	}
	return has, nil
}
