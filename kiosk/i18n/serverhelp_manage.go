package i18n

// ashyq-server tokens help (and that of operators, feeders, owners, kiosks,
// venues) and keys help. As in serverhelp.go, each English text must be
// servercli's to the letter.
const (
	SrvHelpManage Key = "srv_help.manage"
	SrvHelpKeys   Key = "srv_help.keys"

	// A management command's own --help (tokens add --help): its flags.
	SrvHelpUsageOf     Key = "srv_help.usage_of"
	SrvHelpManageVenue Key = "srv_help.manage_venue"
	SrvHelpManageDoor  Key = "srv_help.manage_door"
	SrvHelpManageMode  Key = "srv_help.manage_mode"
	SrvHelpManageTTL   Key = "srv_help.manage_ttl"
	SrvHelpManageLabel Key = "srv_help.manage_label"
	SrvHelpManageCap   Key = "srv_help.manage_capacity"
	SrvHelpManageProof Key = "srv_help.manage_require_venue_proof"
	SrvHelpKeysGrace   Key = "srv_help.keys_grace"
)

func init() {
	add(en, map[Key]string{
		SrvHelpManage: `Usage:
  ashyq-server tokens add --venue VENUE [--label TEXT] TARGET   prints a new device token (shown once)
  ashyq-server tokens revoke ID TARGET
  ashyq-server tokens list TARGET
  ashyq-server operators add [--label TEXT] STORE             prints a new operator credential (shown once)
  ashyq-server operators revoke ID STORE
  ashyq-server operators list STORE
  ashyq-server feeders add [--label TEXT] TARGET              prints a new feeder credential (shown once):
                                                              a health system's, for POST /v1/registry/fhir
  ashyq-server feeders revoke ID TARGET
  ashyq-server feeders list TARGET
  ashyq-server owners add --venue VENUE [--label TEXT] TARGET   prints a new owner's credential (shown once):
                                                              the owner's pages (/owner/) of that venue only
  ashyq-server owners revoke ID TARGET
  ashyq-server owners list TARGET
  ashyq-server kiosks code --venue VENUE --door DOOR --mode entrance|exit [--ttl 2h] TARGET
                                                              prints a one-time code that enrols a new kiosk
  ashyq-server venues set VENUE [--capacity N] [--require-venue-proof[=false]] TARGET
  ashyq-server venues list TARGET

TARGET is --data DIR (server stopped), --store URL, or --server URL with an operator
credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN. STORE is --data or --store.
Secrets are stored as SHA-256 hashes; a change takes effect on a running server at once
(on other replicas within 5 s).
`,
		SrvHelpKeys: `Usage:
  ashyq-server keys rotate [--grace 48h] TARGET   make a new issuer key; the old one stays valid for the grace period
  ashyq-server keys list TARGET                   the published issuer keys and their windows
  ashyq-server passes revoke PASS_ID TARGET       put a pass on the deny list

TARGET is --data DIR (server stopped), --store URL, or --server URL with an operator
credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN.
`,
		SrvHelpUsageOf:     "Usage of %s:",
		SrvHelpManageVenue: "`VENUE` of the new device token, owner or kiosk code",
		SrvHelpManageDoor:  "the new kiosk's `DOOR` name (kiosks code)",
		SrvHelpManageMode:  "the new kiosk's mode, entrance or exit (kiosks code)",
		SrvHelpManageTTL:   "how long the code lives, like 2h (kiosks code; default 2h, 5m to 168h)",
		SrvHelpManageLabel: "free `TEXT` shown in listings (which kiosk, whose login)",
		SrvHelpManageCap:   "the venue's capacity (`N` people; 0: none)",
		SrvHelpManageProof: "take only passes whose code was made for this venue (docs/pass-format.md); =false takes any again",
		SrvHelpKeysGrace:   "how long the rotated-out key stays valid (`duration`)",
	})
	add(ru, map[Key]string{
		SrvHelpManage: `Использование:
  ashyq-server tokens add --venue ЗАВЕДЕНИЕ [--label ТЕКСТ] ЦЕЛЬ   печатает новый токен устройства (показывается один раз)
  ashyq-server tokens revoke ИД ЦЕЛЬ
  ashyq-server tokens list ЦЕЛЬ
  ashyq-server operators add [--label ТЕКСТ] ХРАНИЛИЩЕ           печатает новые учётные данные оператора (показываются один раз)
  ashyq-server operators revoke ИД ХРАНИЛИЩЕ
  ashyq-server operators list ХРАНИЛИЩЕ
  ashyq-server feeders add [--label ТЕКСТ] ЦЕЛЬ                  печатает новые учётные данные поставщика (показываются один раз):
                                                                 системы здравоохранения, для POST /v1/registry/fhir
  ashyq-server feeders revoke ИД ЦЕЛЬ
  ashyq-server feeders list ЦЕЛЬ
  ashyq-server owners add --venue ЗАВЕДЕНИЕ [--label ТЕКСТ] ЦЕЛЬ   печатает новые учётные данные владельца (показываются один раз):
                                                                 страницы владельца (/owner/) только этого заведения
  ashyq-server owners revoke ИД ЦЕЛЬ
  ashyq-server owners list ЦЕЛЬ
  ashyq-server kiosks code --venue ЗАВЕДЕНИЕ --door ДВЕРЬ --mode entrance|exit [--ttl 2h] ЦЕЛЬ
                                                                 печатает одноразовый код регистрации нового киоска
  ashyq-server venues set ЗАВЕДЕНИЕ [--capacity ЧИСЛО] [--require-venue-proof[=false]] ЦЕЛЬ
  ashyq-server venues list ЦЕЛЬ

ЦЕЛЬ — это --data КАТАЛОГ (сервер остановлен), --store АДРЕС или --server АДРЕС с учётными
данными оператора в --operator-token-file ФАЙЛ или $ASHYQ_OPERATOR_TOKEN. ХРАНИЛИЩЕ — это
--data или --store. Секреты хранятся как хеши SHA-256; изменение сразу действует на работающем
сервере (на других репликах — в течение 5 с).
`,
		SrvHelpKeys: `Использование:
  ashyq-server keys rotate [--grace 48h] ЦЕЛЬ   создать новый ключ выпуска; старый действует ещё льготный период
  ashyq-server keys list ЦЕЛЬ                   опубликованные ключи выпуска и сроки их действия
  ashyq-server passes revoke ИД_ПРОПУСКА ЦЕЛЬ   внести пропуск в список запрещённых

ЦЕЛЬ — это --data КАТАЛОГ (сервер остановлен), --store АДРЕС или --server АДРЕС с учётными
данными оператора в --operator-token-file ФАЙЛ или $ASHYQ_OPERATOR_TOKEN.
`,
		SrvHelpUsageOf:     "Использование %s:",
		SrvHelpManageVenue: "`ЗАВЕДЕНИЕ` нового токена устройства, владельца или кода киоска",
		SrvHelpManageDoor:  "название двери `ДВЕРЬ` нового киоска (для ashyq-server kiosks code)",
		SrvHelpManageMode:  "режим нового киоска, \"entrance\" или \"exit\" (для ashyq-server kiosks code)",
		SrvHelpManageTTL:   "сколько действует код, например 2h (для ashyq-server kiosks code; по умолчанию 2h, от 5m до 168h)",
		SrvHelpManageLabel: "произвольный `ТЕКСТ` в списках (какой киоск, чей вход)",
		SrvHelpManageCap:   "вместимость заведения (`ЧИСЛО` человек; 0: без ограничения)",
		SrvHelpManageProof: "принимать только пропуска, чей код сделан для этого заведения (docs/pass-format.md); =false снова принимает любые",
		SrvHelpKeysGrace:   "сколько выведенный из оборота ключ остаётся действительным (`длительность`)",
	})
	add(kk, map[Key]string{
		SrvHelpManage: `Қолданылуы:
  ashyq-server tokens add --venue МЕКЕМЕ [--label МӘТІН] НЫСАНА   жаңа құрылғы токенін шығарады (бір рет көрсетіледі)
  ashyq-server tokens revoke ИД НЫСАНА
  ashyq-server tokens list НЫСАНА
  ashyq-server operators add [--label МӘТІН] ҚОЙМА               оператордың жаңа тіркелгі деректерін шығарады (бір рет көрсетіледі)
  ashyq-server operators revoke ИД ҚОЙМА
  ashyq-server operators list ҚОЙМА
  ashyq-server feeders add [--label МӘТІН] НЫСАНА                жеткізушінің жаңа тіркелгі деректерін шығарады (бір рет көрсетіледі):
                                                                 денсаулық сақтау жүйесінікі, POST /v1/registry/fhir үшін
  ashyq-server feeders revoke ИД НЫСАНА
  ashyq-server feeders list НЫСАНА
  ashyq-server owners add --venue МЕКЕМЕ [--label МӘТІН] НЫСАНА   иенің жаңа тіркелгі деректерін шығарады (бір рет көрсетіледі):
                                                                 тек сол мекеменің иесі беттері (/owner/)
  ashyq-server owners revoke ИД НЫСАНА
  ashyq-server owners list НЫСАНА
  ashyq-server kiosks code --venue МЕКЕМЕ --door ЕСІК --mode entrance|exit [--ttl 2h] НЫСАНА
                                                                 жаңа киоскіні тіркейтін бір реттік кодты шығарады
  ashyq-server venues set МЕКЕМЕ [--capacity САН] [--require-venue-proof[=false]] НЫСАНА
  ashyq-server venues list НЫСАНА

НЫСАНА: --data КАТАЛОГ (сервер тоқтатылған), --store МЕКЕНЖАЙ немесе --server МЕКЕНЖАЙ,
оператордың тіркелгі деректері --operator-token-file ФАЙЛ немесе $ASHYQ_OPERATOR_TOKEN ішінде.
ҚОЙМА: --data немесе --store. Құпиялар SHA-256 хештері ретінде сақталады; өзгеріс жұмыс
істеп тұрған серверде бірден күшіне енеді (басқа репликаларда 5 с ішінде).
`,
		SrvHelpKeys: `Қолданылуы:
  ashyq-server keys rotate [--grace 48h] НЫСАНА   жаңа шығарушы кілтін жасау; ескісі жеңілдік кезеңі бойы жарамды
  ashyq-server keys list НЫСАНА                   жарияланған шығарушы кілттері және олардың әрекет ету мерзімдері
  ashyq-server passes revoke РҰҚСАТНАМА_ИД НЫСАНА  рұқсатнаманы тыйым тізіміне енгізу

НЫСАНА: --data КАТАЛОГ (сервер тоқтатылған), --store МЕКЕНЖАЙ немесе --server МЕКЕНЖАЙ,
оператордың тіркелгі деректері --operator-token-file ФАЙЛ немесе $ASHYQ_OPERATOR_TOKEN ішінде.
`,
		SrvHelpUsageOf:     "%s қолданылуы:",
		SrvHelpManageVenue: "жаңа құрылғы токенінің, иенің не киоск кодының мекемесі `МЕКЕМЕ`",
		SrvHelpManageDoor:  "жаңа киоскінің есігі `ЕСІК` (ashyq-server kiosks code үшін)",
		SrvHelpManageMode:  "жаңа киоскінің режимі, \"entrance\" немесе \"exit\" (ashyq-server kiosks code үшін)",
		SrvHelpManageTTL:   "код қанша уақыт жарамды, мысалы 2h (ashyq-server kiosks code үшін; әдепкісі 2h, 5m-ден 168h-қа дейін)",
		SrvHelpManageLabel: "тізімдерде көрсетілетін еркін `МӘТІН` (қай киоск, кімнің кіруі)",
		SrvHelpManageCap:   "мекеменің сыйымдылығы (`САН` адам; 0: шектеусіз)",
		SrvHelpManageProof: "тек коды осы мекеме үшін жасалған рұқсатнамаларды қабылдау (docs/pass-format.md); =false қайтадан кез келгенін қабылдайды",
		SrvHelpKeysGrace:   "айналымнан шыққан кілт қанша уақыт жарамды болып қалады (`ұзақтық`)",
	})
}
