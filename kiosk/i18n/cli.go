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
	// Why decode could not read a file; %s is the file.
	DecodeUnsupported Key = "decode.unsupported"
	DecodeTooLarge    Key = "decode.too_large"
	DecodeNotAFrame   Key = "decode.not_a_frame"
	DecodeUnreadable  Key = "decode.unreadable"
	// DecodeBudget: --budget's value %s is not "auto" or a duration.
	DecodeBudget Key = "decode.budget"
)

func init() {
	maps.Copy(en, map[Key]string{
		CheckNoCache:         "status cache not consulted: %s",
		CheckKioskHoldsCache: "the running kiosk holds it",
		CheckRecordsNothing:  "A check records nothing.",
		DecodeNoCode:         "%s: no QR code found",
		DecodeNoImage:        "no image given",
		EnrolledCLI:          "enrolled: kiosk %s at door %s (%s) of venue %q; start ashyq-kiosk as usual",
		DecodeUnsupported:    "%s: unsupported image format (want PNG, JPEG or WebP)",
		DecodeTooLarge:       "%s: image too large to decode (over 40 megapixels)",
		DecodeNotAFrame:      "%s: larger than a camera frame (1920x1080); decode it without --frame",
		DecodeUnreadable:     "%s: cannot be read as an image (damaged or cut short?)",
		DecodeBudget:         "%q is not \"auto\" or a duration (write it like \"20ms\")",
	})
	maps.Copy(ru, map[Key]string{
		CheckNoCache:         "сохранённые статусы не использованы: %s",
		CheckKioskHoldsCache: "их держит работающий киоск",
		CheckRecordsNothing:  "Проверка ничего не записывает.",
		DecodeNoCode:         "%s: QR-код не найден",
		DecodeNoImage:        "не указано ни одного изображения",
		EnrolledCLI:          "подключён: киоск %s, дверь %s (%s), заведение %q; запускайте ashyq-kiosk как обычно",
		DecodeUnsupported:    "%s: формат изображения не поддерживается (нужен PNG, JPEG или WebP)",
		DecodeTooLarge:       "%s: изображение слишком большое (больше 40 мегапикселей)",
		DecodeNotAFrame:      "%s: больше кадра камеры (1920x1080); распознайте его без --frame",
		DecodeUnreadable:     "%s: не читается как изображение (повреждено или обрезано?)",
		DecodeBudget:         "%q — не \"auto\" и не длительность (пишется так: \"20ms\")",
	})
	maps.Copy(kk, map[Key]string{
		CheckNoCache:         "сақталған мәртебелер қолданылмады: %s",
		CheckKioskHoldsCache: "оларды жұмыс істеп тұрған киоск ұстап тұр",
		CheckRecordsNothing:  "Тексеру ештеңе тіркемейді.",
		DecodeNoCode:         "%s: QR-код табылмады",
		DecodeNoImage:        "бірде-бір сурет көрсетілмеген",
		EnrolledCLI:          "қосылды: киоск %s, есік %s (%s), мекеме %q; ashyq-kiosk бағдарламасын әдеттегідей іске қосыңыз",
		DecodeUnsupported:    "%s: бұл сурет пішіміне қолдау жоқ (PNG, JPEG немесе WebP керек)",
		DecodeTooLarge:       "%s: сурет тым үлкен (40 мегапиксельден асады)",
		DecodeNotAFrame:      "%s: камера кадрынан үлкен (1920x1080); оны --frame қоспай оқыңыз",
		DecodeUnreadable:     "%s: сурет ретінде оқылмайды (бүлінген немесе қиылған болуы мүмкін)",
		DecodeBudget:         "%q \"auto\" те, ұзақтық та емес (былай жазылады: \"20ms\")",
	})
}
