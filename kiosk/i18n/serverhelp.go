package i18n

// ashyq-server --help in the language ASHYQ_LANGUAGE or the locale names.
// sync/servercli writes it in English and says it through Catalog.Sprintf,
// so each English text here must be servercli's, to the letter: the usage
// head, the exit codes' failure, each flag's description. Flags, commands
// and the line scripts read stay as typed.
const (
	SrvHelpMain          Key = "srv_help.main"
	SrvHelpFailMain      Key = "srv_help.fail_main"
	SrvHelpListen        Key = "srv_help.listen"
	SrvHelpData          Key = "srv_help.data"
	SrvHelpStore         Key = "srv_help.store"
	SrvHelpDemo          Key = "srv_help.demo"
	SrvHelpRegistry      Key = "srv_help.registry"
	SrvHelpFailRate      Key = "srv_help.fail_rate"
	SrvHelpResetRate     Key = "srv_help.reset_rate"
	SrvHelpPartialRate   Key = "srv_help.partial_rate"
	SrvHelpDelay         Key = "srv_help.delay"
	SrvHelpRetryAfter    Key = "srv_help.retry_after"
	SrvHelpSeed          Key = "srv_help.seed"
	SrvHelpLog           Key = "srv_help.log"
	SrvHelpLogMaxMB      Key = "srv_help.log_max_mb"
	SrvHelpTokenFile     Key = "srv_help.token_file"
	SrvHelpSilentAfter   Key = "srv_help.silent_after"
	SrvHelpMetricsListen Key = "srv_help.metrics_listen"
	SrvHelpMetricsToken  Key = "srv_help.metrics_token_file"
	SrvHelpTLSCert       Key = "srv_help.tls_cert"
	SrvHelpTLSKey        Key = "srv_help.tls_key"
	SrvHelpPublicURL     Key = "srv_help.public_url"
	SrvHelpSecureCookies Key = "srv_help.secure_cookies"
	SrvHelpTrustedProxy  Key = "srv_help.trusted_proxy"
	SrvHelpToken         Key = "srv_help.token"
	SrvHelpRules         Key = "srv_help.rules"
	SrvHelpIINSystem     Key = "srv_help.iin_system"
	SrvHelpAuditKeep     Key = "srv_help.audit_retention"
)

func init() {
	add(en, map[Key]string{
		SrvHelpMain: `ashyq-server %s: the reference upstream for ashyq kiosks (API v1, see docs/api.md).

Usage:
  ashyq-server --data DIR [flags]       bbolt store in DIR
  ashyq-server --store URL [flags]      PostgreSQL store (postgres://...), several replicas may share it
  ashyq-server --demo [flags]           demo venue "demo-cafe", token "demo-token", operator "demo-operator",
                                        demo registry; loopback only, data in a temp dir removed on exit
  ashyq-server tokens|operators|venues  manage credentials and venues (ashyq-server tokens help)
  ashyq-server owners|kiosks            owners' credentials, codes that enrol new kiosks (ashyq-server owners help)
  ashyq-server migrate --store URL      bring a PostgreSQL schema to this version (start-up does it too)
  ashyq-server loadgen --url URL ...    simulate kiosks against an upstream on loopback (--help)
  ashyq-server version
  ashyq-server keys|passes              rotate issuer keys, revoke passes (ashyq-server keys help)
  ashyq-server pass --iin IIN ...       act as a phone: a rotating pass QR code (ashyq-server pass --help)
  ashyq-server enrol --iin IIN TARGET   a one-time enrolment code for the wallet (ashyq-server enrol --help)

Once listening, prints one line "listening on http://HOST:PORT" to stdout.
SIGINT or SIGTERM shuts down gracefully; SIGHUP reopens the --log file.
Metrics: GET /metrics on the API listener (open on loopback, else with the
metrics token), or on their own listener with --metrics-listen.
`,
		SrvHelpFailMain:      "could not open the store, listen or serve; a tool's store or\n     server refused or failed",
		SrvHelpListen:        "`host:port` to listen on",
		SrvHelpData:          "`DIR` holding server.db (required unless --demo or --store)",
		SrvHelpStore:         "PostgreSQL `URL` (postgres://...; default $ASHYQ_STORE); empty: bbolt in --data",
		SrvHelpDemo:          "seed the demo venue, token and registry (loopback only)",
		SrvHelpRegistry:      "CSV `FILE` of iin,status to load at start",
		SrvHelpFailRate:      "share of authenticated requests answered 503 (0..1)",
		SrvHelpResetRate:     "share of authenticated requests whose connection is dropped (0..1)",
		SrvHelpPartialRate:   "share of event batches only partly stored and acknowledged (0..1)",
		SrvHelpDelay:         "`duration` added to every authenticated request",
		SrvHelpRetryAfter:    "Retry-After sent with injected 503s (`duration`, whole seconds rounded up)",
		SrvHelpSeed:          "seed of the fault-injection dice",
		SrvHelpLog:           "log to `FILE`, rotated at --log-max-mb; - is stderr (the journal under systemd)",
		SrvHelpLogMaxMB:      "rotate the --log file at this size (MiB), keeping one old copy FILE.1",
		SrvHelpTokenFile:     "read TOKEN=VENUE (or TOKEN VENUE) lines from `FILE`, mode 0600 (keeps tokens off the command line)",
		SrvHelpSilentAfter:   "flag devices not heard from for this `duration` (device list, metrics, console alarm)",
		SrvHelpMetricsListen: "serve /metrics on this extra `host:port` too, without a token",
		SrvHelpMetricsToken:  "`FILE` with the bearer token /metrics on a non-loopback API listener needs",
		SrvHelpTLSCert:       "serve HTTPS with this PEM certificate `FILE` (with --tls-key)",
		SrvHelpTLSKey:        "PEM private key `FILE` of --tls-cert",
		SrvHelpPublicURL:     "this upstream's `URL` as kiosks reach it, put in the owners' enrolment codes (default: the address the owner's browser used)",
		SrvHelpSecureCookies: "mark the console's session cookie Secure even on plain HTTP (for a TLS proxy that sends no X-Forwarded-Proto)",
		SrvHelpTrustedProxy:  "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated `addresses or CIDR prefixes`, \"loopback\", or \"none\"",
		SrvHelpToken:         "device token mapping `TOKEN=VENUE` (repeatable)",
		SrvHelpRules:         "registry rules `FILE` (TOML: positive, contact, negative, negative_antigen, vaccinated; docs/registry.md)",
		SrvHelpIINSystem:     "FHIR identifier system `URI` that names the IIN",
		SrvHelpAuditKeep:     "keep audit entries this long (`duration` such as 26280h, or days such as 1095d; default 3 years)",
	})
	add(ru, map[Key]string{
		SrvHelpMain: `ashyq-server %s: эталонный вышестоящий сервер для киосков Ashyq (API v1, см. docs/api.md).

Использование:
  ashyq-server --data КАТАЛОГ [параметры]  хранилище bbolt в КАТАЛОГЕ
  ashyq-server --store АДРЕС [параметры]   хранилище PostgreSQL (postgres://...), его могут делить несколько реплик
  ashyq-server --demo [параметры]          демо-заведение "demo-cafe", токен "demo-token", оператор "demo-operator",
                                           демо-реестр; только локальный адрес, данные во временном каталоге,
                                           удаляемом при выходе
  ashyq-server tokens|operators|venues     учётные данные и заведения (ashyq-server tokens help)
  ashyq-server owners|kiosks               учётные данные владельцев, коды регистрации новых киосков (ashyq-server owners help)
  ashyq-server migrate --store АДРЕС       привести схему PostgreSQL к этой версии (при запуске это делается тоже)
  ashyq-server loadgen --url АДРЕС ...     имитировать киоски для сервера на локальном адресе (--help)
  ashyq-server version
  ashyq-server keys|passes                 смена ключей выпуска, отзыв пропусков (ashyq-server keys help)
  ashyq-server pass --iin ИИН ...          работать как телефон: меняющийся QR-код пропуска (ashyq-server pass --help)
  ashyq-server enrol --iin ИИН ЦЕЛЬ        одноразовый код регистрации для кошелька (ashyq-server enrol --help)

Начав слушать, печатает в stdout одну строку "listening on http://HOST:PORT".
SIGINT или SIGTERM штатно завершают работу; SIGHUP заново открывает файл --log.
Метрики: GET /metrics на адресе API (открыто на локальном адресе, иначе с токеном
метрик) или на отдельном адресе с --metrics-listen.
`,
		SrvHelpFailMain:      "не удалось открыть хранилище, слушать или обслуживать; хранилище или\n     сервер команды отказали или дали сбой",
		SrvHelpListen:        "`хост:порт` для прослушивания",
		SrvHelpData:          "`КАТАЛОГ` с server.db (обязателен, если нет --demo или --store)",
		SrvHelpStore:         "`АДРЕС` базы PostgreSQL (postgres://...; по умолчанию $ASHYQ_STORE); пусто: bbolt в --data",
		SrvHelpDemo:          "создать демо-заведение, токен и реестр (только локальный адрес)",
		SrvHelpRegistry:      "`ФАЙЛ` CSV со строками \"iin,status\", загружаемый при запуске",
		SrvHelpFailRate:      "доля запросов с проверкой подлинности, на которые отвечается 503 (0..1)",
		SrvHelpResetRate:     "доля запросов с проверкой подлинности, чьё соединение обрывается (0..1)",
		SrvHelpPartialRate:   "доля пакетов событий, сохраняемых и подтверждаемых лишь частично (0..1)",
		SrvHelpDelay:         "`длительность`, добавляемая к каждому запросу с проверкой подлинности",
		SrvHelpRetryAfter:    "Retry-After в подставных ответах 503 (`длительность`, округляется вверх до целых секунд)",
		SrvHelpSeed:          "начальное значение генератора подставных сбоев",
		SrvHelpLog:           "писать журнал в `ФАЙЛ` с ротацией по --log-max-mb; - — это stderr (под systemd журнал службы)",
		SrvHelpLogMaxMB:      "размер (МиБ), при котором файл --log ротируется; хранится одна старая копия ФАЙЛ.1",
		SrvHelpTokenFile:     "читать строки ТОКЕН=ЗАВЕДЕНИЕ (или ТОКЕН ЗАВЕДЕНИЕ) из файла `ФАЙЛ` с режимом 0600 (токены не попадают в командную строку)",
		SrvHelpSilentAfter:   "отмечать устройства, молчащие дольше, чем `длительность` (список устройств, метрики, тревога консоли)",
		SrvHelpMetricsListen: "отдавать /metrics ещё и на этом `хост:порт`, без токена",
		SrvHelpMetricsToken:  "`ФАЙЛ` с токеном доступа, который нужен /metrics на адресе API не на этой машине",
		SrvHelpTLSCert:       "работать по HTTPS с сертификатом PEM из файла `ФАЙЛ` (вместе с --tls-key)",
		SrvHelpTLSKey:        "`ФАЙЛ` закрытого ключа PEM для --tls-cert",
		SrvHelpPublicURL:     "`АДРЕС` этого сервера, по которому его находят киоски, для кодов регистрации владельцев (по умолчанию: адрес, открытый в браузере владельца)",
		SrvHelpSecureCookies: "помечать куки сеанса консоли как Secure даже по HTTP (для TLS-прокси, не передающего X-Forwarded-Proto)",
		SrvHelpTrustedProxy:  "обратные прокси, чьим X-Forwarded-For и X-Forwarded-Proto верят: `адреса или префиксы CIDR` через запятую, \"loopback\" или \"none\"",
		SrvHelpToken:         "соответствие токена устройства заведению `ТОКЕН=ЗАВЕДЕНИЕ` (можно повторять)",
		SrvHelpRules:         "`ФАЙЛ` правил реестра (TOML: positive, contact, negative, negative_antigen, vaccinated; docs/registry.md)",
		SrvHelpIINSystem:     "`URI` системы идентификаторов FHIR, обозначающей ИИН",
		SrvHelpAuditKeep:     "сколько хранить записи аудита (`длительность` вида 26280h или дни вида 1095d; по умолчанию 3 года)",
	})
	add(kk, map[Key]string{
		SrvHelpMain: `ashyq-server %s: Ashyq киосктеріне арналған эталондық жоғары сервер (API v1, docs/api.md қараңыз).

Қолданылуы:
  ashyq-server --data КАТАЛОГ [параметрлер]   КАТАЛОГ ішіндегі bbolt қоймасы
  ashyq-server --store МЕКЕНЖАЙ [параметрлер] PostgreSQL қоймасы (postgres://...), оны бірнеше реплика бөлісе алады
  ashyq-server --demo [параметрлер]           демо мекеме "demo-cafe", токен "demo-token", оператор "demo-operator",
                                              демо тізілім; тек жергілікті мекенжай, деректер шыққанда жойылатын
                                              уақытша каталогта
  ashyq-server tokens|operators|venues        тіркелгі деректері мен мекемелер (ashyq-server tokens help)
  ashyq-server owners|kiosks                  иелердің тіркелгі деректері, жаңа киосктерді тіркеу кодтары (ashyq-server owners help)
  ashyq-server migrate --store МЕКЕНЖАЙ       PostgreSQL сызбасын осы нұсқаға келтіру (іске қосқанда да жасалады)
  ashyq-server loadgen --url МЕКЕНЖАЙ ...     жергілікті мекенжайдағы серверге киосктерді имитациялау (--help)
  ashyq-server version
  ashyq-server keys|passes                    шығарушы кілттерін ауыстыру, рұқсатнамаларды кері қайтару (ashyq-server keys help)
  ashyq-server pass --iin ЖСН ...             телефон ретінде жұмыс істеу: ауысып тұратын рұқсатнама QR коды (ashyq-server pass --help)
  ashyq-server enrol --iin ЖСН НЫСАНА         әмиянға арналған бір реттік тіркеу коды (ashyq-server enrol --help)

Тыңдай бастағанда stdout ағынына бір жол шығарады: "listening on http://HOST:PORT".
SIGINT немесе SIGTERM жұмысты дұрыс аяқтайды; SIGHUP --log файлын қайта ашады.
Метрикалар: API мекенжайындағы GET /metrics (жергілікті мекенжайда ашық, әйтпесе
метрика токенімен) немесе --metrics-listen арқылы бөлек мекенжайда.
`,
		SrvHelpFailMain:      "қойманы ашу, тыңдау немесе қызмет көрсету мүмкін болмады; пәрменнің қоймасы\n     немесе сервері бас тартты не қате берді",
		SrvHelpListen:        "тыңдайтын `хост:порт`",
		SrvHelpData:          "server.db сақталатын `КАТАЛОГ` (--demo не --store болмаса, міндетті)",
		SrvHelpStore:         "PostgreSQL қоймасының мекенжайы `МЕКЕНЖАЙ` (postgres://...; әдепкісі $ASHYQ_STORE); бос болса: --data ішіндегі bbolt",
		SrvHelpDemo:          "демо мекеме, токен және тізілім құру (тек жергілікті мекенжай)",
		SrvHelpRegistry:      "іске қосқанда жүктелетін \"iin,status\" жолдары бар CSV `ФАЙЛ`",
		SrvHelpFailRate:      "түпнұсқалығы тексерілген сұраулардың 503 жауабын алатын үлесі (0..1)",
		SrvHelpResetRate:     "түпнұсқалығы тексерілген сұраулардың байланысы үзілетін үлесі (0..1)",
		SrvHelpPartialRate:   "оқиғалар топтамаларының тек ішінара сақталып, расталатын үлесі (0..1)",
		SrvHelpDelay:         "түпнұсқалығы тексерілген әр сұрауға қосылатын `ұзақтық`",
		SrvHelpRetryAfter:    "жасанды 503 жауаптарындағы Retry-After (`ұзақтық`, бүтін секундқа дейін жоғары дөңгелектенеді)",
		SrvHelpSeed:          "жасанды ақаулар генераторының бастапқы мәні",
		SrvHelpLog:           "журналды `ФАЙЛ` ішіне жазу, --log-max-mb бойынша ауыстырылады; - деген stderr (systemd астында қызмет журналы)",
		SrvHelpLogMaxMB:      "--log файлы ауыстырылатын өлшем (МиБ); бір ескі көшірмесі ФАЙЛ.1 сақталады",
		SrvHelpTokenFile:     "ТОКЕН=МЕКЕМЕ (немесе ТОКЕН МЕКЕМЕ) жолдарын 0600 режимді `ФАЙЛ` ішінен оқу (токендер пәрмен жолына түспейді)",
		SrvHelpSilentAfter:   "осы `ұзақтық` бойы үні шықпаған құрылғыларды белгілеу (құрылғылар тізімі, метрикалар, консоль дабылы)",
		SrvHelpMetricsListen: "/metrics мәліметін осы қосымша `хост:порт` арқылы да токенсіз беру",
		SrvHelpMetricsToken:  "осы машинадан тыс API мекенжайындағы /metrics үшін керек қатынау токені бар `ФАЙЛ`",
		SrvHelpTLSCert:       "HTTPS арқылы жұмыс істеу, PEM сертификаты осы `ФАЙЛ` ішінде (--tls-key параметрімен бірге)",
		SrvHelpTLSKey:        "--tls-cert үшін PEM жабық кілті бар `ФАЙЛ`",
		SrvHelpPublicURL:     "киосктер осы серверге жететін `МЕКЕНЖАЙ`, иелердің тіркеу кодтарына жазылады (әдепкісі: иенің браузері ашқан мекенжай)",
		SrvHelpSecureCookies: "консоль сеансының куки файлын HTTP арқылы да Secure деп белгілеу (X-Forwarded-Proto жібермейтін TLS проксиі үшін)",
		SrvHelpTrustedProxy:  "X-Forwarded-For және X-Forwarded-Proto мәндеріне сенілетін кері проксилер: үтірмен бөлінген `мекенжайлар не CIDR префикстері`, \"loopback\" немесе \"none\"",
		SrvHelpToken:         "құрылғы токенінің мекемеге сәйкестігі `ТОКЕН=МЕКЕМЕ` (қайталауға болады)",
		SrvHelpRules:         "тізілім ережелері бар `ФАЙЛ` (TOML: positive, contact, negative, negative_antigen, vaccinated; docs/registry.md)",
		SrvHelpIINSystem:     "ЖСН-ді атайтын FHIR идентификаторлар жүйесінің `URI` мәні",
		SrvHelpAuditKeep:     "аудит жазбаларын сақтау мерзімі (26280h сияқты `ұзақтық` не 1095d сияқты күндер; әдепкісі 3 жыл)",
	})
}
