package i18n

import "maps"

// The messages about signed passes live together here and join the
// catalogs at start-up, so the pass feature's texts are reviewed in one
// place. Reason keys are "pass.reason." + the reason identifier that
// sync/pass, kiosk/door, --headless and `check` use.
const (
	SourcePass     Key = "source.pass"
	PassNote       Key = "pass.note"
	PassKeysAge    Key = "pass.keys_age"
	PassKeysNever  Key = "pass.keys_never"
	PassKeysStale  Key = "pass.keys_stale"
	PassClockWrong Key = "pass.clock_wrong"
	BreakerOpen    Key = "pass.breaker_open"
	// PassUsedAt and PassUsedOtherVenue say where and when another door
	// used a code first (the door's name, how long ago).
	PassUsedAt         Key = "pass.used_at"
	PassUsedOtherVenue Key = "pass.used_other_venue"
	// PassDenyFull and PassDenyBehind say the kiosk does not hold the
	// whole deny list (too long for it: the most it holds; still loading).
	PassDenyFull   Key = "pass.deny_full"
	PassDenyBehind Key = "pass.deny_behind"
)

// PassReason is the key of a pass reason ("replay", "deny-listed", ...).
func PassReason(reason string) Key { return Key("pass.reason." + reason) }

// PassReasons lists every reason with a message, for tests.
var PassReasons = []string{
	"wrong-prefix", "unsupported-version", "oversize", "truncated", "garbled", "trailing-garbage", "malformed",
	"unknown-key", "key-expired", "key-not-yet-valid", "forged-signature", "proof-forged", "proof-too-old",
	"proof-future", "other-venue", "replay", "deny-listed", "status-expired", "status-changed", "keys-stale",
	"clock-untrusted", "no-pass-keys", "bad-holder-key", "bad-iin", "venue-required", "used-elsewhere",
	"deny-list-incomplete",
}

func init() {
	maps.Copy(en, enPass)
	maps.Copy(ru, ruPass)
	maps.Copy(kk, kkPass)
}

func reasons(texts ...string) map[Key]string {
	m := make(map[Key]string, len(texts))
	for i, t := range texts {
		m[PassReason(PassReasons[i])] = t
	}
	return m
}

var enPass = merge(map[Key]string{
	SourcePass:         "Offline: status from the signed pass",
	PassNote:           "The pass's colour was not used: %s",
	PassKeysAge:        "Pass keys updated %s",
	PassKeysNever:      "Pass keys never updated: passes cannot be checked offline",
	PassKeysStale:      "Pass keys older than %s: passes are not trusted offline",
	PassClockWrong:     "Device clock is wrong: passes are refused until the upstream is reached",
	BreakerOpen:        "Upstream not answering: deciding without waiting for it",
	PassUsedAt:         "Used at door %s, %s",
	PassUsedOtherVenue: "Used at another venue, %s",
	PassDenyFull:       "List of revoked passes too long for this kiosk (%d): passes are not trusted offline",
	PassDenyBehind:     "List of revoked passes still loading: passes are not trusted offline",
}, reasons(
	"This does not start like an Ashyq pass (AQ1:).",
	"This pass is a newer version than this kiosk reads: update the kiosk.",
	"The code is too long to be an Ashyq pass.",
	"The pass code is cut short: scan it again, whole.",
	"The pass code is damaged: scan it again.",
	"The pass code has extra data at its end.",
	"The code is not a valid Ashyq pass.",
	"The pass is signed with a key this kiosk does not know.",
	"The pass is signed with a key that is no longer valid.",
	"The pass is signed with a key that is not valid yet.",
	"The pass signature is forged.",
	"The code was not made by the pass holder's phone.",
	"The code is too old: a photo or a screenshot? Show the live code.",
	"The code's time is ahead of this kiosk's clock.",
	"The code was made for another venue.",
	"This exact code was scanned already: wait for the code to change.",
	"This pass has been revoked.",
	"The status on the pass has expired.",
	"The status has changed since the pass was issued.",
	"The pass keys are too old to trust a pass offline.",
	"The device clock is wrong: passes cannot be checked. Call staff.",
	"This kiosk is not set up to check passes.",
	"This pass was issued wrongly (its phone key is not valid): ask for a new pass.",
	"The IIN on this pass is not valid: ask for a new pass.",
	"This venue takes only codes made for it: choose the venue in your wallet (scan its code at the door).",
	"This code was already used at another door: show your own live code.",
	"This kiosk does not hold the whole list of revoked passes: a pass is not trusted offline.",
))

var ruPass = merge(map[Key]string{
	SourcePass:         "Нет связи: статус из подписанного пропуска",
	PassNote:           "Цвет из пропуска не использован: %s",
	PassKeysAge:        "Ключи пропусков обновлены %s",
	PassKeysNever:      "Ключи пропусков не загружены: без связи пропуска не проверить",
	PassKeysStale:      "Ключи пропусков старше %s: без связи пропускам не доверяем",
	PassClockWrong:     "Часы устройства неверны: пропуска не принимаются до связи с сервером",
	BreakerOpen:        "Сервер не отвечает: решаем, не дожидаясь его",
	PassUsedAt:         "Использован у двери %s, %s",
	PassUsedOtherVenue: "Использован в другом заведении, %s",
	PassDenyFull:       "Список отозванных пропусков слишком длинный для киоска (%d): без связи пропускам не доверяем",
	PassDenyBehind:     "Список отозванных пропусков ещё загружается: без связи пропускам не доверяем",
}, reasons(
	"Код начинается не как пропуск Ashyq (AQ1:).",
	"Пропуск более новой версии, чем читает киоск: обновите киоск.",
	"Код слишком длинный для пропуска Ashyq.",
	"Код пропуска обрезан: отсканируйте его целиком ещё раз.",
	"Код пропуска повреждён: отсканируйте ещё раз.",
	"В конце кода пропуска лишние данные.",
	"Это не действительный пропуск Ashyq.",
	"Пропуск подписан ключом, неизвестным киоску.",
	"Пропуск подписан ключом, срок действия которого истёк.",
	"Пропуск подписан ключом, который ещё не действует.",
	"Подпись пропуска подделана.",
	"Код создан не телефоном владельца пропуска.",
	"Код устарел: фото или снимок экрана? Покажите живой код.",
	"Время кода опережает часы киоска.",
	"Код создан для другого заведения.",
	"Этот код уже сканировали: дождитесь смены кода.",
	"Пропуск отозван.",
	"Срок статуса в пропуске истёк.",
	"Статус изменился после выдачи пропуска.",
	"Ключи пропусков устарели: без связи пропуску нельзя доверять.",
	"Часы устройства неверны: пропуска проверить нельзя. Позовите сотрудника.",
	"Киоск не настроен для проверки пропусков.",
	"Пропуск выдан с ошибкой (ключ телефона недействителен): запросите новый пропуск.",
	"ИИН в пропуске недействителен: запросите новый пропуск.",
	"Здесь принимают только коды для этого заведения: выберите его в кошельке (отсканируйте его код у двери).",
	"Этот код уже использован у другой двери: покажите свой живой код.",
	"У киоска нет полного списка отозванных пропусков: без связи пропуску нельзя доверять.",
))

var kkPass = merge(map[Key]string{
	SourcePass:         "Байланыс жоқ: мәртебе қол қойылған рұқсатнамадан",
	PassNote:           "Рұқсатнамадағы түс қолданылмады: %s",
	PassKeysAge:        "Рұқсатнама кілттері жаңартылды: %s",
	PassKeysNever:      "Рұқсатнама кілттері жүктелмеген: байланыссыз рұқсатнаманы тексеру мүмкін емес",
	PassKeysStale:      "Рұқсатнама кілттері %s асқан: байланыссыз рұқсатнамаларға сенбейміз",
	PassClockWrong:     "Құрылғы сағаты қате: сервермен байланыс болғанша рұқсатнамалар қабылданбайды",
	BreakerOpen:        "Сервер жауап бермейді: оны күтпей шешеміз",
	PassUsedAt:         "%s есігінде қолданылған, %s",
	PassUsedOtherVenue: "Басқа мекемеде қолданылған, %s",
	PassDenyFull:       "Кері қайтарылған рұқсатнамалар тізімі бұл киоск үшін тым ұзын (%d): байланыссыз рұқсатнамаларға сенбейміз",
	PassDenyBehind:     "Кері қайтарылған рұқсатнамалар тізімі әлі жүктелуде: байланыссыз рұқсатнамаларға сенбейміз",
}, reasons(
	"Код Ashyq рұқсатнамасы сияқты басталмайды (AQ1:).",
	"Рұқсатнама киоск оқитыннан жаңа нұсқада: киоскіні жаңартыңыз.",
	"Код Ashyq рұқсатнамасы үшін тым ұзын.",
	"Рұқсатнама коды қысқартылған: оны толығымен қайта сканерлеңіз.",
	"Рұқсатнама коды бүлінген: қайта сканерлеңіз.",
	"Рұқсатнама кодының соңында артық деректер бар.",
	"Бұл жарамды Ashyq рұқсатнамасы емес.",
	"Рұқсатнамаға киоскіге белгісіз кілтпен қол қойылған.",
	"Рұқсатнамаға мерзімі өткен кілтпен қол қойылған.",
	"Рұқсатнамаға әлі күшіне енбеген кілтпен қол қойылған.",
	"Рұқсатнаманың қолтаңбасы жалған.",
	"Кодты рұқсатнама иесінің телефоны жасамаған.",
	"Код ескірген: фото ма, скриншот па? Тірі кодты көрсетіңіз.",
	"Кодтың уақыты киоск сағатынан озып кеткен.",
	"Код басқа мекемеге арналып жасалған.",
	"Бұл код бұрын сканерленген: код ауысқанша күтіңіз.",
	"Рұқсатнама кері қайтарылған.",
	"Рұқсатнамадағы мәртебенің мерзімі өтті.",
	"Рұқсатнама берілгеннен кейін мәртебе өзгерді.",
	"Рұқсатнама кілттері ескірген: байланыссыз рұқсатнамаға сенуге болмайды.",
	"Құрылғы сағаты қате: рұқсатнамаларды тексеру мүмкін емес. Қызметкерді шақырыңыз.",
	"Киоск рұқсатнамаларды тексеруге бапталмаған.",
	"Рұқсатнама қате берілген (телефон кілті жарамсыз): жаңа рұқсатнама сұраңыз.",
	"Рұқсатнамадағы ЖСН жарамсыз: жаңа рұқсатнама сұраңыз.",
	"Мұнда тек осы мекемеге арналған кодтар қабылданады: әмиянда мекемені таңдаңыз (есіктегі кодын сканерлеңіз).",
	"Бұл код басқа есікте қолданылып қойған: өз тірі кодыңызды көрсетіңіз.",
	"Киоскіде кері қайтарылған рұқсатнамалардың толық тізімі жоқ: байланыссыз рұқсатнамаға сенуге болмайды.",
))

func merge(a, b map[Key]string) map[Key]string {
	maps.Copy(a, b)
	return a
}
