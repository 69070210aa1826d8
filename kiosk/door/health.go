package door

import (
	"time"

	"github.com/ashyq/kiosk/scanner"
)

// LastScan is when a scan from input last reached the engine (zero if
// none yet), for the owner's device health page: a barcode scanner that
// has not been heard from all day is worth a look.
func (e *Engine) LastScan(input scanner.Source) time.Time {
	if v, ok := e.lastScan.Load(input); ok {
		return v.(time.Time)
	}
	return time.Time{}
}
