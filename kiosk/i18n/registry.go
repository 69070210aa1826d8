package i18n

import (
	"maps"
	"time"
)

// The messages that say why the registry gave a status (the upstream's
// wire.StatusReason) live together here and join the catalogs at start-up.
// They carry as little as the door needs: a date, or how long ago.
const (
	BecausePositive   Key = "because.positive"
	BecauseContact    Key = "because.contact"
	BecauseNegative   Key = "because.negative"
	BecauseVaccinated Key = "because.vaccinated"
	BecauseManual     Key = "because.manual"
	BecauseNothing    Key = "because.none"
	// DayMonth formats a date: the day (%d) and the month's name (%s).
	DayMonth Key = "date.day_month"
)

// Month is the key of a month's name as a date says it ("12 March",
// "12 марта", "12 наурыз").
func Month(m time.Month) Key { return Key("date.month." + m.String()) }

func init() {
	maps.Copy(en, enRegistry)
	maps.Copy(ru, ruRegistry)
	maps.Copy(kk, kkRegistry)
}

// months makes the month keys from twelve names, January first.
func months(names ...string) map[Key]string {
	m := make(map[Key]string, 12)
	for i, n := range names {
		m[Month(time.Month(i+1))] = n
	}
	return m
}

var enRegistry = merge(map[Key]string{
	BecausePositive:   "Positive test, until %s",
	BecauseContact:    "Contact of a sick person, until %s",
	BecauseNegative:   "Tested negative %s",
	BecauseVaccinated: "Vaccinated, until %s",
	BecauseManual:     "Status set by the registry's operator",
	BecauseNothing:    "No current test or contact record",
	DayMonth:          "%d %s",
}, months("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
	"November", "December"))

var ruRegistry = merge(map[Key]string{
	BecausePositive:   "Положительный тест, до %s",
	BecauseContact:    "Контакт с заболевшим, до %s",
	BecauseNegative:   "Отрицательный тест %s",
	BecauseVaccinated: "Вакцинирован, до %s",
	BecauseManual:     "Статус задан оператором реестра",
	BecauseNothing:    "Нет действующих тестов и контактов",
	DayMonth:          "%d %s",
}, months("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
	"ноября", "декабря"))

var kkRegistry = merge(map[Key]string{
	BecausePositive:   "Оң тест, мерзімі: %s",
	BecauseContact:    "Науқаспен байланыс, мерзімі: %s",
	BecauseNegative:   "Теріс тест %s",
	BecauseVaccinated: "Вакцина алған, мерзімі: %s",
	BecauseManual:     "Мәртебені тізілім операторы қойған",
	BecauseNothing:    "Жарамды тест не байланыс жоқ",
	DayMonth:          "%d %s",
}, months("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
	"қараша", "желтоқсан"))
