// Package common holds what every part of the kiosk UI shares: the screen
// size, the styles and colours, the language catalog and the logger.
package common

import (
	"log/slog"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// Common is passed by value to every component; SetSize keeps the size in
// step with the terminal.
type Common struct {
	Width, Height int
	Styles        *Styles
	Lang          i18n.Catalog
	// Logger writes to a file, never to the terminal the UI draws on.
	Logger *slog.Logger
}

// New returns a Common for a language. A nil logger discards.
func New(lang string, logger *slog.Logger) Common {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return Common{Styles: DefaultStyles(), Lang: i18n.For(lang), Logger: logger}
}

// SetSize records the terminal size.
func (c *Common) SetSize(width, height int) {
	c.Width, c.Height = width, height
}
