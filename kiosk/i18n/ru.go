package i18n

import "golang.org/x/text/feature/plural"

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
	AllSynced:   "Все записи отправлены",
	Inside:      "Сейчас внутри: %d",
	ClockSkew:   "Часы устройства расходятся на %s — проверьте время",
	Storage:     "Проблема с хранилищем: %s",
	OutboxMoved: "Файл записей был повреждён и перемещён в %s; начат новый",

	CameraOff:         "Камера: выключена",
	CameraUnsupported: "Камера: не поддерживается этой сборкой",
	CameraSearching:   "Камера: поиск…",
	CameraBusy:        "Камера: занята другой программой",
	CameraRunning:     "Камера: готова",
	CameraLost:        "Камера: потеряна, переподключение…",

	VenueLabel:  "Заведение",
	DoorLabel:   "Дверь",
	InputPrompt: "ИИН или код:",
	Hint:        "Отсканируйте код или введите ИИН и нажмите Enter",
	Checking:    "Проверка…",
	DemoTitle:   "Демо-ИИН",
	QuitConfirm: "Нажмите ctrl+c ещё раз, чтобы выйти",

	JustNow:    "только что",
	SecondsAgo: "%d с назад",
	MinutesAgo: "%d мин назад",
	HoursAgo:   "%d ч назад",
	DaysAgo:    "%d дн. назад",
	Seconds:    "%d с",
	Minutes:    "%d мин",
	Hours:      "%d ч",

	OwnerTitle:     "МЕНЮ ВЛАДЕЛЬЦА",
	OwnerPIN:       "PIN владельца:",
	OwnerPINHelp:   "Введите PIN и нажмите Enter · Esc — отмена",
	OwnerWrongPIN:  "Неверный PIN: осталось попыток: %d",
	OwnerLocked:    "Слишком много неверных PIN: меню владельца заблокировано на %d с",
	OwnerModeLabel: "Режим двери",
	OwnerLangLabel: "Язык",
	OwnerClose:     "Закрыть",
	OwnerMenuHelp:  "Цифра или ↑↓, затем Enter · Esc — закрыть · закроется само через 30 с",
	OwnerSaving:    "Сохранение…",
	OwnerSaved:     "Сохранено: останется после перезапуска",
	OwnerNotSaved:  "Действует сейчас, но НЕ СОХРАНЕНО (пропадёт при перезапуске): %s",
	OwnerModeFail:  "Режим не изменён: %s",
	ModeByOwner:    "Режим задан владельцем",

	TokenRefused:            "ТОКЕН ОТКЛОНЁН",
	ProblemUnreachable:      "Сервер недоступен",
	ProblemTimeout:          "Сервер не ответил вовремя",
	ProblemConnRefused:      "Сервер отклонил соединение",
	ProblemDNS:              "Имя сервера не найдено",
	ProblemReset:            "Соединение с сервером прервано",
	ProblemBusy:             "Сервер перегружен и просит подождать (%d)",
	ProblemServerError:      "Сбой на сервере (%d)",
	ProblemTokenRefused:     "Сервер отклонил токен устройства (%d) — позовите сотрудника",
	ProblemRefusedBatch:     "Сервер отклонил запрос (%d): проверьте адрес сервера",
	ProblemBadAnswer:        "Сервер прислал непригодный ответ",
	ProblemOutboxFull:       "хранилище переполнено, сканирования не записываются",
	ProblemOutboxUnreadable: "файл записей не читается и не пишется",
}

// ruPlural holds the Russian counted messages: one (1, 21), few (2–4,
// 22–24), many (0, 5–20, 25).
var ruPlural = map[Key]Forms{
	Pending: {
		plural.One:  "%d запись ожидает отправки, самая старая %s",
		plural.Few:  "%d записи ожидают отправки, самая старая %s",
		plural.Many: "%d записей ожидают отправки, самая старая %s",
	},
	PendingCount: {
		plural.One:  "%d запись ожидает отправки",
		plural.Few:  "%d записи ожидают отправки",
		plural.Many: "%d записей ожидают отправки",
	},
	DeadLetters: {
		plural.One:  "%d запись отклонена сервером — позовите сотрудника",
		plural.Few:  "%d записи отклонены сервером — позовите сотрудника",
		plural.Many: "%d записей отклонено сервером — позовите сотрудника",
	},
	Queued: {
		plural.One:  "ещё %d в очереди",
		plural.Few:  "ещё %d в очереди",
		plural.Many: "ещё %d в очереди",
	},
}
