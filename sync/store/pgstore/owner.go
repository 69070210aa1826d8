package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ashyq/kiosk/sync/store"
	"github.com/ashyq/kiosk/sync/wire"
)

// The owner's pages (store.OwnerStore): tables doors, device_enrolments,
// venue_hours and the events' scanned column (pgschema/0030-0032).

// ensureVenueRow creates a venue row if there is none, without locking an
// existing one.
const ensureVenueRow = `INSERT INTO venues (name, created) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`

func (st *Store) PutDoorMode(ctx context.Context, venue, device string, set store.DoorMode) error {
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		return putDoorMode(ctx, tx, venue, device, set)
	})
}

func putDoorMode(ctx context.Context, tx pgx.Tx, venue, device string, set store.DoorMode) error {
	if _, err := tx.Exec(ctx, ensureVenueRow, venue, set.SetAt); err != nil {
		return fmt.Errorf("put venue: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO doors (venue, device, mode, mode_set_by, mode_set_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (venue, device) DO UPDATE SET mode = EXCLUDED.mode, mode_set_by = EXCLUDED.mode_set_by,
			mode_set_at = EXCLUDED.mode_set_at`, venue, device, set.Mode, set.SetBy, nullTime(set.SetAt))
	if err != nil {
		return fmt.Errorf("put door: %w", err)
	}
	return nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// PutDoorReports writes the reports in the order of (venue, device), as
// every other multi-row write does, so two replicas cannot deadlock; an
// older report never replaces a newer one.
func (st *Store) PutDoorReports(ctx context.Context, reports []store.DoorReport) error {
	reports = slices.Clone(reports)
	slices.SortFunc(reports, func(a, b store.DoorReport) int {
		if c := strings.Compare(a.Venue, b.Venue); c != 0 {
			return c
		}
		return strings.Compare(a.Device, b.Device)
	})
	b := &pgx.Batch{}
	for i, r := range reports {
		if i == 0 || reports[i-1].Venue != r.Venue {
			b.Queue(ensureVenueRow, r.Venue, r.At)
		}
		body, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode report: %w", err)
		}
		b.Queue(`INSERT INTO doors (venue, device, report, report_at) VALUES ($1, $2, $3::jsonb, $4)
			ON CONFLICT (venue, device) DO UPDATE SET report = EXCLUDED.report, report_at = EXCLUDED.report_at
			WHERE doors.report_at IS NULL OR doors.report_at <= EXCLUDED.report_at`, r.Venue, r.Device, string(body), r.At)
	}
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() })
}

const doorCols = "venue, device, mode, mode_set_by, mode_set_at, report"

func scanDoor(row pgx.CollectableRow) (store.Door, error) {
	var d store.Door
	var setAt *time.Time
	var report []byte
	if err := row.Scan(&d.Venue, &d.Device, &d.Set.Mode, &d.Set.SetBy, &setAt, &report); err != nil {
		return d, err
	}
	if setAt != nil {
		d.Set.SetAt = setAt.UTC()
	}
	if report != nil {
		d.Report = &store.DoorReport{}
		if err := json.Unmarshal(report, d.Report); err != nil {
			return d, fmt.Errorf("decode door report: %w", err)
		}
	}
	return d, nil
}

func (st *Store) Door(ctx context.Context, venue, device string) (store.Door, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+doorCols+" FROM doors WHERE venue = $1 AND device = $2", venue, device)
	if err != nil {
		return store.Door{}, err
	}
	d, err := pgx.CollectExactlyOneRow(rows, scanDoor)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Door{}, store.ErrNotFound
	}
	return d, err
}

func (st *Store) Doors(ctx context.Context, venue string, limit int) ([]store.Door, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+doorCols+` FROM doors WHERE venue = $1 ORDER BY device COLLATE "C" LIMIT $2`,
		venue, limit)
	if err != nil {
		return nil, err
	}
	ds, err := pgx.CollectRows(rows, scanDoor)
	return append([]store.Door{}, ds...), err
}

const enrolCols = "hash, id, venue, device, door, mode, created_by, created, expires, used, used_by, credential"

func scanEnrolment(row pgx.CollectableRow) (store.DeviceEnrolment, error) {
	var e store.DeviceEnrolment
	var hash []byte
	var used *time.Time
	if err := row.Scan(&hash, &e.ID, &e.Venue, &e.Device, &e.Door, &e.Mode, &e.CreatedBy, &e.Created, &e.Expires, &used,
		&e.UsedBy, &e.Credential); err != nil {
		return e, err
	}
	e.Hash, e.Created, e.Expires = [sha256.Size]byte(hash), e.Created.UTC(), e.Expires.UTC()
	if used != nil {
		e.Used = used.UTC()
	}
	return e, nil
}

func (st *Store) PutDeviceEnrolment(ctx context.Context, e store.DeviceEnrolment) error {
	return pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, ensureVenueRow, e.Venue, e.Created); err != nil {
			return fmt.Errorf("put venue: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO device_enrolments (hash, id, venue, device, door, mode, created_by, created, expires)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			e.Hash[:], e.ID, e.Venue, e.Device, e.Door, e.Mode, e.CreatedBy, e.Created, e.Expires)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" {
			return store.ErrExists
		}
		return err
	})
}

// RedeemDeviceEnrolment locks the code's row, so of two replicas redeeming
// it at once one waits and then finds it used.
func (st *Store) RedeemDeviceEnrolment(ctx context.Context, hash [sha256.Size]byte, now time.Time, client string, cred store.Credential) (store.DeviceEnrolment, error) {
	var e store.DeviceEnrolment
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+enrolCols+" FROM device_enrolments WHERE hash = $1 FOR UPDATE", hash[:])
		if err != nil {
			return err
		}
		e, err = pgx.CollectExactlyOneRow(rows, scanEnrolment)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := e.Judge(now); err != nil {
			return err
		}
		if cred.Kind != store.KindDevice {
			return fmt.Errorf("redeem enrolment: a %s credential is not a device token", cred.Kind)
		}
		cred.Venue = e.Venue
		if cred.Label == "" {
			cred.Label = e.Label()
		}
		_, err = tx.Exec(ctx, `INSERT INTO credentials (id, kind, hash, venue, label, created) VALUES ($1, $2, $3, $4, $5, $6)`,
			cred.ID, string(cred.Kind), cred.Hash[:], cred.Venue, cred.Label, cred.Created)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" {
			return store.ErrExists
		}
		if err != nil {
			return fmt.Errorf("put credential: %w", err)
		}
		e.Used, e.UsedBy, e.Credential = now.UTC(), client, cred.ID
		if _, err := tx.Exec(ctx, "UPDATE device_enrolments SET used = $2, used_by = $3, credential = $4 WHERE hash = $1",
			hash[:], e.Used, client, cred.ID); err != nil {
			return fmt.Errorf("mark enrolment used: %w", err)
		}
		return putDoorMode(ctx, tx, e.Venue, e.Device, store.DoorMode{Mode: e.Mode, SetBy: e.CreatedBy, SetAt: e.Created})
	})
	return e, err
}

func (st *Store) DeviceEnrolments(ctx context.Context, venue string, since time.Time, limit int) ([]store.DeviceEnrolment, error) {
	rows, err := st.pool.Query(ctx, "SELECT "+enrolCols+` FROM device_enrolments WHERE venue = $1 AND created > $2
		ORDER BY created DESC, hash DESC LIMIT $3`, venue, since, limit)
	if err != nil {
		return nil, err
	}
	es, err := pgx.CollectRows(rows, scanEnrolment)
	return append([]store.DeviceEnrolment{}, es...), err
}

func (st *Store) HourCounts(ctx context.Context, venue string, from, to time.Time) ([]store.HourCount, error) {
	rows, err := st.pool.Query(ctx, `SELECT hour, entries, exits, refusals, overrides, unchecked FROM venue_hours
		WHERE venue = $1 AND hour >= $2 AND hour < $3 ORDER BY hour`, venue, from, to)
	if err != nil {
		return nil, err
	}
	hs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.HourCount, error) {
		var h store.HourCount
		var e, x, r, o, u int64
		err := row.Scan(&h.Hour, &e, &x, &r, &o, &u)
		h.Hour = h.Hour.UTC()
		h.Entries, h.Exits, h.Refusals, h.Overrides, h.Unchecked = uint64(e), uint64(x), uint64(r), uint64(o), uint64(u)
		return h, err
	})
	return append([]store.HourCount{}, hs...), err
}

// hourCols are a batch's counts per hour as the arrays a statement unnests.
type hourCols struct {
	venues             []string // of a group's rows (ingestFast)
	hours              []time.Time
	en, ex, re, ov, un []int64
}

func newHourCols() hourCols {
	return hourCols{venues: []string{}, hours: []time.Time{}, en: []int64{}, ex: []int64{}, re: []int64{}, ov: []int64{}, un: []int64{}}
}

// add adds the hour counts of one venue's events.
func (hc *hourCols) add(venue string, events []wire.Event) {
	c := hourColumns(events)
	for range c.hours {
		hc.venues = append(hc.venues, venue)
	}
	hc.hours, hc.en, hc.ex = append(hc.hours, c.hours...), append(hc.en, c.en...), append(hc.ex, c.ex...)
	hc.re, hc.ov, hc.un = append(hc.re, c.re...), append(hc.ov, c.ov...), append(hc.un, c.un...)
}

// hourColumns counts events per hour of their scan.
func hourColumns(events []wire.Event) hourCols {
	hours := map[int64]*store.HourCount{}
	var order []int64
	for _, e := range events {
		h := store.EventHour(e)
		c := hours[h.Unix()]
		if c == nil {
			c = &store.HourCount{Hour: h}
			hours[h.Unix()] = c
			order = append(order, h.Unix())
		}
		c.Add(e)
	}
	var hc hourCols
	for _, k := range order {
		c := hours[k]
		hc.hours = append(hc.hours, c.Hour)
		hc.en, hc.ex, hc.re = append(hc.en, int64(c.Entries)), append(hc.ex, int64(c.Exits)), append(hc.re, int64(c.Refusals))
		hc.ov, hc.un = append(hc.ov, int64(c.Overrides)), append(hc.un, int64(c.Unchecked))
	}
	return hc
}

// queueHours adds a batch's hour counts under the venue lock Ingest holds.
func queueHours(b *pgx.Batch, venue string, events []wire.Event) {
	hc := hourColumns(events)
	b.Queue(`INSERT INTO venue_hours (venue, hour, entries, exits, refusals, overrides, unchecked)
		SELECT $1, u.hour, u.en, u.ex, u.re, u.ov, u.un
		FROM unnest($2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
			AS u(hour, en, ex, re, ov, un)
		ON CONFLICT (venue, hour) DO UPDATE SET entries = venue_hours.entries + EXCLUDED.entries,
			exits = venue_hours.exits + EXCLUDED.exits, refusals = venue_hours.refusals + EXCLUDED.refusals,
			overrides = venue_hours.overrides + EXCLUDED.overrides, unchecked = venue_hours.unchecked + EXCLUDED.unchecked`,
		venue, hc.hours, hc.en, hc.ex, hc.re, hc.ov, hc.un)
}

// EventsBetween: the cursor holds the scanned column (microseconds, as
// PostgreSQL keeps it) and n of the last event returned.
func (st *Store) EventsBetween(ctx context.Context, venue string, from, to time.Time, cursor string, limit int) (store.EventPage, error) {
	cur, ok, err := store.ParseTimeCursor(cursor)
	if err != nil {
		return store.EventPage{}, err
	}
	page := store.EventPage{Events: []wire.Event{}, Resume: cursor}
	var rows pgx.Rows
	if ok {
		rows, err = st.pool.Query(ctx, `SELECT scanned, n, body FROM events WHERE venue = $1 AND scanned < $3
			AND (scanned, n) > ($4, $5) ORDER BY scanned, n LIMIT $2`, venue, limit+1, to, time.Unix(0, cur.At), int64(cur.N))
	} else {
		rows, err = st.pool.Query(ctx, `SELECT scanned, n, body FROM events WHERE venue = $1 AND scanned >= $3 AND scanned < $4
			ORDER BY scanned, n LIMIT $2`, venue, limit+1, from, to)
	}
	if err != nil {
		return store.EventPage{}, fmt.Errorf("events between: %w", err)
	}
	var curs []store.TimeCursor
	var sizes []int
	evs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.Event, error) {
		var at time.Time
		var n int64
		var body []byte
		var e wire.Event
		if err := row.Scan(&at, &n, &body); err != nil {
			return e, err
		}
		curs, sizes = append(curs, store.TimeCursor{At: at.UnixNano(), N: uint64(n)}), append(sizes, len(body))
		return e, json.Unmarshal(body, &e)
	})
	if err != nil {
		return store.EventPage{}, fmt.Errorf("events between: %w", err)
	}
	if len(evs) > limit {
		evs, page.More = evs[:limit], true
	}
	if n := pageBytesCut(sizes); n < len(evs) {
		evs, page.More = evs[:n], true
	}
	if len(evs) > 0 {
		page.Resume = curs[len(evs)-1].String()
	}
	page.Events = append(page.Events, evs...)
	return page, nil
}
