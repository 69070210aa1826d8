package i18n

// ashyq-server tokens help (and that of operators, feeders, owners, kiosks,
// venues) and keys help. As in serverhelp.go, each English text must be
// servercli's to the letter.
const (
	SrvHelpManage Key = "srv_help.manage"
	SrvHelpKeys   Key = "srv_help.keys"
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
	})
}
