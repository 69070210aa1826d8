package i18n

import "maps"

// A blank kiosk's screen: how to enrol it with a code from the owner's page
// (docs/owner.md, "Adding a door"), and what became of a code.
const (
	EnrolTitle       Key = "enrol.title"
	EnrolHow         Key = "enrol.how"
	EnrolType        Key = "enrol.type"
	EnrolWhere       Key = "enrol.where"
	EnrolChecking    Key = "enrol.checking"
	EnrolDone        Key = "enrol.done"
	EnrolNotACode    Key = "enrol.not_a_code"
	EnrolNoUpstream  Key = "enrol.no_upstream"
	EnrolUnknown     Key = "enrol.unknown"
	EnrolUsed        Key = "enrol.used"
	EnrolExpired     Key = "enrol.expired"
	EnrolBusy        Key = "enrol.busy"
	EnrolUnreachable Key = "enrol.unreachable"
	EnrolNotSaved    Key = "enrol.not_saved"
)

func init() {
	maps.Copy(en, enEnrol)
	maps.Copy(ru, ruEnrol)
	maps.Copy(kk, kkEnrol)
}

var enEnrol = map[Key]string{
	EnrolTitle:       "NOT ENROLLED",
	EnrolHow:         "Owner: on your venue's page open Add a door and show its code to this camera.",
	EnrolType:        "Or type the code printed under it (12 letters and digits) and press Enter:",
	EnrolWhere:       "Upstream: %s",
	EnrolChecking:    "Checking the code…",
	EnrolDone:        "Enrolled: kiosk %s at door %s of %s. Starting…",
	EnrolNotACode:    "That is not an enrolment code: it has 12 letters and digits.",
	EnrolNoUpstream:  "A typed code needs the upstream's address: show the QR code instead.",
	EnrolUnknown:     "No such code. Check it on the owner's page.",
	EnrolUsed:        "This code was used already. Make a new one on the owner's page.",
	EnrolExpired:     "This code has expired. Make a new one on the owner's page.",
	EnrolBusy:        "Too many tries from here. Wait a minute and try again.",
	EnrolUnreachable: "The upstream cannot be reached. Check the network and try again.",
	EnrolNotSaved:    "The code was taken but could not be saved here: call the installer.",
}

var ruEnrol = map[Key]string{
	EnrolTitle:       "НЕ ПОДКЛЮЧЁН",
	EnrolHow:         "Владелец: на странице заведения откройте «Добавить дверь» и покажите код этой камере.",
	EnrolType:        "Или введите код под ним (12 букв и цифр) и нажмите Enter:",
	EnrolWhere:       "Сервер: %s",
	EnrolChecking:    "Проверяем код…",
	EnrolDone:        "Подключён: киоск %s, дверь %s, %s. Запуск…",
	EnrolNotACode:    "Это не код подключения: в нём 12 букв и цифр.",
	EnrolNoUpstream:  "Для введённого кода нужен адрес сервера: покажите QR-код.",
	EnrolUnknown:     "Такого кода нет. Проверьте его на странице владельца.",
	EnrolUsed:        "Этот код уже использован. Создайте новый на странице владельца.",
	EnrolExpired:     "Срок кода истёк. Создайте новый на странице владельца.",
	EnrolBusy:        "Слишком много попыток. Подождите минуту.",
	EnrolUnreachable: "Сервер недоступен. Проверьте сеть и попробуйте снова.",
	EnrolNotSaved:    "Код принят, но не сохранён на киоске: вызовите установщика.",
}

var kkEnrol = map[Key]string{
	EnrolTitle:       "ҚОСЫЛМАҒАН",
	EnrolHow:         "Иесі: мекеме бетінде «Есік қосу» бөлімін ашып, кодты осы камераға көрсетіңіз.",
	EnrolType:        "Немесе оның астындағы кодты (12 әріп пен сан) теріп, Enter басыңыз:",
	EnrolWhere:       "Сервер: %s",
	EnrolChecking:    "Код тексерілуде…",
	EnrolDone:        "Қосылды: киоск %s, есік %s, %s. Іске қосылуда…",
	EnrolNotACode:    "Бұл қосылу коды емес: онда 12 әріп пен сан бар.",
	EnrolNoUpstream:  "Терілген кодқа сервер мекенжайы керек: QR-кодты көрсетіңіз.",
	EnrolUnknown:     "Мұндай код жоқ. Оны иесінің бетінен тексеріңіз.",
	EnrolUsed:        "Бұл код пайдаланылған. Иесінің бетінде жаңасын жасаңыз.",
	EnrolExpired:     "Кодтың мерзімі өтті. Иесінің бетінде жаңасын жасаңыз.",
	EnrolBusy:        "Тым көп әрекет. Бір минут күтіңіз.",
	EnrolUnreachable: "Серверге қосылу мүмкін емес. Желіні тексеріп, қайталаңыз.",
	EnrolNotSaved:    "Код қабылданды, бірақ киоскте сақталмады: орнатушыны шақырыңыз.",
}
