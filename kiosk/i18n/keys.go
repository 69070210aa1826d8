package i18n

// Message keys. Titles shown in the big font (modes, colours, verdicts,
// screen titles) are short and upper case in every language.
const (
	ModeEntrance Key = "mode.entrance"
	ModeExit     Key = "mode.exit"

	ColourGreen  Key = "colour.green"
	ColourYellow Key = "colour.yellow"
	ColourRed    Key = "colour.red"
	ColourBlue   Key = "colour.blue"

	Welcome         Key = "verdict.welcome"
	EntryDenied     Key = "verdict.denied"
	Goodbye         Key = "verdict.goodbye"
	CodeNotAccepted Key = "title.not_accepted"
	NotRecorded     Key = "title.not_recorded"
	ErrorTitle      Key = "title.error"

	NothingRecorded Key = "detail.nothing_recorded"
	CallStaff       Key = "detail.call_staff"
	ScannedCode     Key = "detail.scanned_code"
	IINLabel        Key = "detail.iin"
	Countdown       Key = "detail.countdown"

	ReasonEmpty        Key = "reason.empty"
	ReasonTooLong      Key = "reason.too_long"
	ReasonWebLink      Key = "reason.web_link"
	ReasonEUDCC        Key = "reason.eudcc"
	ReasonUnsupported  Key = "reason.unsupported"
	ReasonLength       Key = "reason.length"
	ReasonNotDigits    Key = "reason.not_digits"
	ReasonCentury      Key = "reason.century"
	ReasonBirthDate    Key = "reason.birth_date"
	ReasonCheckDigit   Key = "reason.check_digit"
	ReasonNoCheckDigit Key = "reason.no_check_digit"
	ReasonUnknown      Key = "reason.unknown"

	RefusedStatus  Key = "refused.status"
	RefusedOffline Key = "refused.offline"
	RefusedOther   Key = "refused.other"

	SourceOnline Key = "source.online"
	SourceCache  Key = "source.cache"
	SourceNone   Key = "source.none"

	Online       Key = "sync.online"
	Offline      Key = "sync.offline"
	LastSync     Key = "sync.last"
	NeverSynced  Key = "sync.never"
	Pending      Key = "sync.pending"
	PendingCount Key = "sync.pending_count"
	AllSynced    Key = "sync.all_synced"
	DeadLetters  Key = "sync.dead_letters"
	Inside       Key = "sync.inside"
	ClockSkew    Key = "sync.clock_skew"
	Storage      Key = "sync.storage"
	// OutboxMoved names where a corrupt outbox file was moved at start-up.
	OutboxMoved Key = "storage.outbox_moved"

	CameraOff         Key = "camera.off"
	CameraUnsupported Key = "camera.unsupported"
	CameraSearching   Key = "camera.searching"
	CameraBusy        Key = "camera.busy"
	CameraRunning     Key = "camera.running"
	CameraLost        Key = "camera.lost"

	VenueLabel  Key = "idle.venue"
	DoorLabel   Key = "idle.door"
	InputPrompt Key = "idle.prompt"
	Hint        Key = "idle.hint"
	Checking    Key = "idle.checking"
	Queued      Key = "idle.queued"
	DemoTitle   Key = "idle.demo"
	QuitConfirm Key = "idle.quit_confirm"

	JustNow    Key = "time.just_now"
	SecondsAgo Key = "time.seconds_ago"
	MinutesAgo Key = "time.minutes_ago"
	HoursAgo   Key = "time.hours_ago"
	DaysAgo    Key = "time.days_ago"
	Seconds    Key = "time.seconds"
	Minutes    Key = "time.minutes"
	Hours      Key = "time.hours"

	// The owner menu, behind owner.pin.
	OwnerTitle     Key = "owner.title"
	OwnerPIN       Key = "owner.pin"
	OwnerPINHelp   Key = "owner.pin_help"
	OwnerWrongPIN  Key = "owner.wrong_pin"
	OwnerLocked    Key = "owner.locked"
	OwnerModeLabel Key = "owner.mode"
	OwnerLangLabel Key = "owner.language"
	OwnerClose     Key = "owner.close"
	OwnerMenuHelp  Key = "owner.menu_help"
	OwnerSaving    Key = "owner.saving"
	OwnerSaved     Key = "owner.saved"
	OwnerNotSaved  Key = "owner.not_saved"
	OwnerModeFail  Key = "owner.mode_failed"
	ModeByOwner    Key = "idle.mode_by_owner"

	// The link to the upstream and what went wrong with it or with the
	// outbox, one key per syncer.Problem.
	TokenRefused            Key = "sync.token_refused"
	ProblemUnreachable      Key = "problem.unreachable"
	ProblemTimeout          Key = "problem.timeout"
	ProblemConnRefused      Key = "problem.conn_refused"
	ProblemDNS              Key = "problem.dns"
	ProblemReset            Key = "problem.reset"
	ProblemBusy             Key = "problem.busy"
	ProblemServerError      Key = "problem.server_error"
	ProblemTokenRefused     Key = "problem.token_refused"
	ProblemRefusedBatch     Key = "problem.refused_batch"
	ProblemBadAnswer        Key = "problem.bad_answer"
	ProblemOutboxFull       Key = "problem.outbox_full"
	ProblemOutboxUnreadable Key = "problem.outbox_unreadable"
)

// The door experience: symbols' words, capacity, occupancy, the idle
// screen from a distance.
const (
	Full          Key = "verdict.full"
	FullDetail    Key = "detail.full"
	AlreadyInside Key = "detail.already_inside"
	ExitRecorded  Key = "detail.exit_recorded"
	StatusWas     Key = "detail.status_was"
	RefusedRed    Key = "refused.red"
	RefusedYellow Key = "refused.yellow"
	ReasonVenue   Key = "reason.venue_code"
	Open          Key = "idle.open"
	InsideLabel   Key = "idle.inside_label"
	InsideOf      Key = "idle.inside_of"
	CountUpstream Key = "idle.count_upstream"
	CountEstimate Key = "idle.count_estimate"
	CountLocal    Key = "idle.count_local"
	CapacityNone  Key = "idle.capacity_none"
	ClosingAt     Key = "idle.closing_at"
	SoundBellOnly Key = "idle.sound_bell_only"
	WakeHint      Key = "idle.wake_hint"
	// NotRecordedStorage and SeeTheLog word a failure whose own text is
	// English and for the log.
	NotRecordedStorage Key = "detail.not_recorded_storage"
	SeeTheLog          Key = "detail.see_the_log"
)
