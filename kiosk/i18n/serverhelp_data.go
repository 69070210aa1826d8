package i18n

// ashyq-server pass --help, registry --help and audit --help. As in
// serverhelp.go, each English text must be servercli's to the letter.
const (
	SrvHelpPass          Key = "srv_help.pass"
	SrvHelpPassIIN       Key = "srv_help.pass_iin"
	SrvHelpPassDemo      Key = "srv_help.pass_demo"
	SrvHelpPassHolderKey Key = "srv_help.pass_holder_key"
	SrvHelpPassVenue     Key = "srv_help.pass_venue"
	SrvHelpPassPNG       Key = "srv_help.pass_png"
	SrvHelpPassOnce      Key = "srv_help.pass_once"
	SrvHelpRegistryCmd   Key = "srv_help.registry_command"
	SrvHelpFailRegistry  Key = "srv_help.fail_registry"
	SrvHelpStoreData     Key = "srv_help.store_data"
	SrvHelpAudit         Key = "srv_help.audit"
	SrvHelpFailAudit     Key = "srv_help.fail_audit"
	SrvHelpAuditIIN      Key = "srv_help.audit_iin"
	SrvHelpAuditKind     Key = "srv_help.audit_kind"
	SrvHelpAuditAfter    Key = "srv_help.audit_after"
	SrvHelpAuditLimit    Key = "srv_help.audit_limit"
	SrvHelpAuditFull     Key = "srv_help.audit_full"
)

func init() {
	add(en, map[Key]string{
		SrvHelpPass: `Usage: ashyq-server pass --iin IIN SOURCE [--holder-key FILE] [--venue VENUE] [--png FILE | --once]

Acts as a visitor's phone: holds a holder key, gets a pass for IIN, and shows the
rotating QR code in the terminal (a new proof every 30 s) until Ctrl+C.
  --png FILE   write one frame as a PNG and exit (prints the code text too)
  --once       print one frame's code text and exit
SOURCE is where the pass comes from:
  --demo              sign it here with the demo issuer key (any demo kiosk accepts it)
  --data DIR          sign it with the key in a stopped server's store
  --server URL        ask a running server (POST /v1/passes) with an operator credential
                      in --operator-token-file FILE or $ASHYQ_OPERATOR_TOKEN
`,
		SrvHelpPassIIN:       "the holder's `IIN`",
		SrvHelpPassDemo:      "sign with the demo issuer key, no server needed",
		SrvHelpPassHolderKey: "`FILE` keeping the holder key between runs (default: a new key each run)",
		SrvHelpPassVenue:     "`VENUE` id to put in the proofs (default: none)",
		SrvHelpPassPNG:       "write one frame to `FILE` and exit",
		SrvHelpPassOnce:      "print one frame's code text and exit",
		SrvHelpRegistryCmd: `Usage: ashyq-server registry import (--data DIR | --store URL) [--rules FILE] [--iin-system URI] FILE.ndjson...

Loads health facts from FHIR Bulk Data NDJSON files (one resource a line:
Patient, Observation, Immunization; docs/registry.md), as a stream, in
transactions of 1,000 facts. Importing a file again changes nothing. Each bad
line is reported with its number and reason and skipped; the exit code is 1
if any line was bad.
`,
		SrvHelpFailRegistry: "a line was bad (each is reported), or the store could not be\n     opened",
		SrvHelpStoreData:    "`DIR` of the bbolt store (the server must be stopped)",
		SrvHelpAudit: `Usage: ashyq-server audit (--data DIR | --store URL) [--iin IIN] [--kind KIND] [--after SEQ] [--limit N] [--full]

Lists the audit trail, oldest first: every fact received, every colour change,
every full IIN an operator read (docs/registry.md). IINs are masked unless
--full, which is itself recorded as a reading by the command line.
`,
		SrvHelpFailAudit:  "the store could not be opened or read",
		SrvHelpAuditIIN:   "only this person's entries (`IIN`)",
		SrvHelpAuditKind:  "only this `KIND`, or kinds starting with it when it ends in a dot (fact.)",
		SrvHelpAuditAfter: "entries after sequence number `SEQ`",
		SrvHelpAuditLimit: "at most `N` entries (1..1000)",
		SrvHelpAuditFull:  "show IINs in full (recorded in the trail)",
	})
	add(ru, map[Key]string{
		SrvHelpPass: `Использование: ashyq-server pass --iin ИИН ИСТОЧНИК [--holder-key ФАЙЛ] [--venue ЗАВЕДЕНИЕ] [--png ФАЙЛ | --once]

Работает как телефон посетителя: хранит ключ владельца пропуска, получает пропуск
для ИИН и показывает в терминале меняющийся QR-код (новое доказательство каждые
30 с), пока не нажато Ctrl+C.
  --png ФАЙЛ   записать один кадр в PNG и выйти (печатает и текст кода)
  --once       напечатать текст кода одного кадра и выйти
ИСТОЧНИК — откуда берётся пропуск:
  --demo              подписать здесь демо-ключом выпуска (его примет любой демо-киоск)
  --data КАТАЛОГ      подписать ключом из хранилища остановленного сервера
  --server АДРЕС      запросить у работающего сервера (POST /v1/passes) с учётными данными
                      оператора в --operator-token-file ФАЙЛ или $ASHYQ_OPERATOR_TOKEN
`,
		SrvHelpPassIIN:       "`ИИН` владельца пропуска",
		SrvHelpPassDemo:      "подписать демо-ключом выпуска, сервер не нужен",
		SrvHelpPassHolderKey: "`ФАЙЛ`, где ключ владельца хранится между запусками (по умолчанию: новый ключ при каждом запуске)",
		SrvHelpPassVenue:     "идентификатор `ЗАВЕДЕНИЕ` для доказательств (по умолчанию: нет)",
		SrvHelpPassPNG:       "записать один кадр в `ФАЙЛ` и выйти",
		SrvHelpPassOnce:      "напечатать текст кода одного кадра и выйти",
		SrvHelpRegistryCmd: `Использование: ashyq-server registry import (--data КАТАЛОГ | --store АДРЕС) [--rules ФАЙЛ] [--iin-system URI] ФАЙЛ.ndjson...

Загружает сведения о здоровье из файлов NDJSON формата FHIR Bulk Data (по ресурсу
в строке: Patient, Observation, Immunization; docs/registry.md) потоком,
транзакциями по 1 000 сведений. Повторный импорт файла ничего не меняет. О каждой
неверной строке сообщается с её номером и причиной, и она пропускается; код выхода
1, если неверной была хоть одна строка.
`,
		SrvHelpFailRegistry: "неверная строка (о каждой сообщается) или не удалось открыть\n     хранилище",
		SrvHelpStoreData:    "`КАТАЛОГ` хранилища bbolt (сервер должен быть остановлен)",
		SrvHelpAudit: `Использование: ashyq-server audit (--data КАТАЛОГ | --store АДРЕС) [--iin ИИН] [--kind ВИД] [--after НОМЕР] [--limit ЧИСЛО] [--full]

Выводит журнал аудита, от старых записей к новым: каждое полученное сведение,
каждую смену цвета, каждый полный ИИН, прочитанный оператором (docs/registry.md).
ИИН маскируются, если не указан --full, а его использование само записывается как
прочтение из командной строки.
`,
		SrvHelpFailAudit:  "не удалось открыть или прочитать хранилище",
		SrvHelpAuditIIN:   "только записи этого человека (`ИИН`)",
		SrvHelpAuditKind:  "только этот `ВИД` или, если он кончается точкой (\"fact.\"), виды, начинающиеся с него",
		SrvHelpAuditAfter: "записи после порядкового номера `НОМЕР`",
		SrvHelpAuditLimit: "наибольшее `ЧИСЛО` записей (1..1000)",
		SrvHelpAuditFull:  "показывать ИИН полностью (записывается в журнал)",
	})
	add(kk, map[Key]string{
		SrvHelpPass: `Қолданылуы: ashyq-server pass --iin ЖСН КӨЗ [--holder-key ФАЙЛ] [--venue МЕКЕМЕ] [--png ФАЙЛ | --once]

Келушінің телефоны ретінде жұмыс істейді: рұқсатнама иесінің кілтін сақтайды, ЖСН
үшін рұқсатнама алады және терминалда ауысып тұратын QR кодын көрсетеді (әр 30 с
сайын жаңа дәлел), Ctrl+C басылғанша.
  --png ФАЙЛ   бір кадрды PNG ретінде жазып, аяқтау (код мәтінін де шығарады)
  --once       бір кадрдың код мәтінін шығарып, аяқтау
КӨЗ — рұқсатнама қайдан алынады:
  --demo              осы жерде демо шығарушы кілтімен қол қою (оны кез келген демо киоск қабылдайды)
  --data КАТАЛОГ      тоқтатылған сервер қоймасындағы кілтпен қол қою
  --server МЕКЕНЖАЙ   жұмыс істеп тұрған серверден сұрау (POST /v1/passes), оператордың тіркелгі
                      деректері --operator-token-file ФАЙЛ немесе $ASHYQ_OPERATOR_TOKEN ішінде
`,
		SrvHelpPassIIN:       "`ЖСН`: рұқсатнама иесінің жеке сәйкестендіру нөмірі",
		SrvHelpPassDemo:      "демо шығарушы кілтімен қол қою, сервер керек емес",
		SrvHelpPassHolderKey: "рұқсатнама иесінің кілті іске қосулар арасында сақталатын `ФАЙЛ` (әдепкісі: әр іске қосқанда жаңа кілт)",
		SrvHelpPassVenue:     "дәлелдерге жазылатын мекеме идентификаторы `МЕКЕМЕ` (әдепкісі: жоқ)",
		SrvHelpPassPNG:       "бір кадрды `ФАЙЛ` ішіне жазып, аяқтау",
		SrvHelpPassOnce:      "бір кадрдың код мәтінін шығарып, аяқтау",
		SrvHelpRegistryCmd: `Қолданылуы: ashyq-server registry import (--data КАТАЛОГ | --store МЕКЕНЖАЙ) [--rules ФАЙЛ] [--iin-system URI] ФАЙЛ.ndjson...

Денсаулық туралы мәліметтерді FHIR Bulk Data пішіміндегі NDJSON файлдарынан
(жолына бір ресурс: Patient, Observation, Immunization; docs/registry.md) ағынмен,
1 000 мәліметтен тұратын транзакциялармен жүктейді. Файлды қайта импорттау ештеңені
өзгертпейді. Әр қате жол нөмірі мен себебі айтылып, өткізіп жіберіледі; ең болмаса
бір жол қате болса, шығу коды 1.
`,
		SrvHelpFailRegistry: "бір жол қате болды (әрқайсысы хабарланады) не қойманы ашу\n     мүмкін болмады",
		SrvHelpStoreData:    "bbolt қоймасы тұрған `КАТАЛОГ` (сервер тоқтатылған болуы керек)",
		SrvHelpAudit: `Қолданылуы: ashyq-server audit (--data КАТАЛОГ | --store МЕКЕНЖАЙ) [--iin ЖСН] [--kind ТҮР] [--after НӨМІР] [--limit САН] [--full]

Аудит журналын ескісінен бастап шығарады: алынған әр мәлімет, түстің әр өзгеруі,
оператор оқыған әр толық ЖСН (docs/registry.md). --full көрсетілмесе, ЖСН
жасырылады; --full қолданылуының өзі пәрмен жолынан оқу ретінде жазылады.
`,
		SrvHelpFailAudit:  "қойманы ашу не оқу мүмкін болмады",
		SrvHelpAuditIIN:   "тек осы адамның жазбалары (`ЖСН`)",
		SrvHelpAuditKind:  "тек осы `ТҮР`, не нүктемен аяқталса (\"fact.\"), одан басталатын түрлер",
		SrvHelpAuditAfter: "реттік нөмірі `НӨМІР` жазбадан кейінгілер",
		SrvHelpAuditLimit: "ең көбі `САН` жазба (1..1000)",
		SrvHelpAuditFull:  "ЖСН-ді толық көрсету (журналға жазылады)",
	})
}
