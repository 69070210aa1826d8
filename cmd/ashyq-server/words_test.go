package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ashyq/kiosk/sync/servercli"
)

// englishRun is two Latin words in a row, once what is typed as it is
// (commands, flags, ids, quoted values, paths, environment variables; the
// door and mode an operator typed) is taken out.
var (
	englishRun = regexp.MustCompile(`[A-Za-z]{2,}[ ,:()-]+[A-Za-z]{2,}`)
	typedAsIs  = regexp.MustCompile(`ashyq-(server|kiosk)( [a-z]+)*|--?[a-z][a-z-]*|"[^"]*"|(/[A-Za-z0-9_.-]+)+/?|` +
		`\$?\b[A-Z]+_[A-Z_]+\b|https?://\S*|\b[a-z]-[0-9a-f]+\b`)
)

// TestManageSpeaksTheOperatorsLanguage: what ashyq-server's management
// commands say on stderr (a new secret's id and venue, a revocation, a
// kiosk's enrolment code, a missing flag, a wrong id, an unknown command,
// a bad flag, the wrong target) is in the language of the operator's
// locale, Russian and Kazakh, with no English left; the secret and the
// code alone are on stdout.
func TestManageSpeaksTheOperatorsLanguage(t *testing.T) {
	for _, lang := range []string{"ru", "kk"} {
		t.Run(lang, func(t *testing.T) {
			words := operatorWords([]string{"LANG=" + lang + "_KZ.UTF-8"})
			run := func(args ...string) (int, string, string) {
				var out, errb bytes.Buffer
				code := servercli.MainIn(context.Background(), args, &out, &errb, "v-test", words)
				return code, out.String(), errb.String()
			}
			dir := t.TempDir()
			code, secret, errOut := run("tokens", "add", "--venue", "cafe", "--data", dir)
			id := regexp.MustCompile(`\bd-[0-9a-f]+\b`).FindString(errOut)
			want := map[string]string{"ru": "токен устройства " + id + ` для заведения "cafe"; он показывается только сейчас:`,
				"kk": id + ` құрылғы токені, мекеме "cafe"; ол тек қазір көрсетіледі:`}[lang]
			if code != 0 || id == "" || !strings.Contains(errOut, want) || strings.Contains(errOut, strings.TrimSpace(secret)) {
				t.Fatalf("tokens add: exit %d, stderr %q, want %q", code, errOut, want)
			}
			cases := []struct {
				args    []string
				code    int
				printed bool // something for scripts on stdout
				want    map[string]string
			}{
				{[]string{"tokens", "revoke", id, "--data", dir}, 0, false, map[string]string{"ru": "отозвано: " + id, "kk": "кері қайтарылды: " + id}},
				{[]string{"tokens", "revoke", "o-12ab", "--data", dir}, 1, false, map[string]string{
					"ru": `ashyq-server tokens revoke: "o-12ab" — не идентификатор токена устройства (они начинаются с "d-")`,
					"kk": `ashyq-server tokens revoke: "o-12ab" құрылғы токенінің идентификаторы емес (олар "d-" деп басталады)`}},
				{[]string{"kiosks", "code", "--venue", "cafe", "--door", "main", "--mode", "entrance", "--data", dir}, 0, true, map[string]string{
					"ru": `, дверь main (entrance), заведение "cafe"; действует один раз, до `,
					"kk": `, есік main (entrance), мекеме "cafe"; бір рет, `}},
				{[]string{"owners", "add", "--venue", "cafe", "--data", dir}, 0, true, map[string]string{
					"ru": `для заведения "cafe" (вход на /owner/); они показываются только сейчас:`,
					"kk": `иесінің тіркелгі деректері, мекеме "cafe" (кіру: /owner/); олар тек қазір көрсетіледі:`}},
				{[]string{"tokens", "add", "--data", dir}, 2, false, map[string]string{"ru": "нужен параметр --venue", "kk": "--venue параметрі керек"}},
				{[]string{"tokens", "list", "--data", dir, "--store", "postgres://x"}, 2, false, map[string]string{
					"ru": "укажите ровно одно из: --data КАТАЛОГ", "kk": "мыналардың дәл біреуін көрсетіңіз: --data КАТАЛОГ"}},
				{[]string{"tokens", "list", "extra", "--data", dir}, 2, false, map[string]string{
					"ru": "нужно аргументов: 0, указано: 1", "kk": "аргумент саны 0 болуы керек, көрсетілгені: 1"}},
				{[]string{"tokens", "frobnicate"}, 2, false, map[string]string{
					"ru": "неизвестная команда \"tokens frobnicate\"\nashyq-server: см. ashyq-server tokens help",
					"kk": "белгісіз пәрмен \"tokens frobnicate\"\nashyq-server: ashyq-server tokens help қараңыз"}},
				{[]string{"tokens", "add", "--bogus"}, 2, false, map[string]string{
					"ru": "ashyq-server tokens add: неизвестный параметр -bogus", "kk": "ashyq-server tokens add: белгісіз параметр -bogus"}},
				{[]string{"kiosks", "code", "--venue", "cafe", "--data", dir}, 2, false, map[string]string{
					"ru": `нужны параметры --door и --mode ("entrance" или "exit")`, "kk": `--door және --mode ("entrance" немесе "exit") параметрлері керек`}},
				{[]string{"operators", "add", "--server", "http://127.0.0.1:1"}, 2, false, map[string]string{
					"ru": "операторы управляются только в самом хранилище", "kk": "операторлар тек қойманың өзінде басқарылады"}},
				{[]string{"tokens", "list", "--server", "http://127.0.0.1:1", "--operator-token-file", dir + "/absent"}, 2, false, map[string]string{
					"ru": "токен оператора: " + dir + "/absent: нет такого файла или каталога", "kk": "оператор токені: " + dir + "/absent: мұндай файл немесе каталог жоқ"}},
			}
			for _, c := range cases {
				code, out, errOut := run(c.args...)
				if code != c.code || (out != "") != c.printed || !strings.Contains(errOut, c.want[lang]) {
					t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q; want %q", c.args, code, c.code, out, errOut, c.want[lang])
				}
				said := strings.NewReplacer(dir, "/dir", "main (entrance)", "(door)").Replace(errOut)
				if run := englishRun.FindString(typedAsIs.ReplaceAllString(said, " ")); run != "" {
					t.Errorf("%v: English %q on stderr:\n%s", c.args, run, errOut)
				}
			}
		})
	}
}

// TestManageEnglishUnchanged: in English the words are servercli's own.
func TestManageEnglishUnchanged(t *testing.T) {
	if w := operatorWords([]string{"LANG=C.UTF-8"}); w.F != nil || w.Say != nil {
		t.Error("English goes through the catalogs, which may reword servercli's errors")
	}
}

// TestServeProblemsSpeakTheOperatorsLanguage: why ashyq-server does not
// start (a bad flag, a stray argument, no store, TLS half set, the demo on
// a public address, the port taken) is said in Russian and Kazakh, with
// the flag, the address and the system's reason.
func TestServeProblemsSpeakTheOperatorsLanguage(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()
	for _, lang := range []string{"ru", "kk"} {
		words := operatorWords([]string{"LC_ALL=" + lang + "_KZ.UTF-8"})
		dir := t.TempDir()
		if err := os.WriteFile(dir+"/open-tokens", []byte("x=y\n"), 0o644); err != nil || os.Chmod(dir+"/open-tokens", 0o644) != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/bad-tokens", []byte("# tokens\njust-one-word\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			args []string
			code int
			want map[string]string
		}{
			{[]string{"--bogus"}, 2, map[string]string{"ru": "ashyq-server: неизвестный параметр -bogus\nashyq-server: см. ashyq-server --help",
				"kk": "ashyq-server: белгісіз параметр -bogus\nashyq-server: ashyq-server --help қараңыз"}},
			{[]string{"now"}, 2, map[string]string{"ru": `лишний аргумент "now" (всё задаётся параметрами; см. --help)`,
				"kk": `артық аргумент "now" (бәрі параметрлермен беріледі; --help қараңыз)`}},
			{[]string{"--listen", "127.0.0.1:0"}, 2, map[string]string{"ru": "нужен --data КАТАЛОГ или --store АДРЕС (или --demo)",
				"kk": "--data КАТАЛОГ немесе --store МЕКЕНЖАЙ керек (немесе --demo)"}},
			{[]string{"--tls-cert", "c.pem", "--data", dir}, 2, map[string]string{"ru": "--tls-cert и --tls-key указываются вместе",
				"kk": "--tls-cert пен --tls-key бірге көрсетіледі"}},
			{[]string{"--demo", "--listen", "0.0.0.0:0"}, 2, map[string]string{"ru": "--demo не будет слушать 0.0.0.0:0: демо-токен общеизвестен",
				"kk": "--demo 0.0.0.0:0 мекенжайын тыңдамайды: демо токен жалпыға белгілі"}},
			{[]string{"--token", "short", "--data", dir}, 2, map[string]string{"ru": "--token: нужно ТОКЕН=ЗАВЕДЕНИЕ", "kk": "--token: ТОКЕН=МЕКЕМЕ түрінде болуы керек"}},
			{[]string{"--data", dir, "--token-file", dir + "/tokens"}, 2, map[string]string{
				"ru": "ashyq-server: файл токенов: " + dir + "/tokens: нет такого файла или каталога",
				"kk": "ashyq-server: токендер файлы: " + dir + "/tokens: мұндай файл немесе каталог жоқ"}},
			{[]string{"--data", dir, "--token-file", dir + "/open-tokens"}, 2, map[string]string{
				"ru": "файл токенов " + dir + "/open-tokens имеет права 0644 и читается другими пользователями",
				"kk": dir + "/open-tokens токендер файлының рұқсаттары 0644"}},
			{[]string{"--data", dir, "--token-file", dir + "/bad-tokens"}, 2, map[string]string{
				"ru": "файл токенов " + dir + "/bad-tokens:2: нужно ТОКЕН=ЗАВЕДЕНИЕ или ТОКЕН ЗАВЕДЕНИЕ",
				"kk": dir + "/bad-tokens:2 токендер файлы: ТОКЕН=МЕКЕМЕ немесе ТОКЕН МЕКЕМЕ түрінде болуы керек"}},
			{[]string{"--listen", addr, "--data", dir, "--log", dir + "/server.log"}, 1, map[string]string{
				"ru": addr + ": адрес уже используется", "kk": addr + ": мекенжай бос емес"}},
		} {
			var out, errb bytes.Buffer
			code := servercli.MainIn(context.Background(), c.args, &out, &errb, "v-test", words)
			errOut := errb.String()
			if code != c.code || !strings.Contains(errOut, c.want[lang]) {
				t.Errorf("%s %v: exit %d (want %d), stderr %q; want %q", lang, c.args, code, c.code, errOut, c.want[lang])
			}
			said := strings.ReplaceAll(errOut, dir, "/dir")
			if run := englishRun.FindString(typedAsIs.ReplaceAllString(said, " ")); run != "" {
				t.Errorf("%s %v: English %q on stderr:\n%s", lang, c.args, run, errOut)
			}
		}
	}
}

// TestToolsSpeakTheOperatorsLanguage: keys, passes, enrol and migrate say
// their usage errors and failures on stderr in Russian and Kazakh.
func TestToolsSpeakTheOperatorsLanguage(t *testing.T) {
	for _, lang := range []string{"ru", "kk"} {
		words := operatorWords([]string{"ASHYQ_LANGUAGE=" + lang})
		dir := t.TempDir()
		for _, c := range []struct {
			args []string
			code int
			want map[string]string
		}{
			{[]string{"keys", "spin", "--data", dir}, 2, map[string]string{
				"ru": "ashyq-server: \"keys spin\": неизвестная команда или неверное число аргументов\nashyq-server: см. ashyq-server keys help",
				"kk": "ashyq-server: \"keys spin\": белгісіз пәрмен немесе аргумент саны қате\nashyq-server: ashyq-server keys help қараңыз"}},
			{[]string{"keys", "rotate", "--grace", "soon", "--data", dir}, 2, map[string]string{
				"ru": `ashyq-server keys rotate: недопустимое значение "soon" для параметра -grace`, "kk": `ashyq-server keys rotate: "soon" мәні -grace параметріне жарамсыз`}},
			{[]string{"passes", "revoke", "p1"}, 2, map[string]string{
				"ru": "ashyq-server passes revoke: укажите ровно одно из", "kk": "ashyq-server passes revoke: мыналардың дәл біреуін көрсетіңіз"}},
			{[]string{"migrate"}, 2, map[string]string{
				"ru": "ashyq-server migrate: нужен --store postgres://... и больше ничего", "kk": "ashyq-server migrate: тек --store postgres://... керек"}},
			{[]string{"migrate", "--bogus"}, 2, map[string]string{
				"ru": "неизвестный параметр -bogus\nashyq-server migrate: см. ashyq-server migrate --help", "kk": "белгісіз параметр -bogus\nashyq-server migrate: ashyq-server migrate --help қараңыз"}},
			{[]string{"enrol", "--iin", "900101300017", "--ttl", "1s", "--data", dir}, 2, map[string]string{
				"ru": "ashyq-server enrol: --ttl должен быть от 1m до 168h0m0s", "kk": "ashyq-server enrol: --ttl 1m және 168h0m0s аралығында болуы керек"}},
			{[]string{"registry", "frob"}, 2, map[string]string{
				"ru": `ashyq-server registry: неизвестная команда "frob" (см. ashyq-server registry --help)`,
				"kk": `ashyq-server registry: белгісіз пәрмен "frob" (ashyq-server registry --help қараңыз)`}},
			{[]string{"registry", "import", "--data", dir}, 2, map[string]string{
				"ru": "ashyq-server registry import: укажите хотя бы один файл NDJSON", "kk": "ashyq-server registry import: кемінде бір NDJSON файлын көрсетіңіз"}},
			{[]string{"audit", "now"}, 2, map[string]string{"ru": `ashyq-server audit: лишний аргумент "now"`, "kk": `ashyq-server audit: артық аргумент "now"`}},
			{[]string{"audit", "--limit", "0", "--data", dir}, 2, map[string]string{"ru": "ashyq-server: --limit 0: нужно от 1 до 1000", "kk": "ashyq-server: --limit 0: 1 мен 1000 аралығы керек"}},
			{[]string{"audit"}, 2, map[string]string{"ru": "ashyq-server: укажите ровно одно из: --data КАТАЛОГ или --store АДРЕС",
				"kk": "ashyq-server: мыналардың дәл біреуін көрсетіңіз: --data КАТАЛОГ немесе --store МЕКЕНЖАЙ"}},
			{[]string{"pass", "--iin", "123"}, 2, map[string]string{"ru": "ashyq-server pass: для --iin нужен правильный ИИН (см. --help)",
				"kk": "ashyq-server pass: --iin үшін дұрыс ЖСН керек (--help қараңыз)"}},
			{[]string{"pass", "--iin", "900101300017", "--demo", "--data", dir}, 2, map[string]string{
				"ru": "ashyq-server pass: --demo нельзя вместе с --data, --store или --server",
				"kk": "ashyq-server pass: --demo параметрін --data, --store немесе --server параметрлерімен бірге көрсетуге болмайды"}},
			{[]string{"enrol", "--iin", "900101300017", "now"}, 2, map[string]string{
				"ru": `ashyq-server enrol: лишний аргумент "now" (см. --help)`, "kk": `ashyq-server enrol: артық аргумент "now" (--help қараңыз)`}},
		} {
			var out, errb bytes.Buffer
			code := servercli.MainIn(context.Background(), c.args, &out, &errb, "v-test", words)
			errOut := errb.String()
			if code != c.code || out.Len() != 0 || !strings.Contains(errOut, c.want[lang]) {
				t.Errorf("%s %v: exit %d (want %d), stdout %q, stderr %q; want %q", lang, c.args, code, c.code, out.String(), errOut, c.want[lang])
			}
			if run := englishRun.FindString(typedAsIs.ReplaceAllString(strings.ReplaceAll(errOut, dir, "/dir"), " ")); run != "" {
				t.Errorf("%s %v: English %q on stderr:\n%s", lang, c.args, run, errOut)
			}
		}
	}
}

// TestAuditMoreSaid: the pointer to the next page of the audit trail is on
// stderr in the operator's language; the table stays on stdout.
func TestAuditMoreSaid(t *testing.T) {
	dir := t.TempDir()
	for _, venue := range []string{"cafe", "gym"} {
		if code := servercli.Main(context.Background(), []string{"tokens", "add", "--venue", venue, "--data", dir}, &bytes.Buffer{}, &bytes.Buffer{}, "v"); code != 0 {
			t.Fatalf("tokens add %s: exit %d", venue, code)
		}
	}
	for lang, want := range map[string]string{"ru": "есть ещё записи: --after ", "kk": "тағы жазбалар бар: --after "} {
		var out, errb bytes.Buffer
		code := servercli.MainIn(context.Background(), []string{"audit", "--limit", "1", "--data", dir}, &out, &errb, "v", operatorWords([]string{"ASHYQ_LANGUAGE=" + lang}))
		if code != 0 || !strings.Contains(errb.String(), want) || out.Len() == 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", lang, code, out.String(), errb.String(), want)
		}
	}
}

// TestPassIssuedSaid: the pass command says what it minted on stderr in
// the operator's language, the IIN masked; the code goes to stdout.
func TestPassIssuedSaid(t *testing.T) {
	for lang, want := range map[string]string{"ru": "для ••••••••0017: статус ", "kk": ", иесі ••••••••0017: мәртебесі "} {
		var out, errb bytes.Buffer
		code := servercli.MainIn(context.Background(), []string{"pass", "--iin", "900101300017", "--demo", "--once"}, &out, &errb, "v",
			operatorWords([]string{"ASHYQ_LANGUAGE=" + lang}))
		if code != 0 || !strings.Contains(errb.String(), want) || strings.Contains(errb.String(), "900101300017") || out.Len() == 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", lang, code, out.String(), errb.String(), want)
		}
		if run := englishRun.FindString(typedAsIs.ReplaceAllString(errb.String(), " ")); run != "" {
			t.Errorf("%s: English %q on stderr: %s", lang, run, errb.String())
		}
	}
}
