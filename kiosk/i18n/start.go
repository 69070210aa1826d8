package i18n

// What ashyq-kiosk says on the console before its screen is up, or instead
// of it: bad flags, a missing or broken configuration, a data directory or
// outbox it cannot open, and what it says when it stops. Flags, config
// keys, paths and commands stay as they are typed.
const (
	StartUnexpectedArg Key = "start.unexpected_arg"
	StartDemoAndConfig Key = "start.demo_and_config"
	StartNoConfig      Key = "start.no_config"
	StartNotice        Key = "start.notice"
	// StartNoTerminal: %s is StartStdin or StartStdout.
	StartNoTerminal Key = "start.no_terminal"
	StartStdin      Key = "start.stdin"
	StartStdout     Key = "start.stdout"
	StartWallet     Key = "start.wallet"
	StartDemo       Key = "start.demo"
	StartDemoDir    Key = "start.demo_dir"
	StartDemoLog    Key = "start.demo_log"
	StartDemoServer Key = "start.demo_upstream"
	StartDemoWallet Key = "start.demo_wallet"
	// StartPending: records the headless kiosk could not deliver before
	// its flush timeout; StartPendingTUI the same when the screen quits.
	StartPending    Key = "start.pending"
	StartPendingTUI Key = "start.pending_tui"
	StartUIFailed   Key = "start.ui_failed"

	StartDataDir       Key = "start.data_dir"
	StartDataNotDir    Key = "start.data_not_dir"
	StartDataPrivate   Key = "start.data_private"
	StartLogOverScreen Key = "start.log_over_screen"
	StartLogFile       Key = "start.log_file"
	StartOutboxLocked  Key = "start.outbox_locked"
	StartOutboxOpen    Key = "start.outbox_open"
	StartCANoPEM       Key = "start.ca_no_pem"
	StartUpstream      Key = "start.upstream"
	StartPassKeys      Key = "start.pass_keys"
	StartSound         Key = "start.sound"

	StartInputEnded      Key = "start.input_ended"
	StartAfterEnrol      Key = "start.after_enrol"
	StartEnrolUsage      Key = "start.enrol_usage"
	StartAlreadyEnrolled Key = "start.already_enrolled"
	StartNotEnrolled     Key = "start.not_enrolled"
	StartBlank           Key = "start.blank"
	StartCheckOnePayload Key = "start.check_one_payload"

	// A command line's flags, as the flag package finds them (sync/cli).
	FlagUnknown   Key = "flag.unknown"
	FlagBadValue  Key = "flag.bad_value"
	FlagNeedsArg  Key = "flag.needs_arg"
	FlagBadSyntax Key = "flag.bad_syntax"
	FlagSeeHelp   Key = "flag.see_help"
)

func init() {
	add(en, map[Key]string{
		StartUnexpectedArg: "unexpected argument %q (see --help)",
		StartDemoAndConfig: "--demo and --config exclude each other",
		StartNoConfig:      "no configuration at %s: pass --config FILE, or try --demo",
		StartNotice:        "notice: %s",
		StartNoTerminal: "the full-screen kiosk needs a terminal, and its %s is not one.\n" +
			"Run it on the entrance PC's console (for a systemd unit: StandardInput=tty,\n" +
			"StandardOutput=tty, TTYPath=/dev/tty1), or use --headless to read one payload\n" +
			"per line from standard input and print JSON verdicts.",
		StartStdin:      "standard input",
		StartStdout:     "standard output",
		StartWallet:     "Wallet: open %s in a browser, enrol with IIN %s and code %s (valid for an hour, once).",
		StartDemo:       "demo: %s",
		StartDemoDir:    "demo data directory: %s",
		StartDemoLog:    "demo log: %s",
		StartDemoServer: "demo upstream: %s",
		StartDemoWallet: "demo wallet: %s",
		StartPending:    "records still waiting to sync: %d (kept in the outbox, sent at the next start)",
		StartPendingTUI: "records waiting in the outbox: %d; they are sent at the next start",
		StartUIFailed:   "%s (log: %s)",

		StartDataDir:       "data directory: %s",
		StartDataNotDir:    "data directory %s is not a directory",
		StartDataPrivate:   "data directory %s is mode %04o (open to other users) and cannot be made private: %s; run chmod 700 %s",
		StartLogOverScreen: "log to stderr (--log -) would write over the kiosk's screen on this terminal; use it under systemd (stderr goes to the journal) or log to a file",
		StartLogFile:       "log file: %s",
		StartOutboxLocked:  "the outbox %s is held by another process (is another ashyq-kiosk using data directory %s?)",
		StartOutboxOpen:    "cannot open the outbox %s: %s",
		StartCANoPEM:       "upstream.ca_file: %s holds no PEM certificate",
		StartUpstream:      "upstream: %s",
		StartPassKeys:      "pass keys: %s",
		StartSound:         "sound: %s",

		StartInputEnded:      "the input ended before the kiosk was enrolled",
		StartAfterEnrol:      "after enrolling: %s",
		StartEnrolUsage:      "usage: ashyq-kiosk enrol [--config FILE] [--data DIR] CODE",
		StartAlreadyEnrolled: "this kiosk is already venue %q's %s; to enrol it again, remove %s first",
		StartNotEnrolled:     "not enrolled: %s",
		StartBlank: "this kiosk is not enrolled yet (no device token, no venue).\n" +
			"Make a code on your venue's owner page (Add a door) and show it to the camera,\n" +
			"type it here, or run: ashyq-kiosk enrol CODE",
		StartCheckOnePayload: "want exactly one PAYLOAD (quote a pass: it holds spaces)",

		FlagUnknown:   "flag provided but not defined: -%s",
		FlagBadValue:  "invalid value %q for flag -%s",
		FlagNeedsArg:  "flag needs an argument: -%s",
		FlagBadSyntax: "bad flag syntax: %s",
		FlagSeeHelp:   "see %s --help",
	})
	add(ru, map[Key]string{
		StartUnexpectedArg: "лишний аргумент %q (см. --help)",
		StartDemoAndConfig: "--demo и --config нельзя указывать вместе",
		StartNoConfig:      "нет файла настроек %s: укажите --config ФАЙЛ или попробуйте --demo",
		StartNotice:        "обратите внимание: %s",
		StartNoTerminal: "полноэкранному киоску нужен терминал, а его %s — не терминал.\n" +
			"Запустите киоск на консоли компьютера у входа (для службы systemd:\n" +
			"StandardInput=tty, StandardOutput=tty, TTYPath=/dev/tty1) или с --headless:\n" +
			"тогда он читает коды по одному на строку со стандартного ввода и печатает вердикты в JSON.",
		StartStdin:      "стандартный ввод",
		StartStdout:     "стандартный вывод",
		StartWallet:     "Кошелёк: откройте %s в браузере и зарегистрируйтесь с ИИН %s и кодом %s (код действует час, один раз).",
		StartDemo:       "демо: %s",
		StartDemoDir:    "каталог данных демо: %s",
		StartDemoLog:    "журнал демо: %s",
		StartDemoServer: "демо-сервер: %s",
		StartDemoWallet: "демо-кошелёк: %s",
		StartPending:    "ещё не отправлено записей: %d (они остаются в файле записей и уйдут при следующем запуске)",
		StartPendingTUI: "в файле записей ждут отправки: %d; они уйдут при следующем запуске",
		StartUIFailed:   "%s (журнал: %s)",

		StartDataDir:       "каталог данных: %s",
		StartDataNotDir:    "каталог данных %s — не каталог",
		StartDataPrivate:   "каталог данных %s имеет права %04o (открыт другим пользователям), и закрыть его не удалось: %s; выполните chmod 700 %s",
		StartLogOverScreen: "журнал в stderr (--log -) писался бы поверх экрана киоска на этом терминале; так запускайте киоск под systemd (stderr уходит в журнал службы) или пишите журнал в файл",
		StartLogFile:       "файл журнала: %s",
		StartOutboxLocked:  "файл записей %s занят другим процессом (не работает ли другой ashyq-kiosk с каталогом данных %s?)",
		StartOutboxOpen:    "не открывается файл записей %s: %s",
		StartCANoPEM:       "upstream.ca_file: в %s нет сертификата PEM",
		StartUpstream:      "сервер: %s",
		StartPassKeys:      "ключи пропусков: %s",
		StartSound:         "звук: %s",

		StartInputEnded:      "ввод закончился раньше, чем киоск был подключён",
		StartAfterEnrol:      "после подключения: %s",
		StartEnrolUsage:      "использование: ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД",
		StartAlreadyEnrolled: "этот киоск уже подключён (заведение %q, киоск %s); чтобы подключить его заново, сначала удалите %s",
		StartNotEnrolled:     "не подключён: %s",
		StartBlank: "этот киоск ещё не подключён (нет ни токена устройства, ни заведения).\n" +
			"Создайте код на странице владельца заведения («Добавить дверь») и покажите его камере,\n" +
			"введите его здесь или выполните: ashyq-kiosk enrol КОД",
		StartCheckOnePayload: "нужен ровно один код для проверки (пропуск берите в кавычки: в нём есть пробелы)",

		FlagUnknown:   "неизвестный параметр -%s",
		FlagBadValue:  "недопустимое значение %q для параметра -%s",
		FlagNeedsArg:  "для параметра -%s нужно значение",
		FlagBadSyntax: "неверная запись параметра: %s",
		FlagSeeHelp:   "см. %s --help",
	})
	add(kk, map[Key]string{
		StartUnexpectedArg: "артық аргумент %q (--help қараңыз)",
		StartDemoAndConfig: "--demo мен --config бірге көрсетілмейді",
		StartNoConfig:      "%s баптау файлы жоқ: --config ФАЙЛ көрсетіңіз немесе --demo арқылы іске қосып көріңіз",
		StartNotice:        "назар аударыңыз: %s",
		StartNoTerminal: "толық экранды киоскқа терминал керек, ал оның %s терминал емес.\n" +
			"Киоскты кіреберістегі компьютердің консолінде іске қосыңыз (systemd қызметі үшін:\n" +
			"StandardInput=tty, StandardOutput=tty, TTYPath=/dev/tty1) немесе --headless арқылы:\n" +
			"сонда ол кодтарды стандартты енгізуден жол-жолымен оқып, шешімдерді JSON түрінде шығарады.",
		StartStdin:      "стандартты енгізуі",
		StartStdout:     "стандартты шығаруы",
		StartWallet:     "Әмиян: %s бетін браузерде ашып, ЖСН %s және %s кодымен тіркеліңіз (код бір сағат, бір рет жарамды).",
		StartDemo:       "демо: %s",
		StartDemoDir:    "демо деректер каталогы: %s",
		StartDemoLog:    "демо журналы: %s",
		StartDemoServer: "демо сервер: %s",
		StartDemoWallet: "демо әмиян: %s",
		StartPending:    "әлі жіберілмеген жазбалар: %d (олар жазбалар файлында қалады және келесі іске қосылғанда жіберіледі)",
		StartPendingTUI: "жазбалар файлында жіберуді күтіп тұр: %d; олар келесі іске қосылғанда жіберіледі",
		StartUIFailed:   "%s (журнал: %s)",

		StartDataDir:       "деректер каталогы: %s",
		StartDataNotDir:    "%s деректер каталогы каталог емес",
		StartDataPrivate:   "%s деректер каталогының рұқсаттары %04o (басқа пайдаланушыларға ашық), оны жабу мүмкін болмады: %s; chmod 700 %s орындаңыз",
		StartLogOverScreen: "stderr-ге жазылған журнал (--log -) осы терминалдағы киоск экранының үстінен жазылар еді; киоскты бұлай systemd астында іске қосыңыз (stderr қызмет журналына кетеді) немесе журналды файлға жазыңыз",
		StartLogFile:       "журнал файлы: %s",
		StartOutboxLocked:  "%s жазбалар файлын басқа процесс ұстап тұр (%s деректер каталогымен басқа ashyq-kiosk жұмыс істеп тұрған жоқ па?)",
		StartOutboxOpen:    "%s жазбалар файлы ашылмайды: %s",
		StartCANoPEM:       "upstream.ca_file: %s ішінде PEM сертификаты жоқ",
		StartUpstream:      "сервер: %s",
		StartPassKeys:      "рұқсатнама кілттері: %s",
		StartSound:         "дыбыс: %s",

		StartInputEnded:      "киоск қосылмай тұрып енгізу аяқталды",
		StartAfterEnrol:      "қосылғаннан кейін: %s",
		StartEnrolUsage:      "қолданылуы: ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД",
		StartAlreadyEnrolled: "бұл киоск қосылған (мекеме %q, киоск %s); қайта қосу үшін алдымен %s файлын өшіріңіз",
		StartNotEnrolled:     "қосылмады: %s",
		StartBlank: "бұл киоск әлі қосылмаған (құрылғы токені де, мекеме де жоқ).\n" +
			"Мекеме иесінің бетінде код жасап («Есік қосу»), оны камераға көрсетіңіз,\n" +
			"осында теріңіз немесе мынаны орындаңыз: ashyq-kiosk enrol КОД",
		StartCheckOnePayload: "тексеруге дәл бір код керек (рұқсатнаманы тырнақшаға алыңыз: онда бос орындар бар)",

		FlagUnknown:   "белгісіз параметр -%s",
		FlagBadValue:  "%q мәні -%s параметріне жарамсыз",
		FlagNeedsArg:  "-%s параметріне мән керек",
		FlagBadSyntax: "параметр қате жазылған: %s",
		FlagSeeHelp:   "%s --help қараңыз",
	})
}
