package i18n

// What is wrong with a configuration file, for the installer at the
// console: config.Load publishes these as Errors, and the kiosk says them
// in the operator's language. Keys, paths and values stay as written in
// the file; values arrive already quoted (%q), so what a file holds cannot
// move the cursor.
const (
	// CfgAt: %s the file, %s the problem (one line of a joined error).
	CfgAt Key = "cfg.at"
	// CfgKey: %s the config key, %s what is wrong with its value.
	CfgKey Key = "cfg.key"
	// CfgLineKey: %s file, %d line, %s key, %s the problem.
	CfgLineKey Key = "cfg.line_key"
	// CfgLine: %s file, %d line, %s the problem.
	CfgLine Key = "cfg.line"
	// CfgCannotRead: %s the file, %s why (said by Say).
	CfgCannotRead   Key = "cfg.cannot_read"
	CfgUnknownKey   Key = "cfg.unknown_key"
	CfgTokenMissing Key = "cfg.token_file_missing"
	CfgTokenBoth    Key = "cfg.token_both"
	CfgTokenRead    Key = "cfg.token_read"
	CfgEnrolRead    Key = "cfg.enrolment_read"
	CfgEnrolDamaged Key = "cfg.enrolment_damaged"
	CfgVenueClash   Key = "cfg.venue_clash"

	// The TOML file's own syntax, as the decoder finds it.
	CfgSyntax       Key = "cfg.syntax"
	CfgNoValue      Key = "cfg.no_value"
	CfgLineEnd      Key = "cfg.line_end"
	CfgNoEquals     Key = "cfg.no_equals"
	CfgEarlyEnd     Key = "cfg.early_end"
	CfgStringNL     Key = "cfg.string_newline"
	CfgDuplicateKey Key = "cfg.duplicate_key"
	// CfgWrongType: %s the kind of value wanted, %s the kind found
	// (CfgType* below).
	CfgWrongType  Key = "cfg.wrong_type"
	CfgTypeString Key = "cfg.type.string"
	CfgTypeInt    Key = "cfg.type.integer"
	CfgTypeFloat  Key = "cfg.type.float"
	CfgTypeBool   Key = "cfg.type.bool"
	CfgTypeList   Key = "cfg.type.list"
	CfgTypeTable  Key = "cfg.type.table"
	CfgTypeTime   Key = "cfg.type.time"

	// Values, as Validate finds them.
	CfgRequired        Key = "cfg.required"
	CfgURLRequired     Key = "cfg.url_required"
	CfgTokenRequired   Key = "cfg.token_required"
	CfgCameraRequired  Key = "cfg.camera_required"
	CfgLogRequired     Key = "cfg.log_required"
	CfgSoundRequired   Key = "cfg.sound_required"
	CfgNotAllowed      Key = "cfg.not_allowed"
	CfgNumNotAllowed   Key = "cfg.num_not_allowed"
	CfgIdent           Key = "cfg.ident"
	CfgOutOfRange      Key = "cfg.out_of_range"
	CfgCapacityRange   Key = "cfg.capacity_range"
	CfgMaxStayRange    Key = "cfg.max_stay_range"
	CfgSaverRange      Key = "cfg.saver_range"
	CfgBudgetRange     Key = "cfg.budget_range"
	CfgNotDuration     Key = "cfg.not_duration"
	CfgNotBudget       Key = "cfg.not_budget"
	CfgNotTimeOfDay    Key = "cfg.not_time_of_day"
	CfgTimeZone        Key = "cfg.time_zone"
	CfgNotURL          Key = "cfg.not_url"
	CfgURLCredentials  Key = "cfg.url_credentials"
	CfgURLQuery        Key = "cfg.url_query"
	CfgTokenChars      Key = "cfg.token_chars"
	CfgPlainHTTP       Key = "cfg.plain_http"
	CfgCAWithHTTP      Key = "cfg.ca_with_http"
	CfgCameraDevice    Key = "cfg.camera_device"
	CfgPIN             Key = "cfg.pin"
	CfgMetricsHostPort Key = "cfg.metrics_host_port"
	CfgMetricsRemote   Key = "cfg.metrics_remote"
	CfgTooManyDevices  Key = "cfg.too_many_devices"
	CfgBadPattern      Key = "cfg.bad_pattern"
	CfgScannerPath     Key = "cfg.scanner_path"
	CfgScannerPathAuto Key = "cfg.scanner_path_auto"
	CfgCodeNotPair     Key = "cfg.code_not_pair"
	CfgCodeName        Key = "cfg.code_name"
	CfgCodeDigits      Key = "cfg.code_digits"
	CfgCodeNameTwice   Key = "cfg.code_name_twice"
	CfgCodeIsPIN       Key = "cfg.code_is_pin"
	CfgCodeSame        Key = "cfg.code_same"
	// CfgLegacyAllow and CfgLegacyDeny are the notices of an old
	// offline.policy, mapped to today's; %s is the file.
	CfgLegacyAllow Key = "cfg.legacy_allow"
	CfgLegacyDeny  Key = "cfg.legacy_deny"
)

func init() {
	add(en, map[Key]string{
		CfgAt:           "%s: %s",
		CfgKey:          "%s: %s",
		CfgLineKey:      "%s: line %d: %s: %s",
		CfgLine:         "%s: line %d: %s",
		CfgCannotRead:   "%s: %s",
		CfgUnknownKey:   "%s: unknown key %s (see config.example.toml for every key)",
		CfgTokenMissing: "%s: upstream.token_file: %s does not exist (and this kiosk is not enrolled: put its device token there, or remove device.venue and enrol it with a code from the owner's page)",
		CfgTokenBoth:    "upstream.token and upstream.token_file are both set: keep one",
		CfgTokenRead:    "upstream.token_file: %s",
		CfgEnrolRead:    "read enrolment: %s",
		CfgEnrolDamaged: "%s is damaged: remove it and enrol this kiosk again",
		CfgVenueClash:   "device.venue is %q but this kiosk was enrolled at venue %q (%s): remove one of them",

		CfgSyntax:       "not valid TOML here",
		CfgNoValue:      "expected a value but found %s (text is written in quotes: \"...\")",
		CfgLineEnd:      "expected the end of the line after the value, but found %s",
		CfgNoEquals:     "expected '=' after the key, but found %s",
		CfgEarlyEnd:     "the file ends in the middle of a line (a quote or a bracket is not closed)",
		CfgStringNL:     "the text in quotes does not end on its line: its closing quote is missing",
		CfgDuplicateKey: "key %s is set twice",
		CfgWrongType:    "%s is wanted here, not %s",
		CfgTypeString:   "a text in quotes",
		CfgTypeInt:      "a whole number",
		CfgTypeFloat:    "a number with a fraction",
		CfgTypeBool:     "true or false",
		CfgTypeList:     "a list in brackets [...]",
		CfgTypeTable:    "a table",
		CfgTypeTime:     "a date and time",

		CfgRequired:        "is required",
		CfgURLRequired:     "is required (for example \"https://ashyq.example/\")",
		CfgTokenRequired:   "is required (or set upstream.token_file, or ASHYQ_UPSTREAM_TOKEN)",
		CfgCameraRequired:  "is required (auto, off, or a device path such as /dev/v4l/by-id/...)",
		CfgLogRequired:     "is required (a path; relative paths are inside storage.data_dir)",
		CfgSoundRequired:   "is required when sound is enabled (\"default\" is the usual one)",
		CfgNotAllowed:      "%q is not allowed (use %s)",
		CfgNumNotAllowed:   "%d is not allowed (use %s)",
		CfgIdent:           "%q must be 1 to 64 letters, digits, '-', '_' or '.'",
		CfgOutOfRange:      "%v is out of range (%v to %v)",
		CfgCapacityRange:   "%d is out of range (0 for no limit, up to 1000000)",
		CfgMaxStayRange:    "%s is out of range (0 for never, or 10m to 168h)",
		CfgSaverRange:      "%s is out of range (0 for never, or 10s to 24h)",
		CfgBudgetRange:     "%s is out of range (use \"auto\", or %s to %s)",
		CfgNotDuration:     "%s is not a duration (write it like \"4s\", \"15m\", \"24h\")",
		CfgNotBudget:       "%s is not \"auto\" or a duration (write it like \"20ms\")",
		CfgNotTimeOfDay:    "%q is not a time of day (write it like \"23:00\")",
		CfgTimeZone:        "%q is not an IANA time zone (like \"Asia/Almaty\")",
		CfgNotURL:          "%q is not an http:// or https:// URL",
		CfgURLCredentials:  "must not carry a user name or password: the device token (upstream.token) is the kiosk's credential",
		CfgURLQuery:        "%q must not have a query (?...) or a fragment (#...)",
		CfgTokenChars:      "holds spaces, control or non-ASCII characters: copy the device token again, exactly",
		CfgPlainHTTP:       "%q is plain http to another machine: the token and every IIN would cross the network unencrypted; use https:// (with upstream.ca_file for your own CA), or set upstream.allow_plain_http = true",
		CfgCAWithHTTP:      "is set but upstream.url is http://, which uses no certificate",
		CfgCameraDevice:    "%q is not allowed (use auto, off, or a path under /dev/)",
		CfgPIN:             "must be 4 to 8 digits (or empty to disable the owner menu)",
		CfgMetricsHostPort: "%q is not host:port (for example 127.0.0.1:9309)",
		CfgMetricsRemote:   "%q is not a loopback address; the metrics name this device and venue, so set metrics.allow_remote = true to serve them on another network",
		CfgTooManyDevices:  "lists %d devices; at most %d",
		CfgBadPattern:      "%q is not a valid pattern (check its brackets)",
		CfgScannerPath:     "%q is not allowed (use a path or pattern under /dev/)",
		CfgScannerPathAuto: "%q is not allowed (use a path or pattern under /dev/, or \"auto\")",
		CfgCodeNotPair:     "entry %d is not \"name:code\"",
		CfgCodeName:        "entry %d: the name must be 1 to 64 letters, digits, '-', '_' or '.'",
		CfgCodeDigits:      "entry %d (%s): the code must be 4 to 8 digits",
		CfgCodeNameTwice:   "entry %d: the name %s is used twice (\"owner\" is the owner PIN's)",
		CfgCodeIsPIN:       "entry %d (%s): the code is the owner PIN: each code must name one person",
		CfgCodeSame:        "entries %d and %d have the same code: each code must name one person",
		CfgLegacyAllow: "%s: offline.policy = \"allow\" (let in as BLUE) no longer exists: a person nobody could check " +
			"is never shown a colour. Mapped to \"admit\": let in and recorded as NOT CHECKED. " +
			"The default \"ask\" refuses unless door staff let the person in with a staff code and a reason " +
			"(see [override]); set offline.policy to \"ask\", \"refuse\" or \"admit\" to silence this notice",
		CfgLegacyDeny: "%s: offline.policy = \"deny\" is now called \"refuse\"; mapped, nothing changes",
	})
	add(ru, map[Key]string{
		CfgAt:           "%s: %s",
		CfgKey:          "%s: %s",
		CfgLineKey:      "%s: строка %d: %s: %s",
		CfgLine:         "%s: строка %d: %s",
		CfgCannotRead:   "%s: %s",
		CfgUnknownKey:   "%s: неизвестный ключ %s (все ключи описаны в config.example.toml)",
		CfgTokenMissing: "%s: upstream.token_file: файла %s нет (а киоск не подключён: положите туда токен устройства или уберите device.venue и подключите киоск кодом со страницы владельца)",
		CfgTokenBoth:    "заданы и upstream.token, и upstream.token_file: оставьте что-то одно",
		CfgTokenRead:    "upstream.token_file: %s",
		CfgEnrolRead:    "не читается файл подключения: %s",
		CfgEnrolDamaged: "файл %s повреждён: удалите его и подключите киоск заново",
		CfgVenueClash:   "в device.venue указано %q, а киоск подключён к заведению %q (%s): уберите одно из двух",

		CfgSyntax:       "здесь ошибка в синтаксисе TOML",
		CfgNoValue:      "ожидалось значение, а найдено %s (текст пишется в кавычках: \"...\")",
		CfgLineEnd:      "после значения ожидался конец строки, а найдено %s",
		CfgNoEquals:     "после ключа ожидался знак '=', а найдено %s",
		CfgEarlyEnd:     "файл обрывается посреди строки (не закрыта кавычка или скобка)",
		CfgStringNL:     "текст в кавычках не заканчивается на своей строке: нет закрывающей кавычки",
		CfgDuplicateKey: "ключ %s задан дважды",
		CfgWrongType:    "здесь нужно %s, а не %s",
		CfgTypeString:   "текст в кавычках",
		CfgTypeInt:      "целое число",
		CfgTypeFloat:    "дробное число",
		CfgTypeBool:     "true или false",
		CfgTypeList:     "список в скобках [...]",
		CfgTypeTable:    "таблица",
		CfgTypeTime:     "дата и время",

		CfgRequired:        "обязателен",
		CfgURLRequired:     "обязателен (например, \"https://ashyq.example/\")",
		CfgTokenRequired:   "обязателен (или укажите upstream.token_file, или ASHYQ_UPSTREAM_TOKEN)",
		CfgCameraRequired:  "обязателен (auto, off или путь к устройству, например /dev/v4l/by-id/...)",
		CfgLogRequired:     "обязателен (путь; относительный путь считается от storage.data_dir)",
		CfgSoundRequired:   "обязателен, когда звук включён (обычно \"default\")",
		CfgNotAllowed:      "значение %q недопустимо (возможны: %s)",
		CfgNumNotAllowed:   "значение %d недопустимо (возможны: %s)",
		CfgIdent:           "%q: нужно от 1 до 64 латинских букв, цифр, '-', '_' или '.'",
		CfgOutOfRange:      "%v вне допустимых пределов (от %v до %v)",
		CfgCapacityRange:   "%d вне допустимых пределов (0 — без ограничения, иначе до 1000000)",
		CfgMaxStayRange:    "%s вне допустимых пределов (0 — никогда, иначе от 10m до 168h)",
		CfgSaverRange:      "%s вне допустимых пределов (0 — никогда, иначе от 10s до 24h)",
		CfgBudgetRange:     "%s вне допустимых пределов (\"auto\" или от %s до %s)",
		CfgNotDuration:     "%s — не длительность (пишется так: \"4s\", \"15m\", \"24h\")",
		CfgNotBudget:       "%s — не \"auto\" и не длительность (пишется так: \"20ms\")",
		CfgNotTimeOfDay:    "%q — не время суток (пишется так: \"23:00\")",
		CfgTimeZone:        "%q — не часовой пояс IANA (например, \"Asia/Almaty\")",
		CfgNotURL:          "%q — не адрес http:// или https://",
		CfgURLCredentials:  "не должен содержать имя пользователя или пароль: киоск входит по токену устройства (upstream.token)",
		CfgURLQuery:        "в %q не должно быть запроса (?...) или фрагмента (#...)",
		CfgTokenChars:      "содержит пробелы, управляющие символы или символы не из ASCII: скопируйте токен устройства заново, в точности",
		CfgPlainHTTP:       "%q — соединение с другой машиной без шифрования (http://): токен и каждый ИИН шли бы по сети открыто; используйте https:// (с upstream.ca_file для своего центра сертификации) или задайте upstream.allow_plain_http = true",
		CfgCAWithHTTP:      "задан, но upstream.url начинается с http://, где сертификат не используется",
		CfgCameraDevice:    "значение %q недопустимо (возможны: auto, off или путь в /dev/)",
		CfgPIN:             "нужно от 4 до 8 цифр (или пусто, чтобы отключить меню владельца)",
		CfgMetricsHostPort: "%q — не адрес вида хост:порт (например, 127.0.0.1:9309)",
		CfgMetricsRemote:   "%q — не локальный адрес; метрики называют это устройство и заведение, поэтому для доступа из другой сети задайте metrics.allow_remote = true",
		CfgTooManyDevices:  "устройств в списке: %d, а можно не больше %d",
		CfgBadPattern:      "%q — неверный шаблон (проверьте скобки)",
		CfgScannerPath:     "значение %q недопустимо (нужен путь или шаблон в /dev/)",
		CfgScannerPathAuto: "значение %q недопустимо (нужен путь или шаблон в /dev/ либо \"auto\")",
		CfgCodeNotPair:     "запись %d не имеет вида \"имя:код\"",
		CfgCodeName:        "запись %d: в имени нужно от 1 до 64 латинских букв, цифр, '-', '_' или '.'",
		CfgCodeDigits:      "запись %d (%s): в коде нужно от 4 до 8 цифр",
		CfgCodeNameTwice:   "запись %d: имя %s встречается дважды (\"owner\" — имя PIN-кода владельца)",
		CfgCodeIsPIN:       "запись %d (%s): этот код совпадает с PIN-кодом владельца, а каждый код должен принадлежать одному человеку",
		CfgCodeSame:        "у записей %d и %d одинаковый код, а каждый код должен принадлежать одному человеку",
		CfgLegacyAllow: "%s: offline.policy = \"allow\" (впускать как СИНИЙ) больше не существует: человеку, которого никто не смог проверить, " +
			"цвет не показывается. Заменено на \"admit\": впустить и записать как НЕ ПРОВЕРЕН. " +
			"По умолчанию \"ask\" отказывает, если только сотрудник не впустит человека своим кодом с указанием причины " +
			"(см. [override]); чтобы убрать это уведомление, задайте offline.policy = \"ask\", \"refuse\" или \"admit\"",
		CfgLegacyDeny: "%s: offline.policy = \"deny\" теперь называется \"refuse\"; заменено, ничего не меняется",
	})
	add(kk, map[Key]string{
		CfgAt:           "%s: %s",
		CfgKey:          "%s: %s",
		CfgLineKey:      "%s: %d-жол: %s: %s",
		CfgLine:         "%s: %d-жол: %s",
		CfgCannotRead:   "%s: %s",
		CfgUnknownKey:   "%s: белгісіз кілт %s (барлық кілттің сипаттамасы config.example.toml файлында)",
		CfgTokenMissing: "%s: upstream.token_file: %s файлы жоқ (ал киоск қосылмаған: оған құрылғы токенін салыңыз немесе device.venue кілтін алып тастап, киоскты иесінің бетіндегі кодпен қосыңыз)",
		CfgTokenBoth:    "upstream.token да, upstream.token_file да көрсетілген: біреуін қалдырыңыз",
		CfgTokenRead:    "upstream.token_file: %s",
		CfgEnrolRead:    "қосылу файлы оқылмайды: %s",
		CfgEnrolDamaged: "%s файлы бүлінген: оны өшіріп, киоскты қайта қосыңыз",
		CfgVenueClash:   "device.venue ішінде %q көрсетілген, ал киоск %q мекемесіне қосылған (%s): екеуінің бірін алып тастаңыз",

		CfgSyntax:       "мұнда TOML синтаксисінде қате бар",
		CfgNoValue:      "мән күтілген еді, бірақ %s табылды (мәтін тырнақшаға жазылады: \"...\")",
		CfgLineEnd:      "мәннен кейін жол соңы күтілген еді, бірақ %s табылды",
		CfgNoEquals:     "кілттен кейін '=' белгісі күтілген еді, бірақ %s табылды",
		CfgEarlyEnd:     "файл жолдың ортасында үзіледі (тырнақша немесе жақша жабылмаған)",
		CfgStringNL:     "тырнақшадағы мәтін өз жолында аяқталмайды: жабатын тырнақша жоқ",
		CfgDuplicateKey: "%s кілті екі рет көрсетілген",
		CfgWrongType:    "мұнда %s керек, %s емес",
		CfgTypeString:   "тырнақшадағы мәтін",
		CfgTypeInt:      "бүтін сан",
		CfgTypeFloat:    "бөлшек сан",
		CfgTypeBool:     "true немесе false",
		CfgTypeList:     "жақшадағы тізім [...]",
		CfgTypeTable:    "кесте",
		CfgTypeTime:     "күн мен уақыт",

		CfgRequired:        "міндетті",
		CfgURLRequired:     "міндетті (мысалы, \"https://ashyq.example/\")",
		CfgTokenRequired:   "міндетті (немесе upstream.token_file не ASHYQ_UPSTREAM_TOKEN көрсетіңіз)",
		CfgCameraRequired:  "міндетті (auto, off немесе құрылғы жолы, мысалы /dev/v4l/by-id/...)",
		CfgLogRequired:     "міндетті (жол; салыстырмалы жол storage.data_dir ішінде есептеледі)",
		CfgSoundRequired:   "дыбыс қосулы болғанда міндетті (әдетте \"default\")",
		CfgNotAllowed:      "%q мәніне рұқсат жоқ (мүмкін мәндер: %s)",
		CfgNumNotAllowed:   "%d мәніне рұқсат жоқ (мүмкін мәндер: %s)",
		CfgIdent:           "%q: 1-ден 64-ке дейін латын әрпі, сан, '-', '_' немесе '.' болуы керек",
		CfgOutOfRange:      "%v шектен тыс (рұқсат етілгені: %v – %v)",
		CfgCapacityRange:   "%d шектен тыс (0 — шектеусіз, әйтпесе 1000000-ға дейін)",
		CfgMaxStayRange:    "%s шектен тыс (0 — ешқашан, әйтпесе 10m – 168h)",
		CfgSaverRange:      "%s шектен тыс (0 — ешқашан, әйтпесе 10s – 24h)",
		CfgBudgetRange:     "%s шектен тыс (\"auto\" немесе %s – %s)",
		CfgNotDuration:     "%s ұзақтық емес (былай жазылады: \"4s\", \"15m\", \"24h\")",
		CfgNotBudget:       "%s \"auto\" те, ұзақтық та емес (былай жазылады: \"20ms\")",
		CfgNotTimeOfDay:    "%q тәулік уақыты емес (былай жазылады: \"23:00\")",
		CfgTimeZone:        "%q IANA уақыт белдеуі емес (мысалы, \"Asia/Almaty\")",
		CfgNotURL:          "%q http:// немесе https:// мекенжайы емес",
		CfgURLCredentials:  "ішінде пайдаланушы аты не құпиясөз болмауы керек: киоск құрылғы токенімен (upstream.token) кіреді",
		CfgURLQuery:        "%q ішінде сұраныс (?...) немесе фрагмент (#...) болмауы керек",
		CfgTokenChars:      "ішінде бос орын, басқару таңбалары немесе ASCII емес таңбалар бар: құрылғы токенін қайтадан дәл көшіріңіз",
		CfgPlainHTTP:       "%q — басқа машинамен шифрсыз байланыс (http://): токен мен әр ЖСН желіде ашық жүрер еді; https:// пайдаланыңыз (өз сертификаттау орталығыңыз үшін upstream.ca_file арқылы) немесе upstream.allow_plain_http = true деп көрсетіңіз",
		CfgCAWithHTTP:      "көрсетілген, бірақ upstream.url http:// деп басталады, онда сертификат қолданылмайды",
		CfgCameraDevice:    "%q мәніне рұқсат жоқ (мүмкін мәндер: auto, off немесе /dev/ ішіндегі жол)",
		CfgPIN:             "4-тен 8-ге дейін сан болуы керек (иесінің мәзірін өшіру үшін бос қалдырыңыз)",
		CfgMetricsHostPort: "%q хост:порт түріндегі мекенжай емес (мысалы, 127.0.0.1:9309)",
		CfgMetricsRemote:   "%q жергілікті мекенжай емес; метрикаларда осы құрылғы мен мекеме аталады, сондықтан басқа желіден ашу үшін metrics.allow_remote = true деп көрсетіңіз",
		CfgTooManyDevices:  "тізімдегі құрылғылар саны: %d, ал ең көбі %d болады",
		CfgBadPattern:      "%q дұрыс үлгі емес (жақшаларын тексеріңіз)",
		CfgScannerPath:     "%q мәніне рұқсат жоқ (/dev/ ішіндегі жол немесе үлгі керек)",
		CfgScannerPathAuto: "%q мәніне рұқсат жоқ (/dev/ ішіндегі жол немесе үлгі, не \"auto\" керек)",
		CfgCodeNotPair:     "%d-жазба \"аты:коды\" түрінде емес",
		CfgCodeName:        "%d-жазба: атында 1-ден 64-ке дейін латын әрпі, сан, '-', '_' немесе '.' болуы керек",
		CfgCodeDigits:      "%d-жазба (%s): кодта 4-тен 8-ге дейін сан болуы керек",
		CfgCodeNameTwice:   "%d-жазба: %s аты екі рет кездеседі (\"owner\" — иесінің PIN-кодының аты)",
		CfgCodeIsPIN:       "%d-жазба (%s): бұл код иесінің PIN-кодымен бірдей, ал әр код бір адамға тиесілі болуы керек",
		CfgCodeSame:        "%d және %d жазбалардың коды бірдей, ал әр код бір адамға тиесілі болуы керек",
		CfgLegacyAllow: "%s: offline.policy = \"allow\" (КӨК ретінде кіргізу) енді жоқ: ешкім тексере алмаған адамға түс көрсетілмейді. " +
			"\"admit\" мәніне ауыстырылды: кіргізіп, ТЕКСЕРУСІЗ деп тіркеу. " +
			"Әдепкі \"ask\" қызметкер адамды өз кодымен және себебін көрсетіп кіргізбесе, бас тартады " +
			"([override] бөлімін қараңыз); бұл хабарламаны өшіру үшін offline.policy мәнін \"ask\", \"refuse\" немесе \"admit\" деп көрсетіңіз",
		CfgLegacyDeny: "%s: offline.policy = \"deny\" енді \"refuse\" деп аталады; ауыстырылды, ештеңе өзгермейді",
	})
}
