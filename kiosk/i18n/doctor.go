package i18n

import "maps"

// `ashyq-kiosk doctor`'s report, for the installer, in the kiosk's
// language. What an installer types as it is (paths, commands, config keys,
// device names) is an argument, never translated.
const (
	DocOK          Key = "doctor.ok"
	DocFail        Key = "doctor.fail"
	DocSelected    Key = "doctor.selected"
	DocAllPassed   Key = "doctor.all_passed"
	DocNeedAttn    Key = "doctor.need_attention"
	DocAreaCamera  Key = "doctor.area.camera"
	DocAreaInput   Key = "doctor.area.input"
	DocAreaSerial  Key = "doctor.area.serial"
	DocAreaUp      Key = "doctor.area.upstream"
	DocAreaClock   Key = "doctor.area.clock"
	DocAreaStorage Key = "doctor.area.storage"
	DocAreaPasses  Key = "doctor.area.passes"
	DocAreaFont    Key = "doctor.area.font"
	DocAreaSound   Key = "doctor.area.sound"
	DocAreaConfig  Key = "doctor.area.config"

	DocConfigOK  Key = "doctor.config_ok"
	DocConfigFix Key = "doctor.config_fix"

	DocOpens           Key = "doctor.opens"
	DocNoPermission    Key = "doctor.no_permission"
	DocNoPermGroup     Key = "doctor.no_permission_group"
	DocUdevRuleFix     Key = "doctor.udev_rule_fix"
	DocAddToGroup      Key = "doctor.add_to_group"
	DocBusyIt          Key = "doctor.busy_it"
	DocStopProgram     Key = "doctor.stop_program"
	DocCannotOpen      Key = "doctor.cannot_open"
	DocCheckDevice     Key = "doctor.check_device"
	DocNoCamera        Key = "doctor.no_camera"
	DocUnknown         Key = "doctor.unknown"
	DocThenRestart     Key = "doctor.then_restart"
	DocPlugNames       Key = "doctor.plug_names"
	DocCamOff          Key = "doctor.camera_off"
	DocCamNotPlugged   Key = "doctor.camera_not_plugged"
	DocCamPlugOrAuto   Key = "doctor.camera_plug_or_auto"
	DocNoDevice        Key = "doctor.no_device"
	DocCamFrames       Key = "doctor.camera_frames"
	DocCamTooSlow      Key = "doctor.camera_too_slow"
	DocCamNoSupport    Key = "doctor.camera_no_support"
	DocCamNoSupportFix Key = "doctor.camera_no_support_fix"
	DocCamBusy         Key = "doctor.camera_busy"
	DocCamBusyFix      Key = "doctor.camera_busy_fix"
	DocCamLost         Key = "doctor.camera_lost"
	DocCamLostFix      Key = "doctor.camera_lost_fix"
	DocCamSingle       Key = "doctor.camera_single"
	DocCamSingleFix    Key = "doctor.camera_single_fix"
	DocCamNoFrames     Key = "doctor.camera_no_frames"
	DocCamNoFramesFix  Key = "doctor.camera_no_frames_fix"

	DocInNone          Key = "doctor.input_none_visible"
	DocInNoneFix       Key = "doctor.input_none_visible_fix"
	DocKeyboard        Key = "doctor.keyboard"
	DocBarcodeScanner  Key = "doctor.barcode_scanner"
	DocAutoSkips       Key = "doctor.auto_skips"
	DocAutoTakes       Key = "doctor.auto_takes"
	DocUdevGave        Key = "doctor.udev_gave"
	DocInSelectedFails Key = "doctor.input_selected_fails"
	DocInGrabbed       Key = "doctor.input_grabbed"
	DocInScannerFree   Key = "doctor.input_scanner_free"
	DocInKeyboardAuto  Key = "doctor.input_keyboard_auto"
	DocInKeyboard      Key = "doctor.input_keyboard"
	DocInNoMatch       Key = "doctor.input_no_match"
	DocInNothing       Key = "doctor.input_nothing"

	DocSerialRead    Key = "doctor.serial_read"
	DocSerialFree    Key = "doctor.serial_free"
	DocSerialNoMatch Key = "doctor.serial_no_match"
	DocSerialNone    Key = "doctor.serial_none"

	DocDirNoParent   Key = "doctor.dir_no_parent"
	DocDirCreateFix  Key = "doctor.dir_create_fix"
	DocDirLater      Key = "doctor.dir_later"
	DocCannotRead    Key = "doctor.cannot_read"
	DocCheckPath     Key = "doctor.check_path"
	DocNotDir        Key = "doctor.not_dir"
	DocNotDirFix     Key = "doctor.not_dir_fix"
	DocMode          Key = "doctor.mode"
	DocModeOpen      Key = "doctor.mode_open"
	DocNotWritable   Key = "doctor.not_writable"
	DocChownFix      Key = "doctor.chown_fix"
	DocWritable      Key = "doctor.writable"
	DocFreeUnknown   Key = "doctor.free_unknown"
	DocCheckFS       Key = "doctor.check_fs"
	DocFree          Key = "doctor.free"
	DocFreeFix       Key = "doctor.free_fix"
	DocUpBadConfig   Key = "doctor.upstream_bad_config"
	DocUpSilent      Key = "doctor.upstream_silent"
	DocUpSilentFix   Key = "doctor.upstream_silent_fix"
	DocUpAnswers     Key = "doctor.upstream_answers"
	DocItemClock     Key = "doctor.item_clock"
	DocItemToken     Key = "doctor.item_token"
	DocClockAhead    Key = "doctor.clock_ahead"
	DocClockBehind   Key = "doctor.clock_behind"
	DocClockInStep   Key = "doctor.clock_in_step"
	DocClockFix      Key = "doctor.clock_fix"
	DocUpRefused     Key = "doctor.upstream_refused"
	DocUpRefusedFix  Key = "doctor.upstream_refused_fix"
	DocTokenRefused  Key = "doctor.token_refused"
	DocTokenFix      Key = "doctor.token_fix"
	DocTokenAccepted Key = "doctor.token_accepted"

	DocFontFromPackage Key = "doctor.font_from_package"
	DocFontFromSetup   Key = "doctor.font_from_setup"
	DocFontPackageFix  Key = "doctor.font_package_fix"
	DocFontNoSettings  Key = "doctor.font_no_settings"
	DocFontInstallFix  Key = "doctor.font_install_fix"
	DocFontSetupFix    Key = "doctor.font_setup_fix"
	DocFontGuess       Key = "doctor.font_guess"
	DocFontMissing     Key = "doctor.font_missing"
	DocFontUnreadable  Key = "doctor.font_unreadable"
	DocFontReinstall   Key = "doctor.font_reinstall"
	DocFontLacks       Key = "doctor.font_lacks"
	DocFontCovers      Key = "doctor.font_covers"

	DocItemPassKeys  Key = "doctor.item_pass_keys"
	DocItemDenyList  Key = "doctor.item_deny_list"
	DocPassesNone    Key = "doctor.passes_none"
	DocPassesMoveFix Key = "doctor.passes_move_fix"
	DocKeysNone      Key = "doctor.keys_none"
	DocKeysNoneFix   Key = "doctor.keys_none_fix"
	DocKeysAge       Key = "doctor.keys_age"
	DocKeysOld       Key = "doctor.keys_old"
	DocKeysOldFix    Key = "doctor.keys_old_fix"
	DocDenyHeld      Key = "doctor.deny_held"
	DocDenyFull      Key = "doctor.deny_full"
	DocDenyFullFix   Key = "doctor.deny_full_fix"
	DocDenyBehind    Key = "doctor.deny_behind"
	DocDenyBehindFix Key = "doctor.deny_behind_fix"
	DocSoundOff      Key = "doctor.sound_off"
	DocSoundFileFix  Key = "doctor.sound_file_fix"
	DocBell          Key = "doctor.bell"
	DocNotInstalled  Key = "doctor.not_installed"
	DocAplayFix      Key = "doctor.aplay_fix"
	DocCannotPlay    Key = "doctor.cannot_play"
	DocCannotPlayFix Key = "doctor.cannot_play_fix"
	DocSoundSilent   Key = "doctor.sound_silent"
	DocSoundPlayed   Key = "doctor.sound_played"
)

func init() {
	maps.Copy(en, enDoctor)
	maps.Copy(ru, ruDoctor)
	maps.Copy(kk, kkDoctor)
}

var enDoctor = map[Key]string{
	DocOK:          "OK",
	DocFail:        "FAIL",
	DocSelected:    "[selected]",
	DocAllPassed:   "All checks passed.",
	DocNeedAttn:    "%d of %d checks need attention.",
	DocAreaCamera:  "camera",
	DocAreaInput:   "input",
	DocAreaSerial:  "serial",
	DocAreaUp:      "upstream",
	DocAreaClock:   "clock",
	DocAreaStorage: "storage",
	DocAreaPasses:  "passes",
	DocAreaFont:    "font",
	DocAreaSound:   "sound",
	DocAreaConfig:  "config",

	DocConfigOK:  "parses and validates",
	DocConfigFix: "fix the configuration (see %s); the checks below use the defaults",

	DocOpens:           "opens",
	DocNoPermission:    "no permission to open it",
	DocNoPermGroup:     "no permission to open it (group %s)",
	DocUdevRuleFix:     "install the package's udev rule (it gives the device to the kiosk's group), then replug it",
	DocAddToGroup:      "add the kiosk's user to group %s: %s, then restart the kiosk",
	DocBusyIt:          "busy: another program holds it",
	DocStopProgram:     "stop the program using it (a running kiosk: %s)",
	DocCannotOpen:      "cannot open it: %s",
	DocCheckDevice:     "check the device (%s) and replug it",
	DocNoCamera:        "no camera found",
	DocUnknown:         "unknown",
	DocThenRestart:     "%s, then restart the kiosk",
	DocPlugNames:       "plug the scanner in; %s shows the names to put in %s",
	DocCamOff:          "off in the config (%s)",
	DocCamNotPlugged:   "the configured camera is not plugged in",
	DocCamPlugOrAuto:   "plug it in, or set %s (or %s with a barcode scanner only)",
	DocNoDevice:        "(no %s device)",
	DocCamFrames:       "gives frames: %.1f per second (%s), first after %s",
	DocCamTooSlow:      "too slow to read codes briskly: lower %s and %s, or use %s",
	DocCamNoSupport:    "this build has no camera support (built without %s)",
	DocCamNoSupportFix: "install the package's camera-enabled build, or set %s and use a barcode scanner",
	DocCamBusy:         "busy: another program holds the camera (%s)",
	DocCamBusyFix:      "stop the running kiosk first (%s) and run %s again",
	DocCamLost:         "the camera opened, then failed or stalled (%s)",
	DocCamLostFix:      "try another USB port or cable, or %s; %s shows the kernel's side",
	DocCamSingle:       "gave a single frame in %s",
	DocCamSingleFix:    "the camera stalls: try another USB port, or %s",
	DocCamNoFrames:     "no frames in %s: %s",
	DocCamNoFramesFix:  "plug in a USB camera, or set %s and use a barcode scanner",

	DocInNone:          "no input devices visible",
	DocInNoneFix:       "%s is set but this system shows no input devices: plug the scanner in (in a container, pass %s through)",
	DocKeyboard:        "keyboard",
	DocBarcodeScanner:  "barcode scanner",
	DocAutoSkips:       "%s does not take it: %s",
	DocAutoTakes:       "%s takes it: %s",
	DocUdevGave:        "udev gave it to the kiosk's group: %s",
	DocInSelectedFails: "%s %q, selected by %s: %s (%s)",
	DocInGrabbed:       "%s %q: grabbed by the kiosk (its keys never reach the console); %s",
	DocInScannerFree:   "barcode scanner %q, not in %s: it types into the terminal; add %q (or %q) to %s to grab it; %s",
	DocInKeyboardAuto:  "keyboard %q: for staff, left alone; %s. If it is a scanner, add %q to %s and give it to the kiosk: %s",
	DocInKeyboard:      "keyboard %q: for staff, left alone",
	DocInNoMatch:       "%s matches no device plugged in",
	DocInNothing:       "no keyboard or barcode scanner plugged in",

	DocSerialRead:    "opens; read at %d baud, codes end with %s",
	DocSerialFree:    "opens; not in %s (add it there if a scanner is on this port)",
	DocSerialNoMatch: "%s matches no port",
	DocSerialNone:    "no serial ports (none configured)",

	DocDirNoParent:   "does not exist, and %s is not writable",
	DocDirCreateFix:  "create it for the kiosk's user: %s",
	DocDirLater:      "does not exist yet; the kiosk creates it (mode 700) at start",
	DocCannotRead:    "cannot be read: %s",
	DocCheckPath:     "check the path in %s",
	DocNotDir:        "is not a directory",
	DocNotDirFix:     "point %s at a directory",
	DocMode:          "mode %04o",
	DocModeOpen:      "mode %04o: other users can read the outbox (it holds IINs)",
	DocNotWritable:   "not writable: %s",
	DocChownFix:      "give it to the kiosk's user: %s",
	DocWritable:      "writable (a probe file was written, synced and removed)",
	DocFreeUnknown:   "free space unknown: %s",
	DocCheckFS:       "check the file system",
	DocFree:          "%d MiB free; the outbox may grow to %d MiB (%s)",
	DocFreeFix:       "free some space, or lower %s; when the disk fills the kiosk answers NOT RECORDED",
	DocUpBadConfig:   "set %s to the upstream's base URL and %s (or %s)",
	DocUpSilent:      "does not answer: %s",
	DocUpSilentFix:   "check %s and the network (%s; ping the upstream's host); the kiosk works offline meanwhile",
	DocUpAnswers:     "answers in %s (server version %s)",
	DocItemClock:     "device clock",
	DocItemToken:     "token",
	DocClockAhead:    "%s ahead of the upstream's",
	DocClockBehind:   "%s behind the upstream's",
	DocClockInStep:   "in step with the upstream's (within 1 ms)",
	DocClockFix:      "enable time synchronisation (%s) or set the clock; passes and scan times depend on it",
	DocUpRefused:     "the upstream refused a request: %s",
	DocUpRefusedFix:  "check the upstream's logs",
	DocTokenRefused:  "the device token is not accepted for venue %q",
	DocTokenFix:      "put the token the operator issued for this venue in %s or %s",
	DocTokenAccepted: "the device token is accepted for venue %q",

	DocFontFromPackage: "(%s in %s, loaded by %s)",
	DocFontFromSetup:   "(%s's)",
	DocFontPackageFix:  "set %s in %s, then %s",
	DocFontNoSettings:  "neither the package's console settings nor %s's: %s",
	DocFontInstallFix:  "install the ashyq-kiosk package (it loads a font with every character), or %s, then set %s in %s and run %s",
	DocFontSetupFix:    "set %s in %s and run %s",
	DocFontGuess:       "%s: the console font depends on the locale, so the kiosk's characters may be missing",
	DocFontMissing:     "%s names %s, which is not installed",
	DocFontUnreadable:  "cannot read the font %s: %s",
	DocFontReinstall:   "reinstall %s and %s, or %s",
	DocFontLacks:       "%s lacks %d characters the %s screens use: %s",
	DocFontCovers:      "has every character of the %s screens %s",

	DocItemPassKeys:  "pass keys",
	DocItemDenyList:  "deny list",
	DocPassesNone:    "none yet: the kiosk fetches the keys and the deny list from the upstream when it starts",
	DocPassesMoveFix: "stop the kiosk and move the file aside; it is fetched again from the upstream",
	DocKeysNone:      "none yet: passes cannot be checked offline",
	DocKeysNoneFix:   "let the kiosk reach the upstream once",
	DocKeysAge:       "%d, updated %s ago",
	DocKeysOld:       "%d, updated %s ago, older than %s (%s): passes are not trusted offline",
	DocKeysOldFix:    "let the kiosk reach the upstream; it refreshes them every %s",
	DocDenyHeld:      "%d revoked passes held, of at most %d",
	DocDenyFull:      "the upstream lists more revoked passes than this kiosk holds (%d, %s): passes are not trusted offline",
	DocDenyFullFix:   "raise %s if this device has the memory (about 60 bytes each), or ask the upstream's operator why the list is so long",
	DocDenyBehind:    "%d revoked passes held, more to load: passes are not trusted offline until the list is whole",
	DocDenyBehindFix: "let the kiosk stay online; each refresh loads more",
	DocSoundOff:      "off in the config (%s): the door is silent",
	DocSoundFileFix:  "point the %s key at a readable WAV file, or leave it empty for the built-in sound",
	DocBell:          "the terminal bell stands in (one ring: may enter; three: anything else)",
	DocNotInstalled:  "%s is not installed",
	DocAplayFix:      "%s, for the distinct sounds",
	DocCannotPlay:    "cannot play: %s",
	DocCannotPlayFix: "plug in speakers, or name a card that plays in %s (%s lists them)",
	DocSoundSilent:   "silent (%s): no sound and no bell",
	DocSoundPlayed:   "played the may-enter sound: it should have been heard",
}

var ruDoctor = map[Key]string{
	DocOK:          "OK",
	DocFail:        "СБОЙ",
	DocSelected:    "[выбрано]",
	DocAllPassed:   "Все проверки пройдены.",
	DocNeedAttn:    "Требуют внимания: %d из %d проверок.",
	DocAreaCamera:  "камера",
	DocAreaInput:   "ввод",
	DocAreaSerial:  "порт",
	DocAreaUp:      "сервер",
	DocAreaClock:   "часы",
	DocAreaStorage: "хранилище",
	DocAreaPasses:  "пропуска",
	DocAreaFont:    "шрифт",
	DocAreaSound:   "звук",
	DocAreaConfig:  "настройки",

	DocConfigOK:  "читается и проходит проверку",
	DocConfigFix: "исправьте настройки (образец: %s); проверки ниже идут по умолчаниям",

	DocOpens:           "открывается",
	DocNoPermission:    "нет прав на открытие",
	DocNoPermGroup:     "нет прав на открытие (группа %s)",
	DocUdevRuleFix:     "установите правило udev из пакета (оно отдаёт устройство группе киоска) и переподключите устройство",
	DocAddToGroup:      "добавьте пользователя киоска в группу %s: %s, затем перезапустите киоск",
	DocBusyIt:          "занято: его держит другая программа",
	DocStopProgram:     "остановите программу, которая его держит (запущенный киоск: %s)",
	DocCannotOpen:      "не открывается: %s",
	DocCheckDevice:     "проверьте устройство (%s) и переподключите его",
	DocNoCamera:        "камера не найдена",
	DocUnknown:         "неизвестна",
	DocThenRestart:     "%s, затем перезапустите киоск",
	DocPlugNames:       "подключите сканер; %s покажет имена, которые нужно указать в %s",
	DocCamOff:          "выключена в настройках (%s)",
	DocCamNotPlugged:   "камера из настроек не подключена",
	DocCamPlugOrAuto:   "подключите её или укажите %s (или %s, если работает только сканер штрихкодов)",
	DocNoDevice:        "(нет устройства %s)",
	DocCamFrames:       "даёт кадры: %.1f в секунду (%s), первый через %s",
	DocCamTooSlow:      "слишком медленно для быстрого чтения кодов: уменьшите %s и %s или задайте %s",
	DocCamNoSupport:    "в этой сборке нет поддержки камеры (собрана без %s)",
	DocCamNoSupportFix: "установите сборку из пакета с поддержкой камеры или укажите %s и пользуйтесь сканером штрихкодов",
	DocCamBusy:         "занята: камеру держит другая программа (%s)",
	DocCamBusyFix:      "сначала остановите работающий киоск (%s) и снова запустите %s",
	DocCamLost:         "камера открылась, потом отказала или зависла (%s)",
	DocCamLostFix:      "попробуйте другой USB-порт или кабель либо %s; %s покажет, что видит ядро",
	DocCamSingle:       "дала один кадр за %s",
	DocCamSingleFix:    "камера зависает: попробуйте другой USB-порт или %s",
	DocCamNoFrames:     "нет кадров за %s: %s",
	DocCamNoFramesFix:  "подключите USB-камеру или укажите %s и пользуйтесь сканером штрихкодов",

	DocInNone:          "устройства ввода не видны",
	DocInNoneFix:       "%s задан, но система не видит устройств ввода: подключите сканер (в контейнере пробросьте %s)",
	DocKeyboard:        "клавиатура",
	DocBarcodeScanner:  "сканер штрихкодов",
	DocAutoSkips:       "%s его не берёт: %s",
	DocAutoTakes:       "%s его берёт: %s",
	DocUdevGave:        "udev отдал его группе киоска: %s",
	DocInSelectedFails: "%s %q, выбран в %s: %s (%s)",
	DocInGrabbed:       "%s %q: захвачен киоском (его клавиши не попадают в консоль); %s",
	DocInScannerFree:   "сканер штрихкодов %q не указан в %s: он печатает в терминал; чтобы киоск его захватил, добавьте %q (или %q) в %s; %s",
	DocInKeyboardAuto:  "клавиатура %q: для сотрудников, не трогаем; %s. Если это сканер, добавьте %q в %s и отдайте его киоску: %s",
	DocInKeyboard:      "клавиатура %q: для сотрудников, не трогаем",
	DocInNoMatch:       "%s не совпадает ни с одним подключённым устройством",
	DocInNothing:       "клавиатура и сканер штрихкодов не подключены",

	DocSerialRead:    "открывается; чтение на %d бод, коды заканчиваются на %s",
	DocSerialFree:    "открывается; не указан в %s (добавьте его туда, если к этому порту подключён сканер)",
	DocSerialNoMatch: "%s не совпадает ни с одним портом",
	DocSerialNone:    "последовательных портов нет (и не настроено)",

	DocDirNoParent:   "не существует, и в %s нельзя писать",
	DocDirCreateFix:  "создайте его для пользователя киоска: %s",
	DocDirLater:      "пока не существует; киоск создаст его (права 700) при запуске",
	DocCannotRead:    "не читается: %s",
	DocCheckPath:     "проверьте путь в %s",
	DocNotDir:        "это не каталог",
	DocNotDirFix:     "укажите в %s каталог",
	DocMode:          "права %04o",
	DocModeOpen:      "права %04o: другие пользователи могут читать записи (в них ИИН)",
	DocNotWritable:   "запись невозможна: %s",
	DocChownFix:      "отдайте его пользователю киоска: %s",
	DocWritable:      "запись возможна (пробный файл записан, сброшен на диск и удалён)",
	DocFreeUnknown:   "свободное место неизвестно: %s",
	DocCheckFS:       "проверьте файловую систему",
	DocFree:          "свободно %d МиБ; записи могут занять до %d МиБ (%s)",
	DocFreeFix:       "освободите место или уменьшите %s; когда диск заполнится, киоск будет отвечать НЕ ЗАПИСАНО",
	DocUpBadConfig:   "укажите в %s адрес сервера и %s (или %s)",
	DocUpSilent:      "не отвечает: %s",
	DocUpSilentFix:   "проверьте %s и сеть (%s; пропингуйте сервер); пока нет связи, киоск работает автономно",
	DocUpAnswers:     "отвечает за %s (версия сервера %s)",
	DocItemClock:     "часы устройства",
	DocItemToken:     "токен",
	DocClockAhead:    "на %s впереди часов сервера",
	DocClockBehind:   "на %s позади часов сервера",
	DocClockInStep:   "идут вровень с часами сервера (расхождение меньше 1 мс)",
	DocClockFix:      "включите синхронизацию времени (%s) или выставьте часы; от них зависят пропуска и время сканирований",
	DocUpRefused:     "сервер отклонил запрос: %s",
	DocUpRefusedFix:  "посмотрите журнал сервера",
	DocTokenRefused:  "токен устройства не принят для заведения %q",
	DocTokenFix:      "впишите токен, выданный оператором для этого заведения, в %s или %s",
	DocTokenAccepted: "токен устройства принят для заведения %q",

	DocFontFromPackage: "(%s в %s, загружает %s)",
	DocFontFromSetup:   "(из %s)",
	DocFontPackageFix:  "укажите %s в %s, затем %s",
	DocFontNoSettings:  "нет ни настроек консоли из пакета, ни настроек %s: %s",
	DocFontInstallFix:  "установите пакет ashyq-kiosk (он загружает шрифт со всеми символами) или %s, затем укажите %s в %s и выполните %s",
	DocFontSetupFix:    "укажите %s в %s и выполните %s",
	DocFontGuess:       "%s: шрифт консоли зависит от локали, и символов киоска в нём может не быть",
	DocFontMissing:     "%s называет %s, но он не установлен",
	DocFontUnreadable:  "шрифт %s не читается: %s",
	DocFontReinstall:   "переустановите %s и %s или %s",
	DocFontLacks:       "%s: не хватает символов (%d), нужных экранам на языке %s: %s",
	DocFontCovers:      "есть все символы экранов на языке %s %s",

	DocItemPassKeys:  "ключи пропусков",
	DocItemDenyList:  "список отозванных",
	DocPassesNone:    "пока нет: киоск получит ключи и список отозванных пропусков с сервера при запуске",
	DocPassesMoveFix: "остановите киоск и уберите файл в сторону; он будет заново получен с сервера",
	DocKeysNone:      "пока нет: без связи пропуска не проверить",
	DocKeysNoneFix:   "дайте киоску хотя бы раз связаться с сервером",
	DocKeysAge:       "%d, обновлены %s назад",
	DocKeysOld:       "%d, обновлены %s назад, старше %s (%s): без связи пропускам не доверяем",
	DocKeysOldFix:    "дайте киоску связаться с сервером; он обновляет их каждые %s",
	DocDenyHeld:      "отозванных пропусков: %d, вмещается не больше %d",
	DocDenyFull:      "на сервере отозванных пропусков больше, чем вмещает киоск (%d, %s): без связи пропускам не доверяем",
	DocDenyFullFix:   "увеличьте %s, если памяти устройства хватает (около 60 байт на пропуск), или спросите оператора сервера, почему список так длинен",
	DocDenyBehind:    "отозванных пропусков: %d, загружены ещё не все: без связи пропускам не доверяем, пока список не полон",
	DocDenyBehindFix: "оставьте киоск на связи; каждое обновление догружает список",
	DocSoundOff:      "выключен в настройках (%s): у двери тихо",
	DocSoundFileFix:  "укажите в ключе %s читаемый WAV-файл или оставьте его пустым для встроенного звука",
	DocBell:          "вместо звуков звенит терминал (один звонок: можно входить; три: всё остальное)",
	DocNotInstalled:  "%s не установлен",
	DocAplayFix:      "%s, чтобы звучали разные сигналы",
	DocCannotPlay:    "не воспроизводится: %s",
	DocCannotPlayFix: "подключите колонки или укажите в %s звуковую карту, которая играет (список: %s)",
	DocSoundSilent:   "без звука (%s): ни звука, ни звонка",
	DocSoundPlayed:   "сыгран сигнал «можно входить»: его должно было быть слышно",
}

var kkDoctor = map[Key]string{
	DocOK:          "OK",
	DocFail:        "АҚАУ",
	DocSelected:    "[таңдалған]",
	DocAllPassed:   "Барлық тексеру сәтті өтті.",
	DocNeedAttn:    "Назар аудару керек: %d тексеру, барлығы %d.",
	DocAreaCamera:  "камера",
	DocAreaInput:   "енгізу",
	DocAreaSerial:  "порт",
	DocAreaUp:      "сервер",
	DocAreaClock:   "сағат",
	DocAreaStorage: "жад",
	DocAreaPasses:  "рұқсатнама",
	DocAreaFont:    "қаріп",
	DocAreaSound:   "дыбыс",
	DocAreaConfig:  "баптау",

	DocConfigOK:  "оқылады және тексеруден өтеді",
	DocConfigFix: "баптауды түзетіңіз (үлгі: %s); төмендегі тексерулер әдепкі мәндермен жүреді",

	DocOpens:           "ашылады",
	DocNoPermission:    "ашуға рұқсат жоқ",
	DocNoPermGroup:     "ашуға рұқсат жоқ (топ %s)",
	DocUdevRuleFix:     "пакеттегі udev ережесін орнатыңыз (ол құрылғыны киоск тобына береді), содан кейін құрылғыны қайта қосыңыз",
	DocAddToGroup:      "киоск пайдаланушысын %s тобына қосыңыз: %s, содан кейін киоскты қайта іске қосыңыз",
	DocBusyIt:          "бос емес: оны басқа бағдарлама ұстап тұр",
	DocStopProgram:     "оны ұстап тұрған бағдарламаны тоқтатыңыз (іске қосылған киоск: %s)",
	DocCannotOpen:      "ашылмайды: %s",
	DocCheckDevice:     "құрылғыны тексеріп (%s), қайта қосыңыз",
	DocNoCamera:        "камера табылмады",
	DocUnknown:         "белгісіз",
	DocThenRestart:     "%s, содан кейін киоскты қайта іске қосыңыз",
	DocPlugNames:       "сканерді қосыңыз; %s пәрмені %s ішіне жазатын атауларды көрсетеді",
	DocCamOff:          "баптауда өшірулі (%s)",
	DocCamNotPlugged:   "баптаудағы камера қосылмаған",
	DocCamPlugOrAuto:   "оны қосыңыз немесе %s деп көрсетіңіз (тек штрихкод сканері болса, %s)",
	DocNoDevice:        "(%s құрылғысы жоқ)",
	DocCamFrames:       "кадр береді: секундына %.1f (%s), біріншісі %s кейін",
	DocCamTooSlow:      "кодтарды жылдам оқуға тым баяу: %s мен %s мәнін азайтыңыз немесе %s қолданыңыз",
	DocCamNoSupport:    "бұл нұсқада камераға қолдау жоқ (%s жоқ құрастырылған)",
	DocCamNoSupportFix: "пакеттегі камерасы бар нұсқаны орнатыңыз немесе %s деп көрсетіп, штрихкод сканерін қолданыңыз",
	DocCamBusy:         "бос емес: камераны басқа бағдарлама ұстап тұр (%s)",
	DocCamBusyFix:      "алдымен жұмыс істеп тұрған киоскты тоқтатып (%s), %s пәрменін қайта іске қосыңыз",
	DocCamLost:         "камера ашылды, содан кейін істен шықты немесе тоқтап қалды (%s)",
	DocCamLostFix:      "басқа USB портын немесе кабельді байқап көріңіз, не %s; ядро не көретінін %s көрсетеді",
	DocCamSingle:       "%s ішінде бір ғана кадр берді",
	DocCamSingleFix:    "камера тоқтап қалады: басқа USB портын байқап көріңіз немесе %s",
	DocCamNoFrames:     "%s ішінде кадр жоқ: %s",
	DocCamNoFramesFix:  "USB камерасын қосыңыз немесе %s деп көрсетіп, штрихкод сканерін қолданыңыз",

	DocInNone:          "енгізу құрылғылары көрінбейді",
	DocInNoneFix:       "%s берілген, бірақ жүйе енгізу құрылғыларын көрмейді: сканерді қосыңыз (контейнерде %s өткізіңіз)",
	DocKeyboard:        "пернетақта",
	DocBarcodeScanner:  "штрихкод сканері",
	DocAutoSkips:       "%s оны алмайды: %s",
	DocAutoTakes:       "%s оны алады: %s",
	DocUdevGave:        "udev оны киоск тобына берді: %s",
	DocInSelectedFails: "%s %q, %s арқылы таңдалған: %s (%s)",
	DocInGrabbed:       "%s %q: киоск ұстап алды (оның пернелері консольге жетпейді); %s",
	DocInScannerFree:   "%q штрихкод сканері %s ішінде жоқ: ол терминалға теріп жатыр; киоск оны ұстап алуы үшін %q (немесе %q) мәнін %s ішіне қосыңыз; %s",
	DocInKeyboardAuto:  "%q пернетақтасы: қызметкерлерге арналған, тиіспейміз; %s. Егер бұл сканер болса, %q мәнін %s ішіне қосып, оны киоскқа беріңіз: %s",
	DocInKeyboard:      "%q пернетақтасы: қызметкерлерге арналған, тиіспейміз",
	DocInNoMatch:       "%s қосылған бірде-бір құрылғыға сәйкес келмейді",
	DocInNothing:       "пернетақта да, штрихкод сканері де қосылмаған",

	DocSerialRead:    "ашылады; %d бод жылдамдықпен оқылады, кодтар %s белгісімен аяқталады",
	DocSerialFree:    "ашылады; %s ішінде жоқ (бұл портта сканер болса, оны сонда қосыңыз)",
	DocSerialNoMatch: "%s бірде-бір портқа сәйкес келмейді",
	DocSerialNone:    "тізбекті порттар жоқ (баптауда да жоқ)",

	DocDirNoParent:   "жоқ, әрі %s ішіне жазу мүмкін емес",
	DocDirCreateFix:  "оны киоск пайдаланушысы үшін жасаңыз: %s",
	DocDirLater:      "әзірге жоқ; киоск оны іске қосылғанда жасайды (рұқсаттар 700)",
	DocCannotRead:    "оқылмайды: %s",
	DocCheckPath:     "%s ішіндегі жолды тексеріңіз",
	DocNotDir:        "бұл каталог емес",
	DocNotDirFix:     "%s ішінде каталогты көрсетіңіз",
	DocMode:          "рұқсаттар %04o",
	DocModeOpen:      "рұқсаттар %04o: басқа пайдаланушылар жазбаларды оқи алады (оларда ЖСН бар)",
	DocNotWritable:   "жазу мүмкін емес: %s",
	DocChownFix:      "оны киоск пайдаланушысына беріңіз: %s",
	DocWritable:      "жазуға болады (сынақ файлы жазылып, дискіге түсіріліп, өшірілді)",
	DocFreeUnknown:   "бос орын белгісіз: %s",
	DocCheckFS:       "файлдық жүйені тексеріңіз",
	DocFree:          "%d МиБ бос; жазбалар %d МиБ-қа дейін өсуі мүмкін (%s)",
	DocFreeFix:       "орын босатыңыз немесе %s мәнін азайтыңыз; диск толғанда киоск ТІРКЕЛМЕДІ деп жауап береді",
	DocUpBadConfig:   "%s ішіне сервердің мекенжайын және %s (немесе %s) көрсетіңіз",
	DocUpSilent:      "жауап бермейді: %s",
	DocUpSilentFix:   "%s мәнін және желіні тексеріңіз (%s; сервердің қолжетімділігін тексеріңіз); байланыс жоқ кезде киоск дербес жұмыс істейді",
	DocUpAnswers:     "%s ішінде жауап береді (сервер нұсқасы %s)",
	DocItemClock:     "құрылғы сағаты",
	DocItemToken:     "токен",
	DocClockAhead:    "сервер сағатынан %s алда",
	DocClockBehind:   "сервер сағатынан %s артта",
	DocClockInStep:   "сервер сағатымен бірдей (айырма 1 мс-тан аз)",
	DocClockFix:      "уақыт синхрондауын қосыңыз (%s) немесе сағатты орнатыңыз; рұқсатнамалар мен сканерлеу уақыты соған байланысты",
	DocUpRefused:     "сервер сұрауды қабылдамады: %s",
	DocUpRefusedFix:  "сервер журналын қараңыз",
	DocTokenRefused:  "құрылғы токені %q мекемесі үшін қабылданбады",
	DocTokenFix:      "оператор осы мекемеге берген токенді %s немесе %s ішіне жазыңыз",
	DocTokenAccepted: "құрылғы токені %q мекемесі үшін қабылданды",

	DocFontFromPackage: "(%s %s ішінде, оны %s жүктейді)",
	DocFontFromSetup:   "(%s бойынша)",
	DocFontPackageFix:  "%s мәнін %s ішіне жазыңыз, содан кейін %s",
	DocFontNoSettings:  "пакеттің консоль баптаулары да, %s баптаулары да жоқ: %s",
	DocFontInstallFix:  "ashyq-kiosk пакетін орнатыңыз (ол барлық таңбасы бар қаріпті жүктейді) немесе %s, содан кейін %s мәнін %s ішіне жазып, %s орындаңыз",
	DocFontSetupFix:    "%s мәнін %s ішіне жазып, %s орындаңыз",
	DocFontGuess:       "%s: консоль қарпі локальға байланысты, сондықтан онда киоск таңбалары болмауы мүмкін",
	DocFontMissing:     "%s %s қарпін атайды, бірақ ол орнатылмаған",
	DocFontUnreadable:  "%s қарпі оқылмайды: %s",
	DocFontReinstall:   "%s мен %s пакеттерін қайта орнатыңыз немесе %s",
	DocFontLacks:       "%s: %d таңба жоқ, оларды %s экрандары қолданады: %s",
	DocFontCovers:      "%s экрандарының барлық таңбасы бар %s",

	DocItemPassKeys:  "рұқсатнама кілттері",
	DocItemDenyList:  "кері қайтарылғандар тізімі",
	DocPassesNone:    "әзірге жоқ: киоск іске қосылғанда кілттер мен кері қайтарылған рұқсатнамалар тізімін серверден алады",
	DocPassesMoveFix: "киоскты тоқтатып, файлды басқа жерге жылжытыңыз; ол серверден қайта алынады",
	DocKeysNone:      "әзірге жоқ: байланыссыз рұқсатнамаларды тексеру мүмкін емес",
	DocKeysNoneFix:   "киоскқа сервермен бір рет байланысуға мүмкіндік беріңіз",
	DocKeysAge:       "%d, %s бұрын жаңартылды",
	DocKeysOld:       "%d, %s бұрын жаңартылды, %s шегінен ескі (%s): байланыссыз рұқсатнамаларға сенбейміз",
	DocKeysOldFix:    "киоскқа сервермен байланысуға мүмкіндік беріңіз; ол оларды әр %s сайын жаңартады",
	DocDenyHeld:      "кері қайтарылған рұқсатнамалар: %d, ең көбі %d сыяды",
	DocDenyFull:      "серверде кері қайтарылған рұқсатнамалар киоск сыйғызатыннан көп (%d, %s): байланыссыз рұқсатнамаларға сенбейміз",
	DocDenyFullFix:   "құрылғы жады жетсе, %s мәнін көбейтіңіз (әрқайсысына шамамен 60 байт), немесе сервер операторынан тізімнің неге сонша ұзын екенін сұраңыз",
	DocDenyBehind:    "кері қайтарылған рұқсатнамалар: %d, әлі толық жүктелмеді: тізім толғанша байланыссыз рұқсатнамаларға сенбейміз",
	DocDenyBehindFix: "киоскты желіде қалдырыңыз; әр жаңарту тізімді толықтырады",
	DocSoundOff:      "баптауда өшірулі (%s): есік жанында дыбыс жоқ",
	DocSoundFileFix:  "%s кілтінде оқылатын WAV файлын көрсетіңіз немесе кірістірілген дыбыс үшін бос қалдырыңыз",
	DocBell:          "дыбыстардың орнына терминал қоңырауы шырылдайды (бір рет: кіруге болады; үш рет: басқасының бәрі)",
	DocNotInstalled:  "%s орнатылмаған",
	DocAplayFix:      "%s, әр түрлі дыбыстар үшін",
	DocCannotPlay:    "ойнатылмайды: %s",
	DocCannotPlayFix: "динамиктерді қосыңыз немесе %s ішінде ойнайтын дыбыс картасын көрсетіңіз (тізімі: %s)",
	DocSoundSilent:   "дыбыссыз (%s): дыбыс та, қоңырау да жоқ",
	DocSoundPlayed:   "«кіруге болады» дыбысы ойнатылды: ол естілуі керек еді",
}
