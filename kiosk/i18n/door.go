package i18n

// The door never lies: a person nobody could check (NOT CHECKED, never a
// colour), staff letting a refused person in (an override), the identity
// the IIN holds, the offline idle screen, and the short headlines that grow
// with the screen under a verdict.
const (
	NotChecked       Key = "unchecked.title"
	UncheckedLetIn   Key = "unchecked.let_in"
	UncheckedNoEntry Key = "unchecked.no_entry"
	UncheckedAsk     Key = "unchecked.ask"
	// Why nobody could check the person (door.Unchecked), as a headline.
	WhyUnreachable    Key = "unchecked.why_unreachable"
	WhyTokenRefused   Key = "unchecked.why_token_refused"
	WhyUpstreamError  Key = "unchecked.why_upstream_error"
	WhyNotAsked       Key = "unchecked.why_not_asked"
	UncheckedWhat     Key = "unchecked.what"
	UncheckedDoAdmit  Key = "unchecked.do_admit"
	UncheckedDoRefuse Key = "unchecked.do_refuse"
	UncheckedDoAsk    Key = "unchecked.do_ask"
	UncheckedNoStaff  Key = "unchecked.no_staff"
	NotCheckedWord    Key = "unchecked.word"

	Admitted          Key = "override.admitted"
	OverrideBy        Key = "override.by"
	ReasonStaffMember Key = "override.reason_staff_member"
	ReasonPaperResult Key = "override.reason_paper_result"
	ReasonIDChecked   Key = "override.reason_id_checked"
	ReasonManager     Key = "override.reason_manager"
	ReasonOther       Key = "override.reason_other"
	OverrideTitle     Key = "override.title"
	OverrideCode      Key = "override.code"
	OverrideCodeHelp  Key = "override.code_help"
	OverrideWrong     Key = "override.wrong"
	OverrideLocked    Key = "override.locked"
	OverrideWhy       Key = "override.why"
	OverrideFailed    Key = "override.failed"
	OverrideTooLate   Key = "override.too_late"
	OverrideHint      Key = "override.hint"
	OverrideSaving    Key = "override.saving"

	IdentityLine Key = "identity.line"
	SexMale      Key = "identity.male"
	SexFemale    Key = "identity.female"

	OfflineSince         Key = "offline.since"
	OfflineSinceStart    Key = "offline.since_start"
	OfflineWorks         Key = "offline.works"
	OfflinePasses        Key = "offline.passes"
	OfflinePassesStale   Key = "offline.passes_stale"
	OfflinePassesNone    Key = "offline.passes_none"
	OfflineCache         Key = "offline.cache"
	OfflineOthersAsk     Key = "offline.others_ask"
	OfflineOthersRefuse  Key = "offline.others_refuse"
	OfflineOthersAdmit   Key = "offline.others_admit"
	OfflineRecords       Key = "offline.records"
	ConnectedNothingSent Key = "sync.connected_nothing_sent"
	Connecting           Key = "sync.connecting"
	CountEstimateShort   Key = "idle.count_estimate_short"
	DemoStaff            Key = "idle.demo_staff"
	CameraNone           Key = "camera.none"

	HeadRed           Key = "head.red"
	HeadYellow        Key = "head.yellow"
	HeadFull          Key = "head.full"
	HeadAlreadyInside Key = "head.already_inside"
	HeadSavedStatus   Key = "head.saved_status"
	OverLimit         Key = "detail.over_limit"
)

var enDoor = map[Key]string{
	NotChecked:        "NOT CHECKED",
	UncheckedLetIn:    "MAY ENTER",
	UncheckedNoEntry:  "NO ENTRY",
	UncheckedAsk:      "STAFF DECIDE",
	WhyUnreachable:    "NO LINK TO THE SERVER",
	WhyTokenRefused:   "THE SERVER REFUSED THIS KIOSK",
	WhyUpstreamError:  "SERVER FAULT",
	WhyNotAsked:       "THE SERVER WAS NOT ASKED",
	UncheckedWhat:     "The health status could not be checked: it is unknown, not blue.",
	UncheckedDoAdmit:  "Let in and recorded as not checked. If in doubt, ask for a pass or an ID.",
	UncheckedDoRefuse: "Ask for a pass (it is checked without the network), or try again when the kiosk is online.",
	UncheckedDoAsk:    "Staff: check a pass, a paper result or an ID. F3 and your staff code let the person in.",
	UncheckedNoStaff:  "No staff code is set up on this kiosk, so nobody can let the person in.",
	NotCheckedWord:    "not checked",

	Admitted:          "LET IN BY STAFF",
	OverrideBy:        "Let in by %s: recorded with the reason and this device",
	ReasonStaffMember: "STAFF MEMBER",
	ReasonPaperResult: "PAPER RESULT",
	ReasonIDChecked:   "ID CHECKED",
	ReasonManager:     "MANAGER'S DECISION",
	ReasonOther:       "OTHER REASON",
	OverrideTitle:     "LET THIS PERSON IN",
	OverrideCode:      "Staff code:",
	OverrideCodeHelp:  "Type your staff code and press Enter · Esc cancels",
	OverrideWrong:     "Wrong code. Tries left: %d",
	OverrideLocked:    "Too many wrong codes: letting in is locked for %d s",
	OverrideWhy:       "Why is this person let in? Press a number · Esc cancels",
	OverrideFailed:    "Not let in: %s",
	OverrideTooLate:   "the refusal is more than 5 minutes old: scan again",
	OverrideHint:      "Staff: F3 lets this person in (staff code and reason)",
	OverrideSaving:    "Recording…",

	IdentityLine: "Born %s · %s",
	SexMale:      "male",
	SexFemale:    "female",

	OfflineSince:         "No answer from the server since %s (%s)",
	OfflineSinceStart:    "No answer from the server since the kiosk started (%s)",
	OfflineWorks:         "Still works:",
	OfflinePasses:        "signed passes, checked here (keys from %s)",
	OfflinePassesStale:   "passes: keys too old (%s), their colour is not used",
	OfflinePassesNone:    "passes: cannot be checked (keys never downloaded)",
	OfflineCache:         "people checked online in the last %s: their saved status",
	OfflineOthersAsk:     "everyone else: NOT CHECKED, staff decide",
	OfflineOthersRefuse:  "everyone else: NOT CHECKED, no entry",
	OfflineOthersAdmit:   "everyone else: NOT CHECKED, let in and recorded as such",
	OfflineRecords:       "every scan is recorded here and sent when the server answers",
	ConnectedNothingSent: "connected, nothing to send yet",
	Connecting:           "CONNECTING…",
	CountEstimateShort:   "an estimate while offline",
	DemoStaff:            "staff code (F3 on a refusal): %s",
	CameraNone:           "Camera: none found (still looking)",

	HeadRed:           "TESTED POSITIVE",
	HeadYellow:        "CONTACT OF A SICK PERSON",
	HeadFull:          "PLEASE WAIT",
	HeadAlreadyInside: "ALREADY INSIDE",
	HeadSavedStatus:   "OFFLINE: SAVED STATUS",
	OverLimit:         "The venue is over its limit: %d inside, the limit is %d. Please wait for people to leave.",
}

var ruDoor = map[Key]string{
	NotChecked:        "НЕ ПРОВЕРЕН",
	UncheckedLetIn:    "МОЖНО ВОЙТИ",
	UncheckedNoEntry:  "ВХОДА НЕТ",
	UncheckedAsk:      "РЕШАЕТ ПЕРСОНАЛ",
	WhyUnreachable:    "НЕТ СВЯЗИ С СЕРВЕРОМ",
	WhyTokenRefused:   "СЕРВЕР НЕ ПРИНЯЛ КИОСК",
	WhyUpstreamError:  "СБОЙ СЕРВЕРА",
	WhyNotAsked:       "СЕРВЕР НЕ ОПРАШИВАЛСЯ",
	UncheckedWhat:     "Статус здоровья проверить не удалось: он неизвестен, а не синий.",
	UncheckedDoAdmit:  "Впущен и записан как непроверенный. Если есть сомнения, попросите пропуск или документ.",
	UncheckedDoRefuse: "Попросите пропуск (он проверяется без сети) или попробуйте снова, когда киоск будет на связи.",
	UncheckedDoAsk:    "Персонал: проверьте пропуск, бумажный результат или документ. F3 и код сотрудника — впустить.",
	UncheckedNoStaff:  "На этом киоске не задан код сотрудника: впустить некому.",
	NotCheckedWord:    "не проверен",

	Admitted:          "ВПУЩЕН ПЕРСОНАЛОМ",
	OverrideBy:        "Впустил(а) %s: записано с причиной и этим устройством",
	ReasonStaffMember: "СОТРУДНИК",
	ReasonPaperResult: "БУМАЖНЫЙ РЕЗУЛЬТАТ",
	ReasonIDChecked:   "ДОКУМЕНТ ПРОВЕРЕН",
	ReasonManager:     "РЕШЕНИЕ МЕНЕДЖЕРА",
	ReasonOther:       "ДРУГАЯ ПРИЧИНА",
	OverrideTitle:     "ВПУСТИТЬ ПОСЕТИТЕЛЯ",
	OverrideCode:      "Код сотрудника:",
	OverrideCodeHelp:  "Введите код сотрудника и нажмите Enter · Esc — отмена",
	OverrideWrong:     "Неверный код. Осталось попыток: %d",
	OverrideLocked:    "Слишком много неверных кодов: впуск заблокирован на %d с",
	OverrideWhy:       "Почему посетитель впущен? Нажмите цифру · Esc — отмена",
	OverrideFailed:    "Не впущен: %s",
	OverrideTooLate:   "отказу больше 5 минут: отсканируйте снова",
	OverrideHint:      "Персонал: F3 — впустить (код сотрудника и причина)",
	OverrideSaving:    "Записываем…",

	IdentityLine: "Дата рождения %s · пол %s",
	SexMale:      "мужской",
	SexFemale:    "женский",

	OfflineSince:         "Сервер не отвечает с %s (%s)",
	OfflineSinceStart:    "Сервер не отвечает с запуска киоска (%s)",
	OfflineWorks:         "Без связи работает:",
	OfflinePasses:        "подписанные пропуска, проверка здесь (ключи получены %s)",
	OfflinePassesStale:   "пропуска: ключи устарели (%s), их цвет не принимается",
	OfflinePassesNone:    "пропуска: проверить нельзя (ключи не загружены)",
	OfflineCache:         "проверенные онлайн за последние %s: их сохранённый статус",
	OfflineOthersAsk:     "остальные: НЕ ПРОВЕРЕН, решает персонал",
	OfflineOthersRefuse:  "остальные: НЕ ПРОВЕРЕН, вход не разрешён",
	OfflineOthersAdmit:   "остальные: НЕ ПРОВЕРЕН, впускаются с такой отметкой",
	OfflineRecords:       "каждое сканирование записывается здесь и уйдёт на сервер, когда он ответит",
	ConnectedNothingSent: "на связи, отправлять пока нечего",
	Connecting:           "ПОДКЛЮЧЕНИЕ…",
	CountEstimateShort:   "оценка без связи",
	DemoStaff:            "код сотрудника (F3 при отказе): %s",
	CameraNone:           "Камера: не найдена (поиск продолжается)",

	HeadRed:           "ПОЛОЖИТЕЛЬНЫЙ ТЕСТ",
	HeadYellow:        "КОНТАКТ С ЗАБОЛЕВШИМ",
	HeadFull:          "ПОДОЖДИТЕ",
	HeadAlreadyInside: "УЖЕ ВНУТРИ",
	HeadSavedStatus:   "НЕТ СВЯЗИ: СОХРАНЁННЫЙ СТАТУС",
	OverLimit:         "Заведение переполнено: внутри %d при пределе %d. Подождите, пока люди выйдут.",
}

var kkDoor = map[Key]string{
	NotChecked:        "ТЕКСЕРУСІЗ",
	UncheckedLetIn:    "КІРУГЕ БОЛАДЫ",
	UncheckedNoEntry:  "КІРУГЕ БОЛМАЙДЫ",
	UncheckedAsk:      "ҚЫЗМЕТКЕР ШЕШЕДІ",
	WhyUnreachable:    "СЕРВЕРМЕН БАЙЛАНЫС ЖОҚ",
	WhyTokenRefused:   "СЕРВЕР КИОСКІНІ ҚАБЫЛДАМАДЫ",
	WhyUpstreamError:  "СЕРВЕР АҚАУЫ",
	WhyNotAsked:       "СЕРВЕР СҰРАЛМАДЫ",
	UncheckedWhat:     "Денсаулық мәртебесін тексеру мүмкін болмады: ол белгісіз, көк емес.",
	UncheckedDoAdmit:  "Кіргізілді және тексерілмеген деп жазылды. Күмән болса, рұқсатнама немесе құжат сұраңыз.",
	UncheckedDoRefuse: "Рұқсатнама сұраңыз (ол желісіз тексеріледі) немесе киоск желіге қосылғанда қайталаңыз.",
	UncheckedDoAsk:    "Қызметкер: рұқсатнаманы, қағаз нәтижені немесе құжатты тексеріңіз. F3 және қызметкер коды — кіргізу.",
	UncheckedNoStaff:  "Бұл киоскіде қызметкер коды орнатылмаған: кіргізе алатын ешкім жоқ.",
	NotCheckedWord:    "тексерілмеген",

	Admitted:          "ҚЫЗМЕТКЕР КІРГІЗДІ",
	OverrideBy:        "Кіргізген: %s; себебі мен осы құрылғы жазылды",
	ReasonStaffMember: "ҚЫЗМЕТКЕР",
	ReasonPaperResult: "ҚАҒАЗ НӘТИЖЕ",
	ReasonIDChecked:   "ҚҰЖАТ ТЕКСЕРІЛДІ",
	ReasonManager:     "МЕНЕДЖЕР ШЕШІМІ",
	ReasonOther:       "БАСҚА СЕБЕП",
	OverrideTitle:     "КЕЛУШІНІ КІРГІЗУ",
	OverrideCode:      "Қызметкер коды:",
	OverrideCodeHelp:  "Қызметкер кодын теріп, Enter басыңыз · Esc — бас тарту",
	OverrideWrong:     "Код қате. Қалған әрекет: %d",
	OverrideLocked:    "Қате код тым көп: кіргізу %d с бұғатталды",
	OverrideWhy:       "Келуші неге кіргізіледі? Санды басыңыз · Esc — бас тарту",
	OverrideFailed:    "Кіргізілмеді: %s",
	OverrideTooLate:   "бас тартудан бері 5 минуттан астам өтті: қайта сканерлеңіз",
	OverrideHint:      "Қызметкер: F3 — кіргізу (қызметкер коды және себеп)",
	OverrideSaving:    "Жазылуда…",

	IdentityLine: "Туған күні %s · жынысы %s",
	SexMale:      "ер",
	SexFemale:    "әйел",

	OfflineSince:         "Сервер жауап бермейді, үзілген уақыт: %s (%s)",
	OfflineSinceStart:    "Киоск іске қосылғаннан бері сервер жауап бермейді (%s)",
	OfflineWorks:         "Байланыссыз жұмыс істейді:",
	OfflinePasses:        "қолтаңбалы рұқсатнамалар осы жерде тексеріледі (кілттер %s алынған)",
	OfflinePassesStale:   "рұқсатнамалар: кілттер ескірген (%s), олардың түсі қабылданбайды",
	OfflinePassesNone:    "рұқсатнамалар: тексеру мүмкін емес (кілттер жүктелмеген)",
	OfflineCache:         "соңғы %s ішінде онлайн тексерілгендер: сақталған мәртебесі",
	OfflineOthersAsk:     "қалғандары: ТЕКСЕРУСІЗ, қызметкер шешеді",
	OfflineOthersRefuse:  "қалғандары: ТЕКСЕРУСІЗ, кіргізілмейді",
	OfflineOthersAdmit:   "қалғандары: ТЕКСЕРУСІЗ, осындай белгімен кіргізіледі",
	OfflineRecords:       "әр сканерлеу осында жазылады, сервер жауап бергенде жіберіледі",
	ConnectedNothingSent: "байланыс бар, әзірге жіберетін ештеңе жоқ",
	Connecting:           "ҚОСЫЛУДА…",
	CountEstimateShort:   "байланыссыз бағалау",
	DemoStaff:            "қызметкер коды (бас тартқанда F3): %s",
	CameraNone:           "Камера: табылмады (іздеу жалғасуда)",

	HeadRed:           "ТЕСТ ОҢ",
	HeadYellow:        "НАУҚАСПЕН БАЙЛАНЫСТА БОЛҒАН",
	HeadFull:          "КҮТЕ ТҰРЫҢЫЗ",
	HeadAlreadyInside: "ІШІНДЕ БАР",
	HeadSavedStatus:   "БАЙЛАНЫС ЖОҚ: САҚТАЛҒАН МӘРТЕБЕ",
	OverLimit:         "Мекеме шектен асты: ішінде %d, шегі %d. Адамдар шыққанша күте тұрыңыз.",
}

func init() {
	for _, c := range []struct{ into, from map[Key]string }{{en, enDoor}, {ru, ruDoor}, {kk, kkDoor}} {
		for k, v := range c.from {
			c.into[k] = v
		}
	}
}
