package i18n

// ashyq-server migrate --help and enrol --help, and the flags that name
// where a command acts (--data, --store, --server, --operator-token-file),
// shared by the management commands. As in serverhelp.go, each English
// text must be servercli's to the letter.
const (
	SrvHelpMigrate       Key = "srv_help.migrate"
	SrvHelpFailMigrate   Key = "srv_help.fail_migrate"
	SrvHelpMigrateStore  Key = "srv_help.migrate_store"
	SrvHelpEnrol         Key = "srv_help.enrol"
	SrvHelpFailReach     Key = "srv_help.fail_reach"
	SrvHelpEnrolIIN      Key = "srv_help.enrol_iin"
	SrvHelpEnrolTTL      Key = "srv_help.enrol_ttl"
	SrvHelpTargetData    Key = "srv_help.target_data"
	SrvHelpTargetStore   Key = "srv_help.target_store"
	SrvHelpTargetServer  Key = "srv_help.target_server"
	SrvHelpTargetOpToken Key = "srv_help.target_operator_token_file"
)

func init() {
	add(en, map[Key]string{
		SrvHelpMigrate: `Usage: ashyq-server migrate --store URL

Brings a PostgreSQL store's schema to this version, under an advisory lock
(the server does the same at start-up, so this is for a deliberate upgrade
step). A bbolt store migrates when it is opened.
`,
		SrvHelpFailMigrate:  "the database could not be reached or migrated",
		SrvHelpMigrateStore: "PostgreSQL `URL` (default $ASHYQ_STORE)",
		SrvHelpEnrol: `Usage: ashyq-server enrol --iin IIN [--ttl 1h] TARGET

Makes a one-time enrolment code for IIN and prints it with its end: give it
to the person, who types it into the wallet (/wallet/) with their IIN. It
works once, for --ttl (default 1h, at most 168h), and five wrong codes void
it. A new code replaces the IIN's earlier one. Check the person's ID first:
the code is what proves to the wallet that they hold this IIN.

TARGET is --data DIR (server stopped), --store URL, or --server URL with an
operator credential in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN.
`,
		SrvHelpFailReach:     "the server or the store could not be reached, or refused",
		SrvHelpEnrolIIN:      "the person's `IIN`",
		SrvHelpEnrolTTL:      "how long the code works (`duration`)",
		SrvHelpTargetData:    "`DIR` of the bbolt store (the server must be stopped; use --server while it runs)",
		SrvHelpTargetStore:   "PostgreSQL `URL` (postgres://...)",
		SrvHelpTargetServer:  "`URL` of a running ashyq-server: change it through its admin API",
		SrvHelpTargetOpToken: "`FILE` holding the operator credential for --server (default: $ASHYQ_OPERATOR_TOKEN)",
	})
	add(ru, map[Key]string{
		SrvHelpMigrate: `Использование: ashyq-server migrate --store АДРЕС

Приводит схему хранилища PostgreSQL к этой версии под рекомендательной
блокировкой (сервер делает то же при запуске, так что это для обдуманного шага
обновления). Хранилище bbolt обновляется, когда его открывают.
`,
		SrvHelpFailMigrate:  "не удалось подключиться к базе данных или обновить её",
		SrvHelpMigrateStore: "`АДРЕС` базы PostgreSQL (по умолчанию $ASHYQ_STORE)",
		SrvHelpEnrol: `Использование: ashyq-server enrol --iin ИИН [--ttl 1h] ЦЕЛЬ

Создаёт одноразовый код регистрации для ИИН и печатает его со сроком действия:
отдайте его человеку, который введёт его в кошельке (/wallet/) вместе со своим
ИИН. Код действует один раз, в течение --ttl (по умолчанию 1h, не больше 168h),
и пять неверных кодов его аннулируют. Новый код заменяет прежний код этого ИИН.
Сначала проверьте удостоверение личности: именно код доказывает кошельку,
что ИИН принадлежит этому человеку.

ЦЕЛЬ — это --data КАТАЛОГ (сервер остановлен), --store АДРЕС или --server АДРЕС
с учётными данными оператора в --operator-token-file ФАЙЛ или $ASHYQ_OPERATOR_TOKEN.
`,
		SrvHelpFailReach:     "сервер или хранилище недоступны или отказали",
		SrvHelpEnrolIIN:      "`ИИН` человека",
		SrvHelpEnrolTTL:      "сколько действует код (`длительность`)",
		SrvHelpTargetData:    "`КАТАЛОГ` хранилища bbolt (сервер должен быть остановлен; пока он работает, используйте --server)",
		SrvHelpTargetStore:   "`АДРЕС` базы PostgreSQL (postgres://...)",
		SrvHelpTargetServer:  "`АДРЕС` работающего ashyq-server: изменения через его API администрирования",
		SrvHelpTargetOpToken: "`ФАЙЛ` с учётными данными оператора для --server (по умолчанию: $ASHYQ_OPERATOR_TOKEN)",
	})
	add(kk, map[Key]string{
		SrvHelpMigrate: `Қолданылуы: ashyq-server migrate --store МЕКЕНЖАЙ

PostgreSQL қоймасының сызбасын ұсынымдық құлыппен осы нұсқаға келтіреді
(сервер іске қосылғанда да осыны жасайды, сондықтан бұл әдейі жасалатын
жаңарту қадамы үшін). bbolt қоймасы ашылған кезде жаңартылады.
`,
		SrvHelpFailMigrate:  "дерекқорға қосылу не оны жаңарту мүмкін болмады",
		SrvHelpMigrateStore: "PostgreSQL дерекқорының мекенжайы `МЕКЕНЖАЙ` (әдепкісі $ASHYQ_STORE)",
		SrvHelpEnrol: `Қолданылуы: ashyq-server enrol --iin ЖСН [--ttl 1h] НЫСАНА

ЖСН үшін бір реттік тіркеу кодын жасап, оны әрекет ету мерзімімен шығарады:
кодты адамға беріңіз, ол оны өз ЖСН-імен бірге әмиянға (/wallet/) енгізеді.
Код бір рет, --ttl бойы (әдепкісі 1h, ең көбі 168h) жарамды, ал бес қате код
оны жарамсыз етеді. Жаңа код осы ЖСН-нің бұрынғы кодын алмастырады. Алдымен
адамның жеке куәлігін тексеріңіз: әмиянға оның осы ЖСН иесі екенін код дәлелдейді.

НЫСАНА: --data КАТАЛОГ (сервер тоқтатылған), --store МЕКЕНЖАЙ немесе
--server МЕКЕНЖАЙ, оператордың тіркелгі деректері --operator-token-file ФАЙЛ
немесе $ASHYQ_OPERATOR_TOKEN ішінде.
`,
		SrvHelpFailReach:     "серверге не қоймаға қосылу мүмкін болмады, не олар бас тартты",
		SrvHelpEnrolIIN:      "`ЖСН`: адамның жеке сәйкестендіру нөмірі",
		SrvHelpEnrolTTL:      "код қанша уақыт жарамды (`ұзақтық`)",
		SrvHelpTargetData:    "bbolt қоймасы тұрған `КАТАЛОГ` (сервер тоқтатылған болуы керек; ол жұмыс істеп тұрғанда --server қолданыңыз)",
		SrvHelpTargetStore:   "PostgreSQL дерекқорының мекенжайы `МЕКЕНЖАЙ` (postgres://...)",
		SrvHelpTargetServer:  "жұмыс істеп тұрған ashyq-server мекенжайы `МЕКЕНЖАЙ`: өзгерістер оның басқару API арқылы",
		SrvHelpTargetOpToken: "оператордың тіркелгі деректері бар `ФАЙЛ`, --server үшін (әдепкісі: $ASHYQ_OPERATOR_TOKEN)",
	})
}
