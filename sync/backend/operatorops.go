package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
	"github.com/ashyq/kiosk/sync/store"
)

// What an operator does from the console, besides what the API offers
// (revoking a credential or a pass, rotating keys: those write their own
// security events, naming the actor the request's context carries).

// Operator audit kinds: the trail's "operator." area.
const (
	EventOperatorCapacity audit.Kind = "operator.venue_capacity" // an operator set a venue's capacity
	// EventRecordsRead: an operator or an owner looked at people's
	// records (IINs masked): which venue's, through which page.
	EventRecordsRead audit.Kind = "records.read"
)

// SetVenueCapacity sets an existing venue's capacity for an operator
// (actor) and writes the change to the audit trail. A capacity out of
// range is an *InvalidError; an unknown venue store.ErrNotFound.
func (b *Backend) SetVenueCapacity(ctx context.Context, actor, venue string, capacity int) (store.Venue, error) {
	cur, err := b.st.Venue(ctx, venue)
	if err != nil {
		return store.Venue{}, err
	}
	v, err := b.PutVenue(ctx, venue, VenueSettings{Capacity: &capacity})
	if err != nil {
		return v, err
	}
	if cur.Capacity == capacity {
		return v, nil
	}
	return v, b.ownerAudit(ctx, EventOperatorCapacity, actor, venue, fmt.Sprintf("capacity %d -> %d", cur.Capacity, capacity))
}

// readNoteEvery is how often one operator's look at one page of records is
// written to the trail again: the console's pages reload themselves every
// 15 s, and the trail should say who looked, not count the reloads.
const readNoteEvery = 10 * time.Minute

// readNotes remembers when each (actor, what) read was last written, on
// this replica.
type readNotes struct {
	mu   sync.Mutex // guards last
	last map[string]time.Time
}

// NoteRecordsRead writes to the audit trail that actor (an operator or a
// venue's owner) looked at people's records (masked) of venue through what (a page), once per readNoteEvery
// per actor and page on this replica. An error is the trail's: the caller
// shows nothing it could not record.
func (b *Backend) NoteRecordsRead(ctx context.Context, actor, venue, what string) error {
	now := b.now()
	key := actor + "\x00" + venue + "\x00" + what
	b.reads.mu.Lock()
	last, seen := b.reads.last[key]
	if seen && now.Sub(last) < readNoteEvery && !now.Before(last) {
		b.reads.mu.Unlock()
		return nil
	}
	b.reads.last[key] = now
	if len(b.reads.last) > 100_000 { // bounded: forget the old ones
		for k, t := range b.reads.last {
			if now.Sub(t) >= readNoteEvery {
				delete(b.reads.last, k)
			}
		}
	}
	b.reads.mu.Unlock()
	e := audit.Entry{At: now.UTC(), Kind: EventRecordsRead, Actor: actor, Subject: venue, Detail: what}
	err := e.Validate()
	if err == nil {
		err = b.st.AppendAudit(ctx, e)
	}
	if err != nil {
		b.reads.mu.Lock()
		delete(b.reads.last, key)
		b.reads.mu.Unlock()
		return fmt.Errorf("audit the reading: %w", err)
	}
	return nil
}

// CredentialKinds are the kinds of stored credential, in the console's
// order.
var CredentialKinds = []store.CredentialKind{store.KindDevice, store.KindOwner, store.KindOperator, store.KindFeeder}

// CredentialQuery selects a page of stored credentials.
type CredentialQuery struct {
	Kind   store.CredentialKind // "" for every kind
	Venue  string               // exactly this venue; "" for all
	Search string               // part of the id, venue or label, any case
	Live   bool                 // not revoked only
	Offset int
	Limit  int // at most MaxPageRows; 0: 50
}

// FindCredentials returns one page of the stored credentials q selects, by
// kind then creation, and how many it selects in all.
func (f *FleetView) FindCredentials(q CredentialQuery) ([]store.CredentialInfo, int) {
	search := strings.ToLower(strings.TrimSpace(q.Search))
	var sel []store.CredentialInfo
	for _, c := range f.Credentials {
		switch {
		case q.Kind != "" && c.Kind != q.Kind,
			q.Venue != "" && c.Venue != q.Venue,
			q.Live && !c.Revoked.IsZero():
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(c.ID+" "+c.Venue+" "+c.Label), search) {
			continue
		}
		sel = append(sel, c)
	}
	return window(sel, q.Offset, pageLimit(q.Limit)), len(sel)
}

// walkCredentials reads every stored credential for the fleet view.
func (b *Backend) walkCredentials(ctx context.Context) ([]store.CredentialInfo, error) {
	var out []store.CredentialInfo
	for _, k := range CredentialKinds {
		cs, err := b.Credentials(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("read %s credentials: %w", k, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// ErrStaticCredential is a credential kept in memory: not revocable here.
var ErrStaticCredential = errors.New("this credential is configured on the server's command line or in the demo, not stored: restart the server without it")
