package i18n

import "golang.org/x/text/feature/plural"

// kk is the Kazakh catalog, in Kazakh Cyrillic.
var kk = map[Key]string{
	ModeEntrance: "КІРУ",
	ModeExit:     "ШЫҒУ",

	ColourGreen:  "ЖАСЫЛ",
	ColourYellow: "САРЫ",
	ColourRed:    "ҚЫЗЫЛ",
	ColourBlue:   "КӨК",

	Welcome:         "ҚОШ КЕЛДІҢІЗ",
	EntryDenied:     "КІРУГЕ БОЛМАЙДЫ",
	Goodbye:         "САУ БОЛЫҢЫЗ",
	CodeNotAccepted: "КОД ҚАБЫЛДАНБАДЫ",
	NotRecorded:     "ТІРКЕЛМЕДІ",
	ErrorTitle:      "ҚАТЕ",

	NothingRecorded: "Ештеңе тіркелмеді.",
	CallStaff:       "Қызметкерді шақырыңыз.",
	ScannedCode:     "Код: %s",
	IINLabel:        "ЖСН %s",
	Countdown:       "Келесі келуші %d с кейін — немесе кез келген пернені басыңыз",

	ReasonEmpty:        "Код бос.",
	ReasonTooLong:      "Код Ashyq коды болу үшін тым ұзын.",
	ReasonWebLink:      "Бұл Ashyq коды емес, веб-сілтеме.",
	ReasonEUDCC:        "ЕО-ның цифрлық COVID сертификаттары мұнда қабылданбайды.",
	ReasonUnsupported:  "Бұл код түріне қолдау көрсетілмейді.",
	ReasonLength:       "ЖСН дәл 12 цифрдан тұрады.",
	ReasonNotDigits:    "ЖСН тек цифрлардан тұрады.",
	ReasonCentury:      "7-цифр (ғасыр және жыныс) 1-ден 6-ға дейін болуы керек.",
	ReasonBirthDate:    "Алғашқы алты цифр нақты туған күн емес.",
	ReasonCheckDigit:   "Бақылау цифры сәйкес келмейді: бір цифр қате терілген.",
	ReasonNoCheckDigit: "Мұндай цифрлары бар жарамды ЖСН болмайды.",
	ReasonUnknown:      "Кодты оқу мүмкін болмады.",

	RefusedStatus:  "Денсаулық мәртебесі кіруге рұқсат бермейді.",
	RefusedOffline: "Байланыс жоқ, мәртебе белгісіз; мекеме ережесі кіруге рұқсат бермейді.",
	RefusedOther:   "Бас тартылды: %s",

	SourceOnline: "Мәртебе онлайн тексерілді",
	SourceCache:  "Байланыс жоқ: сақталған мәртебе, %s",
	SourceNone:   "Байланыс жоқ: дерек жоқ, мекеменің офлайн ережесі шешті",

	Online:      "ОНЛАЙН",
	Offline:     "БАЙЛАНЫС ЖОҚ",
	LastSync:    "соңғы синхрондау %s",
	NeverSynced: "әлі синхрондалмаған",
	AllSynced:   "Барлық жазбалар жіберілді",
	Inside:      "Қазір ішінде: %d",
	ClockSkew:   "Құрылғы сағаты %s қателесіп тұр — уақытты тексеріңіз",
	Storage:     "Жад ақауы: %s",
	OutboxMoved: "Жазбалар файлы бүлінген, ол %s орнына жылжытылды; жаңа файл басталды",

	CameraOff:         "Камера: өшірулі",
	CameraUnsupported: "Камера: бұл нұсқада қолдау жоқ",
	CameraSearching:   "Камера: ізделуде…",
	CameraBusy:        "Камера: басқа бағдарлама қолдануда",
	CameraRunning:     "Камера: дайын",
	CameraLost:        "Камера: жоғалды, қайта қосылуда…",

	VenueLabel:  "Мекеме",
	DoorLabel:   "Есік",
	InputPrompt: "ЖСН немесе код:",
	Hint:        "Кодты сканерлеңіз немесе ЖСН енгізіп, Enter басыңыз",
	Checking:    "Тексерілуде…",
	DemoTitle:   "Демо ЖСН",
	QuitConfirm: "Шығу үшін ctrl+c пернесін қайта басыңыз",

	JustNow:    "жаңа ғана",
	SecondsAgo: "%d с бұрын",
	MinutesAgo: "%d мин бұрын",
	HoursAgo:   "%d сағ бұрын",
	DaysAgo:    "%d күн бұрын",
	Seconds:    "%d с",
	Minutes:    "%d мин",
	Hours:      "%d сағ",

	OwnerTitle:     "ИЕСІНІҢ МӘЗІРІ",
	OwnerPIN:       "Иесінің PIN коды:",
	OwnerPINHelp:   "PIN кодты теріп, Enter басыңыз · Esc — бас тарту",
	OwnerWrongPIN:  "PIN қате: %d әрекет қалды",
	OwnerLocked:    "Қате PIN тым көп: иесінің мәзірі %d с бұғатталды",
	OwnerModeLabel: "Есік режимі",
	OwnerLangLabel: "Тіл",
	OwnerClose:     "Жабу",
	OwnerMenuHelp:  "Сан немесе ↑↓, содан кейін Enter · Esc — жабу · 30 с кейін өзі жабылады",
	OwnerSaving:    "Сақталуда…",
	OwnerSaved:     "Сақталды: қайта іске қосқаннан кейін де қалады",
	OwnerNotSaved:  "Қазір әрекет етеді, бірақ САҚТАЛМАДЫ (қайта іске қосқанда жоғалады): %s",
	OwnerModeFail:  "Режим өзгертілмеді: %s",
	ModeByOwner:    "Режимді иесі орнатты",

	TokenRefused:            "ТОКЕН ҚАБЫЛДАНБАДЫ",
	ProblemUnreachable:      "Серверге қосылу мүмкін емес",
	ProblemTimeout:          "Сервер уақытында жауап бермеді",
	ProblemConnRefused:      "Сервер қосылудан бас тартты",
	ProblemDNS:              "Сервердің атауы табылмады",
	ProblemReset:            "Сервермен байланыс үзілді",
	ProblemBusy:             "Сервер бос емес, күтуді сұрайды (%d)",
	ProblemServerError:      "Серверде ақау бар (%d)",
	ProblemTokenRefused:     "Сервер құрылғы токенін қабылдамады (%d) — қызметкерді шақырыңыз",
	ProblemRefusedBatch:     "Сервер сұрауды қабылдамады (%d): сервер мекенжайын тексеріңіз",
	ProblemBadAnswer:        "Сервер жарамсыз жауап жіберді",
	ProblemOutboxFull:       "жазбалар қоймасы толы — сканерлеулер тіркелмейді",
	ProblemOutboxUnreadable: "жазбалар қоймасын оқу не жазу мүмкін емес",

	Full:               "ОРЫН ЖОҚ",
	FullDetail:         "Мекеме толы (ішінде %d / %d). Біреу шыққанша күтіңіз.",
	AlreadyInside:      "Ішінде бар: қайта саналмайды",
	ExitRecorded:       "Шығу тіркелді",
	StatusWas:          "Денсаулық мәртебесі: %s",
	RefusedRed:         "Мәртебе ҚЫЗЫЛ: тест оң. Кіруге болмайды.",
	RefusedYellow:      "Мәртебе САРЫ: науқаспен байланыс. Кіруге болмайды.",
	ReasonVenue:        "Бұл мекеме коды. Өзіңіздің жеке кодыңызды немесе ЖСН көрсетіңіз.",
	Open:               "АШЫҚ",
	InsideLabel:        "ішінде",
	InsideOf:           "ішінде %d / %d",
	CountUpstream:      "сервердегі мекеменің жалпы саны",
	CountEstimate:      "байланыссыз бағалау: сервердің соңғы саны және осы құрылғының келушілері",
	CountLocal:         "құрылғының өз есебі (сервер әлі жауап бермеді)",
	CapacityNone:       "ішінде %d, шектеу жоқ",
	ClosingAt:          "%s жабылады",
	SoundBellOnly:      "Дыбыс: дыбыс картасы жоқ, тек терминал сигналы",
	WakeHint:           "Кодты сканерлеңіз немесе пернені басыңыз",
	NotRecordedStorage: "Жазбаны осы құрылғыда сақтау мүмкін болмады.",
	SeeTheLog:          "Толығырақ осы құрылғының журналында.",
}

// kkPlural holds the Kazakh counted messages. A Kazakh noun after a numeral
// stays singular, so both forms read the same; both are written so the
// completeness test treats Kazakh like the others.
var kkPlural = map[Key]Forms{
	Pending: {
		plural.One:   "%d жазба жіберуді күтуде, ең ескісі %s",
		plural.Other: "%d жазба жіберуді күтуде, ең ескісі %s",
	},
	PendingCount: {
		plural.One:   "%d жазба жіберуді күтуде",
		plural.Other: "%d жазба жіберуді күтуде",
	},
	DeadLetters: {
		plural.One:   "Сервер %d жазбаны қабылдамады — қызметкерді шақырыңыз",
		plural.Other: "Сервер %d жазбаны қабылдамады — қызметкерді шақырыңыз",
	},
	Queued: {
		plural.One:   "кезекте тағы %d",
		plural.Other: "кезекте тағы %d",
	},
}
