package i18n

// --help of ashyq-kiosk and its subcommands, in the language ASHYQ_LANGUAGE or
// the locale names (no configuration is read for it). Flags, config keys,
// commands and environment variables stay as they are typed.
const (
	HelpMain              Key = "help.main"
	HelpKeys              Key = "help.keys"
	HelpCheck             Key = "help.check"
	HelpCheckExit         Key = "help.check_exit"
	HelpDoctor            Key = "help.doctor"
	HelpDoctorExit        Key = "help.doctor_exit"
	HelpEnrol             Key = "help.enrol"
	HelpDecode            Key = "help.decode"
	HelpFlags             Key = "help.flags"
	HelpDefault           Key = "help.default"
	HelpEnvHead           Key = "help.env_head"
	HelpEnvDemo           Key = "help.env_demo"
	HelpCamera            Key = "help.camera"
	HelpCameraYes         Key = "help.camera_yes"
	HelpCameraNo          Key = "help.camera_no"
	HelpExitCodes         Key = "help.exit_codes"
	HelpFailMain          Key = "help.fail_main"
	HelpFailEnrol         Key = "help.fail_enrol"
	HelpFlagConfig        Key = "help.flag_config"
	HelpFlagConfigDefault Key = "help.flag_config_default"
	HelpFlagDemo          Key = "help.flag_demo"
	HelpFlagHeadless      Key = "help.flag_headless"
	HelpFlagData          Key = "help.flag_data"
	HelpFlagFlush         Key = "help.flag_flush"
	HelpFlagLog           Key = "help.flag_log"
	HelpFlagVersion       Key = "help.flag_version"
	HelpFlagOffline       Key = "help.flag_offline"
	HelpFlagJSON          Key = "help.flag_j_s_o_n"
	HelpFlagCameraWindow  Key = "help.flag_camera_window"
)

func init() {
	add(en, map[Key]string{
		HelpMain:              "ashyq-kiosk %s: entrance kiosk that checks health status at the door.\n\nUsage:\n  ashyq-kiosk [--config FILE] [--headless] [--data DIR] [--log FILE]\n  ashyq-kiosk --demo [--headless] [--data DIR] [--log FILE]\n  ashyq-kiosk decode [--json] [--reveal] [--frame] IMAGE...\n  ashyq-kiosk check [--config FILE] [--data DIR] [--offline] PAYLOAD\n  ashyq-kiosk doctor [--config FILE] [--json]\n  ashyq-kiosk enrol [--config FILE] [--data DIR] CODE\n  ashyq-kiosk version\n\nModes:\n  (default)   full-screen terminal UI; staff type an IIN, a barcode scanner\n              or the camera reads codes\n  --headless  no UI: one payload per line on stdin, one JSON verdict per line\n              on stdout, printed only after the event is stored durably\n  --demo      embedded upstream on loopback with demo data; no config file,\n              network or camera needed\n  decode      read QR codes from PNG, JPEG or WebP files with the camera's\n              decoder; prints FILE<TAB>PAYLOAD; exit 1 if a file had none;\n              --frame: as the camera would, three frames of its time budget\n  check       judge one payload (IIN or pass) and print the JSON verdict,\n              recording nothing\n  doctor      check cameras, scanners, serial ports, upstream, token, clock,\n              storage and console font; each line OK or what to do\n  enrol       enrol a new kiosk with the one-time code from its venue's\n              owner page (Add a door): a typed code, or the QR code's text.\n              A kiosk that is not enrolled also takes the code at start:\n              shown to the camera, or as the first line with --headless\n\nSIGINT, SIGTERM or SIGHUP (the terminal hung up) stops cleanly; SIGUSR1 reopens the log file.\n",
		HelpKeys:              "Keys (full-screen kiosk):\n  digits, Enter   type an IIN (or a code's text) and check it; a barcode\n                  scanner types the same way\n  F3              on a refusal (red, yellow, full, not checked): let the\n                  person in with a staff code and a reason (override.codes)\n  F2 or ctrl+o    the owner menu: entrance or exit, language, capacity,\n                  closing time, the records' queue. Needs owner.pin; without\n                  one the screen says the menu is off\n  ctrl+c twice    quit (within 3 seconds; with owner.pin set, asks for it)\n",
		HelpCheck:             "Usage: ashyq-kiosk check [--config FILE] [--data DIR] [--offline] PAYLOAD\n\nJudges one payload (an IIN or a pass) with the same engine, configuration and\ndata directory as the kiosk, and prints the verdict as one JSON line, like\n--headless, without recording anything. It works while the kiosk runs; the\nstatus cache is then not consulted (the kiosk holds it), and says so.\n--offline does not ask the upstream: the pass, the cache or the policy decide.\n",
		HelpCheckExit:         "Exit codes:\n  0  a verdict (welcome, denied, full, goodbye, unchecked)\n  1  the payload is not accepted (\"reason\" says why) or cannot be judged\n  2  bad flags, arguments or configuration\n",
		HelpDoctor:            "Usage: ashyq-kiosk doctor [--config FILE] [--json]\n\nChecks this kiosk for an installer: cameras, input devices and serial ports\n(may the kiosk open each, which the config selects), the camera's frame rate,\nthe upstream and the device token, the clock, the data directory, the pass\nkeys, the console font and the sound output. Each line says OK or what to do,\nin the kiosk's language (device.language, or ASHYQ_LANGUAGE; without a\nreadable config, the locale's: LC_ALL, LC_MESSAGES, LANG).\n",
		HelpDoctorExit:        "Exit codes:\n  0  every check is OK\n  1  some check needs attention (the lines marked FAIL say what to do)\n  2  bad flags or arguments\n",
		HelpEnrol:             "Usage: ashyq-kiosk enrol [--config FILE] [--data DIR] CODE\n\nEnrols a new kiosk with the one-time code from its venue's owner page (Add a\ndoor): the code as typed, or the QR code's text (AQE1:CODE:URL). Needs\nupstream.url unless the QR text names it. The kiosk's identity and device\ntoken are kept in the data directory (enrolment.json, mode 0600, never shown).\n",
		HelpDecode:            "usage: ashyq-kiosk decode [--json] [--reveal] [--frame [--budget D]] IMAGE...\n\nDecodes the QR codes in PNG, JPEG or WebP files.\nPrints FILE<TAB>PAYLOAD per code (control characters escaped), or with --json\none JSON object per code: {\"file\",\"payload\",\"attempt\",\"ms\"} (and \"frame\").\nIINs in payloads are masked (••••••••0017) unless --reveal is given.\n--frame runs the camera's per-frame path instead of the thorough file path:\neach file is ten successive camera frames of a code held still (a third of a\nsecond at 30 fps; up to 1920x1080), each within the camera's per-frame budget\nof CPU time (--budget, as camera.decode_budget: \"auto\", the default, is 8ms at\n640x480 growing to 12ms at 1280x720), with the thorough search on a second\nthread getting three budgets a frame; \"frame\" says which one read it.\nExit status: 0 every file had a code, 1 some file had none or could not be\nread, 2 usage error.\n",
		HelpFlags:             "Flags:",
		HelpDefault:           "(default %s)",
		HelpEnvHead:           "Environment (each overrides its config key):",
		HelpEnvDemo:           "  --demo takes %s;\n  e.g. ASHYQ_LANGUAGE=kk (%s)",
		HelpCamera:            "Camera: %s",
		HelpCameraYes:         "supported (V4L2 via cgo)",
		HelpCameraNo:          "not available in this build (built without cgo); keyboard and barcode scanner only",
		HelpExitCodes:         "Exit codes:\n  0  done (also --help and version)\n  1  failure: %s\n  2  bad flags, arguments or configuration\n",
		HelpFailMain:          "storage, the terminal, the network; decode: a file\n     without a code",
		HelpFailEnrol:         "the upstream refused the code or could not be reached; nothing saved",
		HelpFlagConfig:        "configuration `FILE`",
		HelpFlagConfigDefault: "configuration `FILE` (default %s)",
		HelpFlagDemo:          "run against an embedded demo upstream on loopback",
		HelpFlagHeadless:      "no UI: payloads on stdin, JSON verdicts on stdout",
		HelpFlagData:          "data directory `DIR` (overrides storage.data_dir)",
		HelpFlagFlush:         "headless: at end of input, wait this `duration` to sync",
		HelpFlagLog:           "log to `FILE` (overrides log.file; - is stderr, the journal under systemd)",
		HelpFlagVersion:       "print the version and exit",
		HelpFlagOffline:       "do not ask the upstream",
		HelpFlagJSON:          "print the report as JSON",
		HelpFlagCameraWindow:  "how long to watch the camera for frames",
	})
	add(ru, map[Key]string{
		HelpMain:              "ashyq-kiosk %s: киоск на входе, который проверяет статус здоровья у двери.\n\nИспользование:\n  ashyq-kiosk [--config ФАЙЛ] [--headless] [--data КАТАЛОГ] [--log ФАЙЛ]\n  ashyq-kiosk --demo [--headless] [--data КАТАЛОГ] [--log ФАЙЛ]\n  ashyq-kiosk decode [--json] [--reveal] [--frame] ИЗОБРАЖЕНИЕ...\n  ashyq-kiosk check [--config ФАЙЛ] [--data КАТАЛОГ] [--offline] КОД\n  ashyq-kiosk doctor [--config ФАЙЛ] [--json]\n  ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД\n  ashyq-kiosk version\n\nРежимы:\n  (обычный)   полноэкранный интерфейс в терминале; сотрудник вводит ИИН,\n              коды читает сканер штрихкодов или камера\n  --headless  без интерфейса: по одному коду на строку со стандартного ввода,\n              по одному вердикту JSON на строку в стандартный вывод, и только\n              после того, как событие надёжно записано\n  --demo      встроенный демо-сервер на этой машине (127.0.0.1) с демо-данными;\n              не нужны ни файл настроек, ни сеть, ни камера\n  decode      прочитать QR-коды из файлов PNG, JPEG или WebP декодером камеры;\n              печатает ФАЙЛ и КОД через табуляцию; код выхода 1, если в\n              каком-то файле кода нет; --frame: как камера, три кадра её\n              бюджета времени\n  check       оценить один код (ИИН или пропуск) и напечатать вердикт JSON,\n              ничего не записывая\n  doctor      проверить камеры, сканеры, последовательные порты, сервер, токен,\n              часы, хранилище и шрифт консоли; в каждой строке OK или что делать\n  enrol       подключить новый киоск одноразовым кодом со страницы владельца\n              заведения («Добавить дверь»): введённым кодом или текстом\n              QR-кода. Неподключённый киоск принимает код и при запуске:\n              показанным камере или первой строкой при --headless\n\nSIGINT, SIGTERM или SIGHUP (терминал отключился) аккуратно останавливают киоск; SIGUSR1 заново открывает файл журнала.\n",
		HelpKeys:              "Клавиши (полноэкранный киоск):\n  цифры, Enter    ввести ИИН (или текст кода) и проверить его; сканер\n                  штрихкодов вводит так же\n  F3              при отказе (красный, жёлтый, мест нет, не проверен):\n                  впустить человека по коду сотрудника с причиной\n                  (override.codes)\n  F2 или ctrl+o   меню владельца: вход или выход, язык, вместимость, время\n                  закрытия, очередь записей. Нужен owner.pin; без него экран\n                  сообщает, что меню выключено\n  ctrl+c дважды   выйти (в течение 3 секунд; если задан owner.pin, он\n                  спрашивается)\n",
		HelpCheck:             "Использование: ashyq-kiosk check [--config ФАЙЛ] [--data КАТАЛОГ] [--offline] КОД\n\nОценивает один код (ИИН или пропуск) тем же механизмом, с теми же настройками\nи каталогом данных, что и киоск, и печатает вердикт одной строкой JSON, как\n--headless, ничего не записывая. Работает и при запущенном киоске; тогда\nсохранённые статусы не используются (их держит киоск), о чём и сообщается.\nС --offline сервер не спрашивается: решают пропуск, сохранённые статусы или\nправила для непроверенных.\n",
		HelpCheckExit:         "Коды выхода:\n  0  вердикт (\"welcome\", \"denied\", \"full\", \"goodbye\", \"unchecked\")\n  1  код не принят (почему — в поле \"reason\") или его не оценить\n  2  неверные параметры, аргументы или настройки\n",
		HelpDoctor:            "Использование: ashyq-kiosk doctor [--config ФАЙЛ] [--json]\n\nПроверяет киоск для установщика: камеры, устройства ввода и последовательные\nпорты (может ли киоск открыть каждое из выбранных в настройках), частоту\nкадров камеры, сервер и токен устройства, часы, каталог данных, ключи\nпропусков, шрифт консоли и вывод звука. Каждая строка говорит OK или что\nделать, на языке киоска (device.language или ASHYQ_LANGUAGE; если настройки\nне читаются — на языке локали: LC_ALL, LC_MESSAGES, LANG).\n",
		HelpDoctorExit:        "Коды выхода:\n  0  все проверки OK\n  1  какая-то проверка требует внимания (строки СБОЙ говорят, что делать)\n  2  неверные параметры или аргументы\n",
		HelpEnrol:             "Использование: ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД\n\nПодключает новый киоск одноразовым кодом со страницы владельца заведения\n(«Добавить дверь»): кодом, как он напечатан, или текстом QR-кода\n(\"AQE1:КОД:АДРЕС\"). Нужен upstream.url, если адреса нет в тексте QR-кода.\nКто этот киоск и его токен устройства хранятся в каталоге данных\n(enrolment.json, права 0600, никогда не показываются).\n",
		HelpDecode:            "использование: ashyq-kiosk decode [--json] [--reveal] [--frame [--budget Д]] ИЗОБРАЖЕНИЕ...\n\nРаспознаёт QR-коды в файлах PNG, JPEG или WebP.\nПечатает на каждый код ФАЙЛ и КОД через табуляцию (управляющие символы\nэкранированы), а с --json — по объекту JSON на код: {\"file\",\"payload\",\"attempt\",\"ms\"}\n(и \"frame\"). ИИН в кодах скрыты (••••••••0017), если не указан --reveal.\nС --frame файл проходит путь камеры, а не тщательный путь для файлов: каждый\nфайл — десять кадров камеры подряд с неподвижным кодом (треть секунды при\n30 кадрах/с; до 1920x1080), каждый в пределах бюджета процессорного времени\nна кадр (--budget, как camera.decode_budget: \"auto\", по умолчанию, — это 8ms\nпри 640x480 и до 12ms при 1280x720), а тщательный поиск во втором потоке\nполучает три бюджета на кадр; \"frame\" говорит, какой кадр прочитал код.\nКод выхода: 0 — в каждом файле был код, 1 — в каком-то файле кода нет или он\nне читается, 2 — ошибка в использовании.\n",
		HelpFlags:             "Параметры:",
		HelpDefault:           "(по умолчанию %s)",
		HelpEnvHead:           "Переменные окружения (каждая заменяет свой ключ настроек):",
		HelpEnvDemo:           "  --demo учитывает %s;\n  например, ASHYQ_LANGUAGE=kk (%s)",
		HelpCamera:            "Камера: %s",
		HelpCameraYes:         "поддерживается (V4L2 через cgo)",
		HelpCameraNo:          "в этой сборке нет (собрано без cgo); только клавиатура и сканер штрихкодов",
		HelpExitCodes:         "Коды выхода:\n  0  готово (и для --help и version)\n  1  сбой: %s\n  2  неверные параметры, аргументы или настройки\n",
		HelpFailMain:          "хранилище, терминал, сеть; decode: файл без\n     кода",
		HelpFailEnrol:         "сервер отклонил код или недоступен; ничего не сохранено",
		HelpFlagConfig:        "файл настроек `ФАЙЛ`",
		HelpFlagConfigDefault: "файл настроек `ФАЙЛ` (по умолчанию %s)",
		HelpFlagDemo:          "работать со встроенным демо-сервером на этой машине",
		HelpFlagHeadless:      "без интерфейса: коды со стандартного ввода, вердикты JSON в стандартный вывод",
		HelpFlagData:          "каталог данных `КАТАЛОГ` (заменяет storage.data_dir)",
		HelpFlagFlush:         "--headless: сколько ждать отправки записей в конце ввода (`длительность`)",
		HelpFlagLog:           "писать журнал в `ФАЙЛ` (заменяет log.file; - — это stderr, под systemd журнал службы)",
		HelpFlagVersion:       "напечатать версию и выйти",
		HelpFlagOffline:       "не спрашивать сервер",
		HelpFlagJSON:          "напечатать отчёт в JSON",
		HelpFlagCameraWindow:  "сколько смотреть на камеру, ожидая кадры",
	})
	add(kk, map[Key]string{
		HelpMain:              "ashyq-kiosk %s: есік алдында денсаулық мәртебесін тексеретін кіреберіс киоскі.\n\nҚолданылуы:\n  ashyq-kiosk [--config ФАЙЛ] [--headless] [--data КАТАЛОГ] [--log ФАЙЛ]\n  ashyq-kiosk --demo [--headless] [--data КАТАЛОГ] [--log ФАЙЛ]\n  ashyq-kiosk decode [--json] [--reveal] [--frame] СУРЕТ...\n  ashyq-kiosk check [--config ФАЙЛ] [--data КАТАЛОГ] [--offline] КОД\n  ashyq-kiosk doctor [--config ФАЙЛ] [--json]\n  ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД\n  ashyq-kiosk version\n\nРежимдер:\n  (әдеттегі)  терминалдағы толық экранды интерфейс; қызметкер ЖСН тереді,\n              кодтарды штрихкод сканері немесе камера оқиды\n  --headless  интерфейссіз: стандартты енгізуден жолына бір код, стандартты\n              шығаруға жолына бір JSON шешім, оқиға сенімді жазылғаннан\n              кейін ғана\n  --demo      осы машинадағы (127.0.0.1) демо деректері бар кіріктірілген\n              демо сервер; баптау файлы да, желі де, камера да керек емес\n  decode      PNG, JPEG немесе WebP файлдарындағы QR-кодтарды камераның\n              декодерімен оқу; ФАЙЛ мен КОДты табуляция арқылы шығарады;\n              қандай да бір файлда код болмаса, шығу коды 1; --frame: камера\n              сияқты, оның уақыт бюджетінің үш кадры\n  check       бір кодты (ЖСН немесе рұқсатнама) бағалап, JSON шешімін шығару,\n              ештеңе тіркемей\n  doctor      камераларды, сканерлерді, сериялық порттарды, серверді,\n              токенді, сағатты, жадты және консоль қаріпін тексеру; әр жолда\n              OK немесе не істеу керегі жазылады\n  enrol       жаңа киоскты мекеме иесінің бетіндегі («Есік қосу») бір реттік\n              кодпен қосу: терілген кодпен немесе QR-код мәтінімен. Қосылмаған\n              киоск кодты іске қосылғанда да қабылдайды: камераға көрсетілген\n              немесе --headless кезінде бірінші жол ретінде\n\nSIGINT, SIGTERM немесе SIGHUP (терминал ажыратылды) киоскты ретімен тоқтатады; SIGUSR1 журнал файлын қайта ашады.\n",
		HelpKeys:              "Пернелер (толық экранды киоск):\n  сандар, Enter   ЖСН (немесе код мәтінін) теріп, тексеру; штрихкод сканері\n                  де дәл солай тереді\n  F3              бас тартылғанда (қызыл, сары, орын жоқ, тексерусіз):\n                  адамды қызметкер кодымен және себебін көрсетіп кіргізу\n                  (override.codes)\n  F2 немесе ctrl+o  иесінің мәзірі: кіру не шығу, тіл, сыйымдылық, жабылу\n                  уақыты, жазбалар кезегі. owner.pin керек; онсыз экран мәзір\n                  өшірулі екенін айтады\n  ctrl+c екі рет  шығу (3 секунд ішінде; owner.pin көрсетілсе, соны сұрайды)\n",
		HelpCheck:             "Қолданылуы: ashyq-kiosk check [--config ФАЙЛ] [--data КАТАЛОГ] [--offline] КОД\n\nБір кодты (ЖСН немесе рұқсатнама) киосктың өз механизмімен, баптауымен және\nдеректер каталогымен бағалап, шешімді --headless сияқты бір JSON жолымен\nшығарады, ештеңе тіркемейді. Киоск жұмыс істеп тұрғанда да жұмыс істейді;\nонда сақталған мәртебелер қолданылмайды (оларды киоск ұстап тұр), бұл туралы\nайтылады. --offline кезінде сервер сұралмайды: рұқсатнама, сақталған\nмәртебелер немесе тексерусіз адамдарға арналған ереже шешеді.\n",
		HelpCheckExit:         "Шығу кодтары:\n  0  шешім (\"welcome\", \"denied\", \"full\", \"goodbye\", \"unchecked\")\n  1  код қабылданбады (себебі \"reason\" өрісінде) немесе оны бағалау мүмкін емес\n  2  параметрлер, аргументтер немесе баптау қате\n",
		HelpDoctor:            "Қолданылуы: ashyq-kiosk doctor [--config ФАЙЛ] [--json]\n\nКиоскты орнатушы үшін тексереді: камераларды, енгізу құрылғыларын және\nсериялық порттарды (баптауда таңдалғанның әрқайсысын киоск аша ала ма),\nкамераның кадр жиілігін, серверді және құрылғы токенін, сағатты, деректер\nкаталогын, рұқсатнама кілттерін, консоль қаріпін және дыбыс шығаруды. Әр жол\nOK немесе не істеу керегін киосктың тілінде айтады (device.language немесе\nASHYQ_LANGUAGE; баптау оқылмаса, локаль тілінде: LC_ALL, LC_MESSAGES, LANG).\n",
		HelpDoctorExit:        "Шығу кодтары:\n  0  барлық тексеру OK\n  1  қандай да бір тексеру назар аударуды қажет етеді (АҚАУ деп белгіленген жолдар не істеу керегін айтады)\n  2  параметрлер немесе аргументтер қате\n",
		HelpEnrol:             "Қолданылуы: ashyq-kiosk enrol [--config ФАЙЛ] [--data КАТАЛОГ] КОД\n\nЖаңа киоскты мекеме иесінің бетіндегі («Есік қосу») бір реттік кодпен қосады:\nбасылған күйіндегі кодпен немесе QR-код мәтінімен (\"AQE1:КОД:МЕКЕНЖАЙ\"). QR-код\nмәтінінде мекенжай болмаса, upstream.url керек. Киосктың кім екені және оның\nқұрылғы токені деректер каталогында сақталады (enrolment.json, рұқсаттар\n0600, ешқашан көрсетілмейді).\n",
		HelpDecode:            "қолданылуы: ashyq-kiosk decode [--json] [--reveal] [--frame [--budget Д]] СУРЕТ...\n\nPNG, JPEG немесе WebP файлдарындағы QR-кодтарды оқиды.\nӘр код үшін ФАЙЛ мен КОДты табуляция арқылы шығарады (басқару таңбалары\nэкрандалады), ал --json кезінде әр кодқа бір JSON нысаны: {\"file\",\"payload\",\"attempt\",\"ms\"}\n(және \"frame\"). --reveal көрсетілмесе, кодтардағы ЖСН жасырылады (••••••••0017).\n--frame кезінде файл мұқият файл жолымен емес, камераның жолымен өтеді: әр\nфайл — қозғалмай тұрған кодтың қатарынан он камера кадры (30 кадр/с кезінде\nсекундтың үштен бірі; 1920x1080-ге дейін), әрқайсысы кадрға берілетін\nпроцессор уақыты бюджетінің ішінде (--budget, camera.decode_budget сияқты:\nәдепкі \"auto\" 640x480 кезінде 8ms, 1280x720 кезінде 12ms-ке дейін өседі), ал\nекінші ағындағы мұқият іздеу кадрға үш бюджет алады; \"frame\" кодты қай кадр\nоқығанын айтады.\nШығу коды: 0 — әр файлда код болды, 1 — қандай да бір файлда код жоқ немесе ол\nоқылмайды, 2 — қолдану қатесі.\n",
		HelpFlags:             "Параметрлер:",
		HelpDefault:           "(әдепкісі %s)",
		HelpEnvHead:           "Орта айнымалылары (әрқайсысы өз баптау кілтін алмастырады):",
		HelpEnvDemo:           "  --demo мыналарды ескереді: %s;\n  мысалы, ASHYQ_LANGUAGE=kk (%s)",
		HelpCamera:            "Камера: %s",
		HelpCameraYes:         "қолдау бар (V4L2, cgo арқылы)",
		HelpCameraNo:          "бұл жинақта жоқ (cgo-сыз жиналған); тек пернетақта мен штрихкод сканері",
		HelpExitCodes:         "Шығу кодтары:\n  0  дайын (--help және version үшін де)\n  1  қате: %s\n  2  параметрлер, аргументтер немесе баптау қате\n",
		HelpFailMain:          "жад, терминал, желі; decode: кодсыз\n     файл",
		HelpFailEnrol:         "сервер кодты қабылдамады немесе қолжетімсіз; ештеңе сақталмады",
		HelpFlagConfig:        "баптау файлы `ФАЙЛ`",
		HelpFlagConfigDefault: "баптау файлы `ФАЙЛ` (әдепкісі %s)",
		HelpFlagDemo:          "осы машинадағы кіріктірілген демо сервермен жұмыс істеу",
		HelpFlagHeadless:      "интерфейссіз: кодтар стандартты енгізуден, JSON шешімдері стандартты шығаруға",
		HelpFlagData:          "деректер каталогы `КАТАЛОГ` (storage.data_dir кілтін алмастырады)",
		HelpFlagFlush:         "--headless: енгізу аяқталғанда жазбалардың жіберілуін қанша күту керек (`ұзақтық`)",
		HelpFlagLog:           "журналды `ФАЙЛ` ішіне жазу (log.file кілтін алмастырады; - деген stderr, systemd астында қызмет журналы)",
		HelpFlagVersion:       "нұсқаны шығарып, аяқтау",
		HelpFlagOffline:       "серверден сұрамау",
		HelpFlagJSON:          "есепті JSON түрінде шығару",
		HelpFlagCameraWindow:  "кадрларды күтіп, камераға қанша уақыт қарау",
	})
}
