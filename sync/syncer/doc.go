// Package syncer sends the outbox upstream in the background: batches by size
// and time, retries with backoff, sets permanently rejected events aside, and
// publishes the state the idle screen shows.
//
// Two parts, each with its own small state behind its own lock:
//
//   - the sender (sender.go, send.go) drains the outbox, bisects refused
//     batches, dead-letters, and keeps the backoff and the outbox counters;
//   - the link monitor (link.go) checks health and the clock, polls the
//     venue's occupancy, and keeps the link state: online, offline or token
//     refused. Every answer the sender gets is evidence about the link too,
//     so the sender reports it to the monitor.
//
// The Syncer runs both and publishes one typed State: the Link, the Problem
// (timeout, connection refused, 429, 5xx, outbox full, ...), counts and
// times. It writes no sentences for the screen; the UI words the state in
// its own language. Problem.String is English for the log only.
//
// It is modelled on the sender of the OpenTelemetry Collector's persistent
// queue. The outbox is the queue; an event leaves it only when the upstream
// said so:
//
//	outbox.Pending ──► POST /v1/events ──► accepted/duplicates ──► outbox.Ack
//	      ▲                  │          └─► rejected ───────────► outbox.DeadLetter
//	      │                  │          └─► named nowhere ──────► stays pending
//	      └── backoff ◄──────┘ network error, 429, 5xx, 401/403
//
// Delivery is at-least-once and the upstream deduplicates by event id, so a
// batch whose answer was lost is simply sent again. A batch refused as a
// whole for its content (400, 413, 422) is split in halves until the
// offending events stand alone; a lone event refused that way is
// dead-lettered with the server's message. A refused token is nobody's
// event's fault: everything stays pending and the link is "token refused".
// Health needs no token, so the monitor's occupancy poll, which does, is what
// notices a refused token when there is nothing to send.
//
// While draining a backlog, the outbox commit that acknowledges one batch
// overlaps the request carrying the next, so a long outage's backlog goes
// out at the speed of the slower of the two, not their sum.
//
// Waits between attempts grow exponentially with full jitter between
// MinBackoff and MaxBackoff; a Retry-After from the server replaces the
// computed wait. Kick never cuts a wait short, and every wait also watches
// the context.
//
// Logs name events by id and seq only: events carry IINs, which never reach
// a log.
package syncer
