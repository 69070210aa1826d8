package i18n

import "maps"

// `ashyq-kiosk check`'s and `decode`'s words for the person at the
// terminal (their JSON and FILE<TAB>PAYLOAD lines are for scripts and stay
// as they are).
const (
	// CheckNoCache: the status cache could not be read; %s says why.
	CheckNoCache Key = "check.no_cache"
	// CheckKioskHoldsCache is CheckNoCache's reason while the kiosk runs.
	CheckKioskHoldsCache Key = "check.kiosk_holds_cache"
	// CheckRecordsNothing ends every check's words: nothing was recorded.
	CheckRecordsNothing Key = "check.records_nothing"
	// DecodeNoCode: %s is the image file that held no QR code.
	DecodeNoCode  Key = "decode.no_code"
	DecodeNoImage Key = "decode.no_image"
	// EnrolledCLI: `ashyq-kiosk enrol` took the code; %s kiosk, %s door,
	// %s mode, %q venue.
	EnrolledCLI Key = "enrol.done_cli"
)

func init() {
	maps.Copy(en, map[Key]string{
		CheckNoCache:         "status cache not consulted: %s",
		CheckKioskHoldsCache: "the running kiosk holds it",
		CheckRecordsNothing:  "A check records nothing.",
		DecodeNoCode:         "%s: no QR code found",
		DecodeNoImage:        "no image given",
		EnrolledCLI:          "enrolled: kiosk %s at door %s (%s) of venue %q; start ashyq-kiosk as usual",
	})
	maps.Copy(ru, map[Key]string{
		CheckNoCache:         "сохранённые статусы не использованы: %s",
		CheckKioskHoldsCache: "их держит работающий киоск",
		CheckRecordsNothing:  "Проверка ничего не записывает.",
		DecodeNoCode:         "%s: QR-код не найден",
		DecodeNoImage:        "не указано ни одного изображения",
		EnrolledCLI:          "подключён: киоск %s, дверь %s (%s), заведение %q; запускайте ashyq-kiosk как обычно",
	})
	maps.Copy(kk, map[Key]string{
		CheckNoCache:         "сақталған мәртебелер қолданылмады: %s",
		CheckKioskHoldsCache: "оларды жұмыс істеп тұрған киоск ұстап тұр",
		CheckRecordsNothing:  "Тексеру ештеңе тіркемейді.",
		DecodeNoCode:         "%s: QR-код табылмады",
		DecodeNoImage:        "бірде-бір сурет көрсетілмеген",
		EnrolledCLI:          "қосылды: киоск %s, есік %s (%s), мекеме %q; ashyq-kiosk бағдарламасын әдеттегідей іске қосыңыз",
	})
}
