package i18n

import "maps"

// Messages about hardware scanners and the codes they read (issue 12),
// kept in their own file and merged into the catalogs at start-up so the
// main catalogs stay easy to merge.
const (
	ReasonCutOff        Key = "reason.cut_off"
	ReasonIDCardForeign Key = "reason.id_card_foreign"
	ReasonIDCardUnread  Key = "reason.id_card_unread"

	// ScannerDenied: a configured scanner the kiosk may not open; %s is
	// the device, %s the group the kiosk's user must join.
	ScannerDenied Key = "scanner.denied"
	// ScannerDeniedUdev: an input device the kiosk may not open whose group
	// is every keyboard's (input), so no group is named: a udev rule gives
	// the scanner alone to the kiosk; %s is the device, %s the command
	// that prints the rule.
	ScannerDeniedUdev Key = "scanner.denied_udev"
	// ScannerMissing: a configured scanner is not plugged in; %s is the device.
	ScannerMissing Key = "scanner.missing"
	// ScannerNoneFound: a pattern (or "auto") matches no scanner plugged in.
	ScannerNoneFound Key = "scanner.none_found"
	// ScannerBusy: another program holds the scanner; %s is the device.
	ScannerBusy Key = "scanner.busy"
	// ScannerFailed: the scanner could not be opened; %s is the device.
	ScannerFailed Key = "scanner.failed"
)

func init() {
	maps.Copy(en, map[Key]string{
		ReasonCutOff:        "The code was cut off halfway. Scan it again.",
		ReasonIDCardForeign: "Only a Kazakh ID card carries an IIN. Staff can type it.",
		ReasonIDCardUnread:  "The ID card was not read correctly. Hold it still and scan again.",
		ScannerDenied:       "Scanner %s: no permission (add the kiosk user to group %s)",
		ScannerDeniedUdev:   "Scanner %s: no permission (%s prints the udev rule)",
		ScannerMissing:      "Scanner %s not plugged in",
		ScannerNoneFound:    "No barcode scanner plugged in",
		ScannerBusy:         "Scanner %s is held by another program",
		ScannerFailed:       "Scanner %s cannot be opened",
	})
	maps.Copy(ru, map[Key]string{
		ReasonCutOff:        "Код считан не полностью. Отсканируйте ещё раз.",
		ReasonIDCardForeign: "ИИН есть только в казахстанском удостоверении. Сотрудник может ввести его.",
		ReasonIDCardUnread:  "Удостоверение считано с ошибкой. Держите его неподвижно и отсканируйте ещё раз.",
		ScannerDenied:       "Сканер %s: нет доступа (добавьте пользователя киоска в группу %s)",
		ScannerDeniedUdev:   "Сканер %s: нет доступа (правило udev покажет %s)",
		ScannerMissing:      "Сканер %s не подключён",
		ScannerNoneFound:    "Сканер штрихкодов не подключён",
		ScannerBusy:         "Сканер %s занят другой программой",
		ScannerFailed:       "Сканер %s не открывается",
	})
	maps.Copy(kk, map[Key]string{
		ReasonCutOff:        "Код толық оқылмады. Қайта сканерлеңіз.",
		ReasonIDCardForeign: "ЖСН тек қазақстандық жеке куәлікте болады. Қызметкер оны енгізе алады.",
		ReasonIDCardUnread:  "Жеке куәлік қате оқылды. Қозғалтпай ұстап, қайта сканерлеңіз.",
		ScannerDenied:       "%s сканері: рұқсат жоқ (киоск пайдаланушысын %s тобына қосыңыз)",
		ScannerDeniedUdev:   "%s сканері: рұқсат жоқ (udev ережесін %s көрсетеді)",
		ScannerMissing:      "%s сканері қосылмаған",
		ScannerNoneFound:    "Штрихкод сканері қосылмаған",
		ScannerBusy:         "%s сканерін басқа бағдарлама ұстап тұр",
		ScannerFailed:       "%s сканері ашылмайды",
	})
}
