package i18n

// ru is the Russian catalog.
var ru = map[Key]string{
	ModeEntrance: "ВХОД",
	ModeExit:     "ВЫХОД",

	ColourGreen:  "ЗЕЛЁНЫЙ",
	ColourYellow: "ЖЁЛТЫЙ",
	ColourRed:    "КРАСНЫЙ",
	ColourBlue:   "СИНИЙ",

	Welcome:         "ДОБРО ПОЖАЛОВАТЬ",
	EntryDenied:     "ВХОД ЗАПРЕЩЁН",
	Goodbye:         "ДО СВИДАНИЯ",
	CodeNotAccepted: "КОД НЕ ПРИНЯТ",
	NotRecorded:     "НЕ ЗАПИСАНО",
	ErrorTitle:      "ОШИБКА",

	NothingRecorded: "Ничего не записано.",
	CallStaff:       "Позовите сотрудника.",
	ScannedCode:     "Код: %s",
	IINLabel:        "ИИН %s",
	Countdown:       "Следующий посетитель через %d с — или нажмите любую клавишу",

	ReasonEmpty:        "Код пустой.",
	ReasonTooLong:      "Код слишком длинный для кода Ashyq.",
	ReasonWebLink:      "Это веб-ссылка, а не код Ashyq.",
	ReasonEUDCC:        "Цифровые COVID-сертификаты ЕС здесь не принимаются.",
	ReasonUnsupported:  "Такой вид кода не поддерживается.",
	ReasonLength:       "ИИН состоит ровно из 12 цифр.",
	ReasonNotDigits:    "ИИН состоит только из цифр.",
	ReasonCentury:      "7-я цифра (век и пол) должна быть от 1 до 6.",
	ReasonBirthDate:    "Первые шесть цифр не образуют настоящую дату рождения.",
	ReasonCheckDigit:   "Контрольная цифра не совпадает: одна из цифр введена неверно.",
	ReasonNoCheckDigit: "Действительного ИИН с такими цифрами не существует.",
	ReasonUnknown:      "Код не удалось прочитать.",

	RefusedStatus:  "Статус здоровья не позволяет войти.",
	RefusedOffline: "Нет связи и статус неизвестен; правила заведения запрещают вход.",
	RefusedOther:   "Отказ: %s",

	SourceOnline: "Статус проверен онлайн",
	SourceCache:  "Нет связи: сохранённый статус, %s",
	SourceNone:   "Нет связи: данных нет, решило офлайн-правило заведения",

	Online:      "ОНЛАЙН",
	Offline:     "НЕТ СВЯЗИ",
	LastSync:    "последняя синхронизация %s",
	NeverSynced: "синхронизации ещё не было",
	Pending:     "Ожидают отправки: %d, самая старая %s",
	AllSynced:   "Все записи отправлены",
	DeadLetters: "Записей отклонено сервером: %d — позовите сотрудника",
	Inside:      "Сейчас внутри: %d",
	ClockSkew:   "Часы устройства расходятся на %s — проверьте время",
	Storage:     "Проблема с хранилищем: %s",

	CameraOff:         "Камера: выключена",
	CameraUnsupported: "Камера: не поддерживается этой сборкой",
	CameraSearching:   "Камера: поиск…",
	CameraBusy:        "Камера: занята другой программой",
	CameraRunning:     "Камера: готова",

	VenueLabel:  "Заведение",
	DoorLabel:   "Дверь",
	InputPrompt: "ИИН или код:",
	Hint:        "Отсканируйте код или введите ИИН и нажмите Enter",
	Checking:    "Проверка…",
	Queued:      "ещё в очереди: %d",
	DemoTitle:   "Демо-ИИН",
	QuitConfirm: "Нажмите ctrl+c ещё раз, чтобы выйти",

	JustNow:    "только что",
	SecondsAgo: "%d с назад",
	MinutesAgo: "%d мин назад",
	HoursAgo:   "%d ч назад",
	DaysAgo:    "%d дн. назад",
	Seconds:    "%d с",
}
