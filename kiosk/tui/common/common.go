// Package common holds what every part of the kiosk UI shares: the screen
// size, the styles and colours, the language catalog and the logger.
package common

import (
	"log/slog"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// Common is shared by pointer between the root model and every component
// (glow's commonModel): it is the one owner of the screen size and the
// language, so a change made here is seen everywhere at once and no copy
// can disagree with it. Only the root model's Update changes it.
type Common struct {
	Width, Height int
	Styles        *Styles
	Lang          i18n.Catalog
	// Logger writes to a file, never to the terminal the UI draws on.
	Logger *slog.Logger
}

// New returns a Common for a language. A nil logger discards.
func New(lang string, logger *slog.Logger) *Common {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Common{Styles: DefaultStyles(), Lang: i18n.For(lang), Logger: logger}
}

// SetSize records the terminal size.
func (c *Common) SetSize(width, height int) {
	c.Width, c.Height = width, height
}

// SetLanguage switches the whole UI to another catalog.
func (c *Common) SetLanguage(code string) {
	c.Lang = i18n.For(code)
}
