// Package syncer sends the outbox upstream in the background: batches by size
// and time, retries with backoff, sets permanently rejected events aside, and
// publishes the online state the idle screen shows.
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
// event's fault: everything stays pending and the screen says so.
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
