package i18n

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
	Pending:     "Жіберуді күтуде: %d, ең ескісі %s",
	AllSynced:   "Барлық жазбалар жіберілді",
	DeadLetters: "Сервер қабылдамаған жазбалар: %d — қызметкерді шақырыңыз",
	Inside:      "Қазір ішінде: %d",
	ClockSkew:   "Құрылғы сағаты %s қателесіп тұр — уақытты тексеріңіз",
	Storage:     "Жад ақауы: %s",

	CameraOff:         "Камера: өшірулі",
	CameraUnsupported: "Камера: бұл нұсқада қолдау жоқ",
	CameraSearching:   "Камера: ізделуде…",
	CameraBusy:        "Камера: басқа бағдарлама қолдануда",
	CameraRunning:     "Камера: дайын",

	VenueLabel:  "Мекеме",
	DoorLabel:   "Есік",
	InputPrompt: "ЖСН немесе код:",
	Hint:        "Кодты сканерлеңіз немесе ЖСН енгізіп, Enter басыңыз",
	Checking:    "Тексерілуде…",
	Queued:      "кезекте тағы %d",
	DemoTitle:   "Демо ЖСН",
	QuitConfirm: "Шығу үшін ctrl+c пернесін қайта басыңыз",

	JustNow:    "жаңа ғана",
	SecondsAgo: "%d с бұрын",
	MinutesAgo: "%d мин бұрын",
	HoursAgo:   "%d сағ бұрын",
	DaysAgo:    "%d күн бұрын",
	Seconds:    "%d с",
}
