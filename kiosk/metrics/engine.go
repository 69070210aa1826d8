package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/ashyq/kiosk/kiosk/door"
	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/sync/wire"
)

// Engine is a door engine whose verdicts are counted. It embeds the
// engine, so Mode and SetMode (the owner menu's switch) stay reachable.
type Engine struct {
	*door.Engine
	k *Kiosk
}

// Wrap counts e's verdicts in k.
func (k *Kiosk) Wrap(e *door.Engine) *Engine { return &Engine{Engine: e, k: k} }

// Handle judges the scan with the engine and counts the outcome.
func (e *Engine) Handle(ctx context.Context, s scanner.Scan) (door.Verdict, error) {
	start := time.Now()
	v, err := e.Engine.Handle(ctx, s)
	from := s.At
	if from.IsZero() || from.After(start) {
		from = start
	}
	var pe *scanner.PayloadError
	switch {
	case err == nil:
		e.k.verdicts.WithLabelValues(string(v.Kind), string(v.Source), string(s.Source)).Inc()
		e.k.latency.Observe(time.Since(from).Seconds())
		if v.Source.Unchecked() {
			e.k.unchecked.WithLabelValues(map[bool]string{true: "admitted", false: "refused"}[v.Allowed]).Inc()
		}
	case errors.As(err, &pe):
		e.k.invalid.WithLabelValues(string(s.Source)).Inc()
	case errors.Is(err, door.ErrNotRecorded):
		e.k.notRecorded.Inc()
	}
	return v, err
}

// Override lets a refused person in with the engine and counts it.
func (e *Engine) Override(ctx context.Context, ref, reason, staff string) (door.Verdict, error) {
	v, err := e.Engine.Override(ctx, ref, reason, staff)
	switch {
	case err == nil:
		e.k.verdicts.WithLabelValues(string(v.Kind), string(v.Source), "staff").Inc()
		e.k.overrides.WithLabelValues(wire.OverrideReason(reason)).Inc()
	case errors.Is(err, door.ErrNotRecorded):
		e.k.notRecorded.Inc()
	}
	return v, err
}
