package app

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/kiosk/i18n"
	"github.com/ashyq/kiosk/sync/outbox"
)

// typedAsIs is what a console message names as it is typed, in every
// language: the program and its subcommand, flags, config keys and
// KEY=value settings, paths, quoted values and the formats' names.
var typedAsIs = regexp.MustCompile(`ashyq-kiosk( [a-z]+)?|--?[a-z][a-z-]*|\b[A-Za-z]+=[^\s,)]*|` +
	`\b[a-z_]+(\.[a-z_]+)+\b|(/[A-Za-z0-9_.-]+)+/?|"[^"]*"|'[^']*'|https?://|\b(JSON|TOML|ASCII|PEM|PNG|JPEG|WebP|V4L2|LANG|systemd|stderr|chmod|cgo|en|ru|kk)\b|\bSIG[A-Z0-9]+|\b[A-Z]+_[A-Z_]+\b|\{[^}]*\}`)

// englishIn is the first run of English words in out, once what is typed
// as it is has been taken out; "" when there is none.
func englishIn(out string) string {
	return englishRun.FindString(typedAsIs.ReplaceAllString(out, " "))
}

// runWith is runMain with stdin.
func runWith(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errb}, "v-test")
	return code, out.String(), errb.String()
}

// startCase is one way the kiosk refuses to start, or stops: its
// arguments (with {dir} for the test's directory), its exit code and what
// its message must say in each language beside the details it names.
type startCase struct {
	name  string
	stdin string
	args  []string
	code  int
	want  map[string][]string
}

// startFiles writes the configurations the cases read into dir; lang
// is the language they name ("" for none: the locale's).
func startFiles(t *testing.T, dir, lang string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() // nobody answers: records stay
	ln.Close()
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	language := ""
	if lang != "" {
		language = "language = \"" + lang + "\"\n"
	}
	ok := func(dataDir string) string {
		return "[device]\nid = \"door-1\"\nvenue = \"cafe\"\n" + language +
			"[upstream]\nurl = \"" + dead + "\"\ntoken = \"t0ken\"\n[storage]\ndata_dir = \"" + dataDir + "\"\n"
	}
	files := map[string]string{
		"syntax.toml":   "[device]\nid = \n",
		"quotes.toml":   "[device]\nmode = entrance\n",
		"unknown.toml":  "[device]\ncolour = \"red\"\n",
		"values.toml":   "[device]\nid = \"door 1\"\nmode = \"inside\"\n[camera]\nfps = 100\n",
		"duration.toml": "[device]\nid = \"door-1\"\n[display]\nresult_for = \"soon\"\n",
		"type.toml":     "[camera]\nfps = \"fast\"\n",
		"url.toml":      "[device]\nid = \"d\"\nvenue = \"v\"\n[upstream]\nurl = \"http://10.9.8.7/\"\ntoken = \"a b\"\n",
		"token.toml":    "[device]\nid = \"d\"\nvenue = \"v\"\n[upstream]\nurl = \"https://x.example/\"\ntoken_file = \"" + dir + "/no-token\"\n",
		"ok.toml":       ok(dir + "/data"),
		"notdir.toml":   ok(dir + "/file"),
		"legacy.toml":   ok(dir+"/data") + "[offline]\npolicy = \"deny\"\n",
		"blank.toml":    "[device]\n" + language + "[upstream]\nurl = \"" + dead + "\"\n[storage]\ndata_dir = \"" + dir + "/blank\"\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStartSpeaksTheOperatorsLanguage: every way the kiosk refuses to
// start (a bad flag, a missing, broken or invalid configuration, a data
// directory it cannot use, no terminal) and what it says as it stops is
// said in the operator's language, with the file, line and key it is
// about, and no English. Before the configuration is read, or when it
// cannot be, the locale names the language (the file names none here).
func TestStartSpeaksTheOperatorsLanguage(t *testing.T) {
	cases := []startCase{
		{"unknown flag", "", []string{"--bogus"}, exitUsage, map[string][]string{
			"ru": {"неизвестный параметр -bogus", "см. ashyq-kiosk --help"}, "kk": {"белгісіз параметр -bogus", "--help қараңыз"}}},
		{"bad flag value", "", []string{"--flush-timeout", "soon"}, exitUsage, map[string][]string{
			"ru": {`недопустимое значение "soon" для параметра -flush-timeout`}, "kk": {`"soon" мәні -flush-timeout параметріне жарамсыз`}}},
		{"flag without value", "", []string{"--config"}, exitUsage, map[string][]string{
			"ru": {"для параметра -config нужно значение"}, "kk": {"-config параметріне мән керек"}}},
		{"extra argument", "", []string{"now"}, exitUsage, map[string][]string{
			"ru": {`лишний аргумент "now"`}, "kk": {`артық аргумент "now"`}}},
		{"demo and config", "", []string{"--demo", "--config", "{dir}/ok.toml"}, exitUsage, map[string][]string{
			"ru": {"нельзя указывать вместе"}, "kk": {"бірге көрсетілмейді"}}},
		{"missing file", "", []string{"--config", "{dir}/absent.toml"}, exitUsage, map[string][]string{
			"ru": {"{dir}/absent.toml: нет такого файла или каталога"}, "kk": {"{dir}/absent.toml: мұндай файл немесе каталог жоқ"}}},
		{"syntax", "", []string{"--config", "{dir}/syntax.toml"}, exitUsage, map[string][]string{
			"ru": {"syntax.toml: строка 2: device.id: ожидалось значение"}, "kk": {"syntax.toml: 2-жол: device.id: мән күтілген еді"}}},
		{"unquoted text", "", []string{"--config", "{dir}/quotes.toml"}, exitUsage, map[string][]string{
			"ru": {"quotes.toml: строка 2: device.mode:", "текст пишется в кавычках"}, "kk": {"quotes.toml: 2-жол: device.mode:", "мәтін тырнақшаға жазылады"}}},
		{"unknown key", "", []string{"--config", "{dir}/unknown.toml"}, exitUsage, map[string][]string{
			"ru": {"unknown.toml: неизвестный ключ device.colour"}, "kk": {"unknown.toml: белгісіз кілт device.colour"}}},
		{"bad values", "", []string{"--config", "{dir}/values.toml"}, exitUsage, map[string][]string{
			"ru": {`values.toml: device.id: "door 1": нужно от 1 до 64 латинских букв`,
				"\n{dir}/values.toml: device.mode: значение \"inside\" недопустимо (возможны: \"entrance\", \"exit\")",
				"\n{dir}/values.toml: camera.fps: 100 вне допустимых пределов (от 1 до 60)"},
			"kk": {`values.toml: device.id: "door 1": 1-ден 64-ке дейін латын әрпі`,
				"\n{dir}/values.toml: device.mode: \"inside\" мәніне рұқсат жоқ (мүмкін мәндер: \"entrance\", \"exit\")",
				"\n{dir}/values.toml: camera.fps: 100 шектен тыс (рұқсат етілгені: 1 – 60)"}}},
		{"bad duration", "", []string{"--config", "{dir}/duration.toml"}, exitUsage, map[string][]string{
			"ru": {`duration.toml: строка 4: display.result_for: "soon" — не длительность`},
			"kk": {`duration.toml: 4-жол: display.result_for: "soon" ұзақтық емес`}}},
		{"wrong type", "", []string{"--config", "{dir}/type.toml"}, exitUsage, map[string][]string{
			"ru": {"type.toml: строка 2: camera.fps: здесь нужно целое число, а не текст в кавычках"},
			"kk": {"type.toml: 2-жол: camera.fps: мұнда бүтін сан керек, тырнақшадағы мәтін емес"}}},
		{"plain http and a bad token", "", []string{"--config", "{dir}/url.toml"}, exitUsage, map[string][]string{
			"ru": {`url.toml: upstream.url: "http://10.9.8.7/" — соединение с другой машиной без шифрования`, "url.toml: upstream.token: содержит пробелы"},
			"kk": {`url.toml: upstream.url: "http://10.9.8.7/" — басқа машинамен шифрсыз байланыс`, "url.toml: upstream.token: ішінде бос орын"}}},
		{"token file missing", "", []string{"--config", "{dir}/token.toml"}, exitUsage, map[string][]string{
			"ru": {"upstream.token_file: файла {dir}/no-token нет"}, "kk": {"upstream.token_file: {dir}/no-token файлы жоқ"}}},
		{"check without payload", "", []string{"check"}, exitUsage, map[string][]string{
			"ru": {"ashyq-kiosk check: нужен ровно один код"}, "kk": {"ashyq-kiosk check: тексеруге дәл бір код керек"}}},
		{"check with a broken config", "", []string{"check", "--config", "{dir}/unknown.toml", "900101300017"}, exitUsage, map[string][]string{
			"ru": {"неизвестный ключ device.colour"}, "kk": {"белгісіз кілт device.colour"}}},
		{"doctor with an argument", "", []string{"doctor", "now"}, exitUsage, map[string][]string{
			"ru": {`ashyq-kiosk doctor: лишний аргумент "now"`}, "kk": {`ashyq-kiosk doctor: артық аргумент "now"`}}},
		{"enrol without a code", "", []string{"enrol"}, exitUsage, map[string][]string{
			"ru": {"использование: ashyq-kiosk enrol [--config ФАЙЛ]"}, "kk": {"қолданылуы: ashyq-kiosk enrol [--config ФАЙЛ]"}}},
		{"enrol bad flag", "", []string{"enrol", "--now"}, exitUsage, map[string][]string{
			"ru": {"ashyq-kiosk enrol: неизвестный параметр -now"}, "kk": {"ashyq-kiosk enrol: белгісіз параметр -now"}}},
		{"decode bad flag", "", []string{"decode", "--now"}, exitUsage, map[string][]string{
			"ru": {"decode: неизвестный параметр -now", "decode: см. ashyq-kiosk decode --help"},
			"kk": {"decode: белгісіз параметр -now", "decode: ashyq-kiosk decode --help қараңыз"}}},
		{"decode bad budget", "", []string{"decode", "--frame", "--budget", "soon", "{dir}/absent.png"}, exitUsage, map[string][]string{
			"ru": {`decode: --budget: "soon" — не "auto" и не длительность`}, "kk": {`decode: --budget: "soon" "auto" те, ұзақтық та емес`}}},
		{"decode budget out of range", "", []string{"decode", "--frame", "--budget", "1s", "{dir}/absent.png"}, exitUsage, map[string][]string{
			"ru": {`decode: --budget: 1s вне допустимых пределов ("auto" или от 1ms до 100ms)`}, "kk": {`decode: --budget: 1s шектен тыс ("auto" немесе 1ms – 100ms)`}}},
		{"decode unreadable files", "", []string{"decode", "{dir}/absent.png", "{dir}/syntax.toml"}, 1, map[string][]string{
			"ru": {"decode: {dir}/absent.png: нет такого файла или каталога", "decode: {dir}/syntax.toml: формат изображения не поддерживается"},
			"kk": {"decode: {dir}/absent.png: мұндай файл немесе каталог жоқ", "decode: {dir}/syntax.toml: бұл сурет пішіміне қолдау жоқ"}}},
	}
	for _, lang := range []string{"ru", "kk"} {
		t.Run(lang, func(t *testing.T) {
			unsetLanguage(t)
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", lang+"_KZ.UTF-8")
			dir := t.TempDir()
			startFiles(t, dir, "")
			for _, c := range cases {
				checkStartCase(t, lang, dir, c)
			}
		})
	}
}

// TestStartProblemsSpeakTheConfiguredLanguage: once the configuration is
// read, its language is the console's, whatever the locale: a data
// directory that is a file, one under a file, the outbox held by another
// kiosk, no terminal for the full screen, an old value's notice, the
// records left unsent when the input ends, and enrolling a kiosk twice.
func TestStartProblemsSpeakTheConfiguredLanguage(t *testing.T) {
	cases := []startCase{
		{"data directory is a file", "", []string{"--config", "{dir}/notdir.toml", "--headless"}, exitUsage, map[string][]string{
			"ru": {"notdir.toml: не читается файл подключения: {dir}/file/enrolment.json: это не каталог"},
			"kk": {"notdir.toml: қосылу файлы оқылмайды: {dir}/file/enrolment.json: бұл каталог емес"}}},
		{"no terminal", "", []string{"--config", "{dir}/ok.toml"}, exitUsage, map[string][]string{
			"ru": {"нужен терминал, а его стандартный ввод — не терминал", "StandardInput=tty"},
			"kk": {"терминал керек, ал оның стандартты енгізуі терминал емес", "StandardInput=tty"}}},
		{"notice and records left", "900101300017\n", []string{"--config", "{dir}/legacy.toml", "--headless", "--flush-timeout", "50ms"}, exitOK, map[string][]string{
			"ru": {`legacy.toml: offline.policy = "deny" теперь называется "refuse"`, "ещё не отправлено записей: 1"},
			"kk": {`legacy.toml: offline.policy = "deny" енді "refuse" деп аталады`, "әлі жіберілмеген жазбалар: 1"}}},
		{"enrol, the upstream refusing", "", []string{"enrol", "--config", "{dir}/blank.toml", "ABCD2345EFGH"}, exitFailure, map[string][]string{
			"ru": {"Сервер недоступен", "не подключён: 127.0.0.1:", ": в соединении отказано"},
			"kk": {"Серверге қосылу мүмкін емес", "қосылмады: 127.0.0.1:", ": қосылудан бас тартылды"}}},
		{"blank kiosk, input ends", "", []string{"--config", "{dir}/blank.toml", "--headless"}, exitFailure, map[string][]string{
			"ru": {"этот киоск ещё не подключён", "ввод закончился раньше, чем киоск был подключён"},
			"kk": {"бұл киоск әлі қосылмаған", "киоск қосылмай тұрып енгізу аяқталды"}}},
		{"enrolled already", "", []string{"enrol", "--config", "{dir}/ok.toml", "ABCD2345EFGH"}, exitUsage, map[string][]string{
			"ru": {`этот киоск уже подключён (заведение "cafe", киоск door-1)`}, "kk": {`бұл киоск қосылған (мекеме "cafe", киоск door-1)`}}},
	}
	for _, lang := range []string{"ru", "kk"} {
		t.Run(lang, func(t *testing.T) {
			unsetLanguage(t)
			t.Setenv("LC_ALL", "C")
			dir := t.TempDir()
			startFiles(t, dir, lang)
			for _, c := range cases {
				checkStartCase(t, lang, dir, c)
			}
			// A second kiosk on the same data directory.
			ob, err := outbox.Open(filepath.Join(dir, "data", OutboxFile), outbox.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ob.Close()
			start := time.Now()
			checkStartCase(t, lang, dir, startCase{"outbox held", "", []string{"--config", "{dir}/ok.toml", "--headless"}, exitFailure,
				map[string][]string{
					"ru": {"файл записей {dir}/data/outbox.db занят другим процессом", "с каталогом данных {dir}/data"},
					"kk": {"{dir}/data/outbox.db жазбалар файлын басқа процесс ұстап тұр", "{dir}/data деректер каталогымен"}}})
			t.Logf("the held outbox was given up after %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestBrokenConfigSpeaksItsOwnLanguage: a file that does not validate is
// said in its own device.language when the locale names another, and in
// ASHYQ_LANGUAGE's when that is set.
func TestBrokenConfigSpeaksItsOwnLanguage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(path, []byte("[device]\nlanguage = \"kk\"\nid = \"door 1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unsetLanguage(t)
	t.Setenv("LC_ALL", "ru_RU.UTF-8")
	if _, _, errOut := runMain("--config", path); !strings.Contains(errOut, "device.id: \"door 1\": 1-ден 64-ке дейін латын әрпі") {
		t.Errorf("the file's kk lost to the locale's ru:\n%s", errOut)
	}
	t.Setenv("ASHYQ_LANGUAGE", "ru")
	if _, _, errOut := runMain("--config", path); !strings.Contains(errOut, "device.id: \"door 1\": нужно от 1 до 64 латинских букв") {
		t.Errorf("ASHYQ_LANGUAGE=ru lost to the file's kk:\n%s", errOut)
	}
}

// checkStartCase runs c and checks its exit code, its words in lang and
// that no English is left.
func checkStartCase(t *testing.T, lang, dir string, c startCase) {
	t.Helper()
	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = strings.ReplaceAll(a, "{dir}", dir)
	}
	code, _, errOut := runWith(c.stdin, args...)
	if code != c.code {
		t.Errorf("%s: exit %d, want %d:\n%s", c.name, code, c.code, errOut)
	}
	for _, w := range c.want[lang] {
		if w = strings.ReplaceAll(w, "{dir}", dir); !strings.Contains(errOut, w) {
			t.Errorf("%s: stderr lacks %q:\n%s", c.name, w, errOut)
		}
	}
	if run := englishIn(strings.ReplaceAll(errOut, dir, "/dir")); run != "" {
		t.Errorf("%s: English %q on stderr:\n%s", c.name, run, errOut)
	}
}

// unsetLanguage unsets ASHYQ_LANGUAGE for the test: set, even empty, it
// overrides device.language.
func unsetLanguage(t *testing.T) {
	t.Setenv("ASHYQ_LANGUAGE", "")
	os.Unsetenv("ASHYQ_LANGUAGE")
}

// TestDataDirProblemsSaid: what Open says of a data directory it cannot
// make or keep private is said in Russian and Kazakh, the path and the
// operating system's reason with it.
func TestDataDirProblemsSaid(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, under := privateDataDir(filepath.Join(file, "data"))
	for _, c := range []struct {
		err        error
		lang, want string
	}{
		{under, "ru", "каталог данных: " + file + ": это не каталог"},
		{under, "kk", "деректер каталогы: " + file + ": бұл каталог емес"},
	} {
		if got := i18n.Say(i18n.For(c.lang), c.err); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
}

// TestHelpSpeaksTheLocalesLanguage: --help of the kiosk and of each
// subcommand is in the language the locale names, flags and all, with no
// English left but what is typed as it is.
func TestHelpSpeaksTheLocalesLanguage(t *testing.T) {
	unsetLanguage(t)
	t.Setenv("LC_ALL", "")
	for lang, want := range map[string][]string{
		"ru": {"Использование", "Параметры:", "Коды выхода:"},
		"kk": {"Қолданылуы", "Параметрлер:", "Шығу кодтары:"},
	} {
		t.Setenv("LC_MESSAGES", lang+"_KZ.UTF-8")
		for _, cmd := range [][]string{{"--help"}, {"check", "--help"}, {"doctor", "--help"}, {"enrol", "--help"}, {"decode", "--help"}} {
			code, out, errOut := runMain(cmd...)
			if code != exitOK || errOut != "" {
				t.Errorf("%s %v: exit %d, stderr %q", lang, cmd, code, errOut)
			}
			for _, w := range want {
				if cmd[0] == "decode" && w != want[0] { // decode's help has no flag list
					continue
				}
				if !strings.Contains(strings.ToLower(out), strings.ToLower(w)) {
					t.Errorf("%s %v lacks %q:\n%s", lang, cmd, w, out)
				}
			}
			if run := englishIn(out); run != "" {
				t.Errorf("%s %v: English %q:\n%s", lang, cmd, run, out)
			}
		}
	}
}
