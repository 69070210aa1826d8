package i18n

// What ashyq-server's management commands (tokens, operators, feeders,
// owners, kiosks, venues) say to the upstream's operator on the console, in
// the language ASHYQ_LANGUAGE or the locale names. sync/servercli writes
// them in English, below the catalogs; cmd/ashyq-server says them through
// Catalog.Sprintf, so each English text here must be servercli's, to the
// letter. Flags, ids, venues and commands stay as typed; secrets and codes
// go to stdout alone.
const (
	SrvUnknownCommand   Key = "srv.unknown_command"
	SrvWantArgs         Key = "srv.want_args"
	SrvVenueRequired    Key = "srv.venue_required"
	SrvDoorModeRequired Key = "srv.door_mode_required"
	SrvOneTarget        Key = "srv.one_target"
	SrvOperatorsOnStore Key = "srv.operators_on_store"
	SrvOperatorToken    Key = "srv.operator_token"
	SrvNeedOperator     Key = "srv.need_operator"
	SrvBadServerURL     Key = "srv.bad_server_url"
	SrvStoreBusy        Key = "srv.store_busy"
	SrvTokenShown       Key = "srv.token_shown"
	SrvOperatorShown    Key = "srv.operator_shown"
	SrvFeederShown      Key = "srv.feeder_shown"
	SrvOwnerShown       Key = "srv.owner_shown"
	SrvRevoked          Key = "srv.revoked"
	SrvNotDeviceID      Key = "srv.not_device_id"
	SrvNotOperatorID    Key = "srv.not_operator_id"
	SrvNotFeederID      Key = "srv.not_feeder_id"
	SrvNotOwnerID       Key = "srv.not_owner_id"
	SrvKioskCode        Key = "srv.kiosk_code"
	// SrvSeeHelp points at a group's help: %s is "ashyq-server tokens help".
	SrvSeeHelp Key = "srv.see_help"

	// Why ashyq-server does not start.
	SrvUnexpectedArg  Key = "srv.unexpected_arg"
	SrvTLSPair        Key = "srv.tls_pair"
	SrvListen         Key = "srv.listen"
	SrvDemoListen     Key = "srv.demo_listen"
	SrvNeedStore      Key = "srv.need_store"
	SrvTrustedProxy   Key = "srv.trusted_proxy"
	SrvAuditRetention Key = "srv.audit_retention"
	SrvTokenFlag      Key = "srv.token_flag"
	SrvTokenFlagVenue Key = "srv.token_flag_venue"

	// keys, passes, migrate and enrol.
	SrvKeysCommand   Key = "srv.keys_command"
	SrvMigrateStore  Key = "srv.migrate_store"
	SrvEnrolIIN      Key = "srv.enrol_iin"
	SrvEnrolTTLRange Key = "srv.enrol_ttl_range"

	// registry and audit.
	SrvOneStore      Key = "srv.one_store"
	SrvRegistryCmd   Key = "srv.registry_command"
	SrvRegistryFiles Key = "srv.registry_files"
	SrvAuditArg      Key = "srv.audit_arg"
	SrvAuditLimit    Key = "srv.audit_limit"
	SrvAuditMore     Key = "srv.audit_more"

	// pass: the command that acts as a phone.
	SrvPassIIN    Key = "srv.pass_iin"
	SrvPassDemo   Key = "srv.pass_demo"
	SrvPassIssued Key = "srv.pass_issued"

	// --token-file, read at start.
	SrvTokenFile      Key = "srv.token_file"
	SrvTokenFileMode  Key = "srv.token_file_mode"
	SrvTokenFileSize  Key = "srv.token_file_size"
	SrvTokenFileLine  Key = "srv.token_file_line"
	SrvTokenFileChars Key = "srv.token_file_chars"
	SrvTokenFileTwice Key = "srv.token_file_twice"
	SrvTokenFileLong  Key = "srv.token_file_long"
)

func init() {
	add(en, map[Key]string{
		SrvUnknownCommand:   "unknown command %q",
		SrvWantArgs:         "want %d argument(s), got %d",
		SrvVenueRequired:    "--venue is required",
		SrvDoorModeRequired: "--door and --mode (entrance or exit) are required",
		SrvOneTarget:        "name exactly one of --data DIR, --store URL or --server URL",
		SrvOperatorsOnStore: "operators are managed on the store itself: use --data DIR (server stopped) or --store URL",
		SrvOperatorToken:    "operator token: %s",
		SrvNeedOperator:     "--server needs an operator credential: --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN",
		SrvBadServerURL:     "--server %q: want http(s)://HOST:PORT",
		SrvStoreBusy:        "%s (is a server running on it? then use --server URL)",
		SrvTokenShown:       "device token %s for venue %q; it is shown only now:",
		SrvOperatorShown:    "operator credential %s; it is shown only now:",
		SrvFeederShown:      "feeder credential %s; it is shown only now:",
		SrvOwnerShown:       "owner's credential %s for venue %q (log in at /owner/); it is shown only now:",
		SrvRevoked:          "revoked %s",
		SrvNotDeviceID:      "%q is not the id of a device token (those start with %q)",
		SrvNotOperatorID:    "%q is not the id of an operator credential (those start with %q)",
		SrvNotFeederID:      "%q is not the id of a feeder credential (those start with %q)",
		SrvNotOwnerID:       "%q is not the id of an owner's credential (those start with %q)",
		SrvKioskCode: "enrolment code %s: kiosk %s at door %s (%s) of venue %q, works once until %s.\n" +
			"Type it on the new kiosk (ashyq-kiosk enrol CODE), or show it as the owner's page does:",
		SrvSeeHelp: "see %s",

		SrvUnexpectedArg:  "unexpected argument %q (all options are flags; see --help)",
		SrvTLSPair:        "--tls-cert and --tls-key go together",
		SrvListen:         "--listen: %v",
		SrvDemoListen:     "--demo refuses to listen on %s: the demo token is public, so demo mode only listens on loopback (127.0.0.1, ::1 or localhost)",
		SrvNeedStore:      "--data DIR or --store URL is required (or use --demo)",
		SrvTrustedProxy:   "--trusted-proxy: %v",
		SrvAuditRetention: "--audit-retention %q: want a duration of at least a day, such as 1095d",
		SrvTokenFlag:      "--token: want TOKEN=VENUE",
		SrvTokenFlagVenue: "--token for venue %q: %s",

		SrvKeysCommand:   "%q: unknown command or wrong number of arguments",
		SrvMigrateStore:  "want --store postgres://... and nothing else (a bbolt file migrates when opened)",
		SrvEnrolIIN:      "--iin: %v",
		SrvEnrolTTLRange: "--ttl must be from 1m to %s",

		SrvOneStore:      "name exactly one of --data DIR or --store URL",
		SrvRegistryCmd:   "unknown command %q (see ashyq-server registry --help)",
		SrvRegistryFiles: "name at least one NDJSON file",
		SrvAuditArg:      "unexpected argument %q",
		SrvAuditLimit:    "--limit %d: want 1 to %d",
		SrvAuditMore:     "more entries follow: --after %d",

		SrvPassIIN:    "--iin needs a valid IIN (see --help)",
		SrvPassDemo:   "--demo excludes --data, --store and --server",
		SrvPassIssued: "pass %s for %s: %s, valid until %s (key %s)",

		SrvTokenFile:      "token file: %s",
		SrvTokenFileMode:  "token file %s is mode %04o, readable by other users; it holds secrets: chmod 600 %s",
		SrvTokenFileSize:  "token file %s: larger than %d bytes",
		SrvTokenFileLine:  "token file %s:%d: want TOKEN=VENUE or TOKEN VENUE",
		SrvTokenFileChars: "token file %s:%d: the token has spaces, control or non-ASCII characters",
		SrvTokenFileTwice: "token file %s:%d: the same token is listed twice",
		SrvTokenFileLong:  "token file %s: a line is too long",
	})
	add(ru, map[Key]string{
		SrvUnknownCommand:   "неизвестная команда %q",
		SrvWantArgs:         "нужно аргументов: %d, указано: %d",
		SrvVenueRequired:    "нужен параметр --venue",
		SrvDoorModeRequired: "нужны параметры --door и --mode (\"entrance\" или \"exit\")",
		SrvOneTarget:        "укажите ровно одно из: --data КАТАЛОГ, --store АДРЕС или --server АДРЕС",
		SrvOperatorsOnStore: "операторы управляются только в самом хранилище: укажите --data КАТАЛОГ (сервер остановлен) или --store АДРЕС",
		SrvOperatorToken:    "токен оператора: %s",
		SrvNeedOperator:     "для --server нужны учётные данные оператора: --operator-token-file ФАЙЛ или $ASHYQ_OPERATOR_TOKEN",
		SrvBadServerURL:     "--server %q: нужен адрес вида http://ХОСТ:ПОРТ или https://ХОСТ:ПОРТ",
		SrvStoreBusy:        "%s (не работает ли на нём сервер? тогда укажите --server АДРЕС)",
		SrvTokenShown:       "токен устройства %s для заведения %q; он показывается только сейчас:",
		SrvOperatorShown:    "учётные данные оператора %s; они показываются только сейчас:",
		SrvFeederShown:      "учётные данные поставщика данных %s; они показываются только сейчас:",
		SrvOwnerShown:       "учётные данные владельца %s для заведения %q (вход на /owner/); они показываются только сейчас:",
		SrvRevoked:          "отозвано: %s",
		SrvNotDeviceID:      "%q — не идентификатор токена устройства (они начинаются с %q)",
		SrvNotOperatorID:    "%q — не идентификатор учётных данных оператора (они начинаются с %q)",
		SrvNotFeederID:      "%q — не идентификатор учётных данных поставщика данных (они начинаются с %q)",
		SrvNotOwnerID:       "%q — не идентификатор учётных данных владельца (они начинаются с %q)",
		SrvKioskCode: "код подключения %s: киоск %s, дверь %s (%s), заведение %q; действует один раз, до %s.\n" +
			"Введите его на новом киоске (ashyq-kiosk enrol КОД) или покажите так, как это делает страница владельца:",
		SrvSeeHelp: "см. %s",

		SrvUnexpectedArg:  "лишний аргумент %q (всё задаётся параметрами; см. --help)",
		SrvTLSPair:        "--tls-cert и --tls-key указываются вместе",
		SrvListen:         "--listen: %v",
		SrvDemoListen:     "--demo не будет слушать %s: демо-токен общеизвестен, поэтому демо-режим слушает только локальный адрес (127.0.0.1, ::1 или localhost)",
		SrvNeedStore:      "нужен --data КАТАЛОГ или --store АДРЕС (или --demo)",
		SrvTrustedProxy:   "--trusted-proxy: %v",
		SrvAuditRetention: "--audit-retention %q: нужна длительность не меньше суток, например 1095d",
		SrvTokenFlag:      "--token: нужно ТОКЕН=ЗАВЕДЕНИЕ",
		SrvTokenFlagVenue: "--token для заведения %q: %s",

		SrvKeysCommand:   "%q: неизвестная команда или неверное число аргументов",
		SrvMigrateStore:  "нужен --store postgres://... и больше ничего (файл bbolt обновляется сам при открытии)",
		SrvEnrolIIN:      "--iin: %v",
		SrvEnrolTTLRange: "--ttl должен быть от 1m до %s",

		SrvOneStore:      "укажите ровно одно из: --data КАТАЛОГ или --store АДРЕС",
		SrvRegistryCmd:   "неизвестная команда %q (см. ashyq-server registry --help)",
		SrvRegistryFiles: "укажите хотя бы один файл NDJSON",
		SrvAuditArg:      "лишний аргумент %q",
		SrvAuditLimit:    "--limit %d: нужно от 1 до %d",
		SrvAuditMore:     "есть ещё записи: --after %d",

		SrvPassIIN:    "для --iin нужен правильный ИИН (см. --help)",
		SrvPassDemo:   "--demo нельзя вместе с --data, --store или --server",
		SrvPassIssued: "пропуск %s для %s: статус %s, действует до %s (ключ %s)",

		SrvTokenFile:      "файл токенов: %s",
		SrvTokenFileMode:  "файл токенов %s имеет права %04o и читается другими пользователями, а в нём секреты: chmod 600 %s",
		SrvTokenFileSize:  "файл токенов %s: больше %d байт",
		SrvTokenFileLine:  "файл токенов %s:%d: нужно ТОКЕН=ЗАВЕДЕНИЕ или ТОКЕН ЗАВЕДЕНИЕ",
		SrvTokenFileChars: "файл токенов %s:%d: в токене пробелы, управляющие символы или символы не из ASCII",
		SrvTokenFileTwice: "файл токенов %s:%d: этот токен уже был в списке",
		SrvTokenFileLong:  "файл токенов %s: слишком длинная строка",
	})
	add(kk, map[Key]string{
		SrvUnknownCommand:   "белгісіз пәрмен %q",
		SrvWantArgs:         "аргумент саны %d болуы керек, көрсетілгені: %d",
		SrvVenueRequired:    "--venue параметрі керек",
		SrvDoorModeRequired: "--door және --mode (\"entrance\" немесе \"exit\") параметрлері керек",
		SrvOneTarget:        "мыналардың дәл біреуін көрсетіңіз: --data КАТАЛОГ, --store МЕКЕНЖАЙ немесе --server МЕКЕНЖАЙ",
		SrvOperatorsOnStore: "операторлар тек қойманың өзінде басқарылады: --data КАТАЛОГ (сервер тоқтатылған) немесе --store МЕКЕНЖАЙ көрсетіңіз",
		SrvOperatorToken:    "оператор токені: %s",
		SrvNeedOperator:     "--server үшін оператордың тіркелгі деректері керек: --operator-token-file ФАЙЛ немесе $ASHYQ_OPERATOR_TOKEN",
		SrvBadServerURL:     "--server %q: http://ХОСТ:ПОРТ немесе https://ХОСТ:ПОРТ түріндегі мекенжай керек",
		SrvStoreBusy:        "%s (онымен сервер жұмыс істеп тұрған жоқ па? онда --server МЕКЕНЖАЙ көрсетіңіз)",
		SrvTokenShown:       "%s құрылғы токені, мекеме %q; ол тек қазір көрсетіледі:",
		SrvOperatorShown:    "%s оператордың тіркелгі деректері; олар тек қазір көрсетіледі:",
		SrvFeederShown:      "%s деректер жеткізушісінің тіркелгі деректері; олар тек қазір көрсетіледі:",
		SrvOwnerShown:       "%s иесінің тіркелгі деректері, мекеме %q (кіру: /owner/); олар тек қазір көрсетіледі:",
		SrvRevoked:          "кері қайтарылды: %s",
		SrvNotDeviceID:      "%q құрылғы токенінің идентификаторы емес (олар %q деп басталады)",
		SrvNotOperatorID:    "%q оператор тіркелгісінің идентификаторы емес (олар %q деп басталады)",
		SrvNotFeederID:      "%q деректер жеткізушісі тіркелгісінің идентификаторы емес (олар %q деп басталады)",
		SrvNotOwnerID:       "%q иесі тіркелгісінің идентификаторы емес (олар %q деп басталады)",
		SrvKioskCode: "қосылу коды %s: киоск %s, есік %s (%s), мекеме %q; бір рет, %s дейін жарамды.\n" +
			"Оны жаңа киоскте теріңіз (ashyq-kiosk enrol КОД) немесе иесінің беті көрсеткендей көрсетіңіз:",
		SrvSeeHelp: "%s қараңыз",

		SrvUnexpectedArg:  "артық аргумент %q (бәрі параметрлермен беріледі; --help қараңыз)",
		SrvTLSPair:        "--tls-cert пен --tls-key бірге көрсетіледі",
		SrvListen:         "--listen: %v",
		SrvDemoListen:     "--demo %s мекенжайын тыңдамайды: демо токен жалпыға белгілі, сондықтан демо режимі тек жергілікті мекенжайды тыңдайды (127.0.0.1, ::1 немесе localhost)",
		SrvNeedStore:      "--data КАТАЛОГ немесе --store МЕКЕНЖАЙ керек (немесе --demo)",
		SrvTrustedProxy:   "--trusted-proxy: %v",
		SrvAuditRetention: "--audit-retention %q: кемінде бір тәулік ұзақтық керек, мысалы 1095d",
		SrvTokenFlag:      "--token: ТОКЕН=МЕКЕМЕ түрінде болуы керек",
		SrvTokenFlagVenue: "--token, %q мекемесі: %s",

		SrvKeysCommand:   "%q: белгісіз пәрмен немесе аргумент саны қате",
		SrvMigrateStore:  "тек --store postgres://... керек, басқа ештеңе емес (bbolt файлы ашылғанда өзі жаңартылады)",
		SrvEnrolIIN:      "--iin: %v",
		SrvEnrolTTLRange: "--ttl 1m және %s аралығында болуы керек",

		SrvOneStore:      "мыналардың дәл біреуін көрсетіңіз: --data КАТАЛОГ немесе --store МЕКЕНЖАЙ",
		SrvRegistryCmd:   "белгісіз пәрмен %q (ashyq-server registry --help қараңыз)",
		SrvRegistryFiles: "кемінде бір NDJSON файлын көрсетіңіз",
		SrvAuditArg:      "артық аргумент %q",
		SrvAuditLimit:    "--limit %d: 1 мен %d аралығы керек",
		SrvAuditMore:     "тағы жазбалар бар: --after %d",

		SrvPassIIN:    "--iin үшін дұрыс ЖСН керек (--help қараңыз)",
		SrvPassDemo:   "--demo параметрін --data, --store немесе --server параметрлерімен бірге көрсетуге болмайды",
		SrvPassIssued: "%s рұқсатнамасы, иесі %s: мәртебесі %s, %s дейін жарамды (кілт %s)",

		SrvTokenFile:      "токендер файлы: %s",
		SrvTokenFileMode:  "%s токендер файлының рұқсаттары %04o, оны басқа пайдаланушылар оқи алады, ал онда құпиялар бар: chmod 600 %s",
		SrvTokenFileSize:  "%s токендер файлы: %d байттан үлкен",
		SrvTokenFileLine:  "%s:%d токендер файлы: ТОКЕН=МЕКЕМЕ немесе ТОКЕН МЕКЕМЕ түрінде болуы керек",
		SrvTokenFileChars: "%s:%d токендер файлы: токенде бос орын, басқару таңбалары немесе ASCII емес таңбалар бар",
		SrvTokenFileTwice: "%s:%d токендер файлы: бұл токен тізімде екі рет бар",
		SrvTokenFileLong:  "%s токендер файлы: жол тым ұзын",
	})
}
