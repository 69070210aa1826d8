package boltstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ashyq/kiosk/sync/store"
)

// The wallet's bucket (WalletStore in bbolt): one enrolment code per IIN.
var bktEnrolCodes = []byte("enrol_codes") // iin -> store.EnrolCode JSON

var walletBuckets = [][]byte{bktEnrolCodes}

func (st *Store) PutEnrolCode(_ context.Context, c store.EnrolCode) error {
	c.Attempts, c.UsedAt = 0, time.Time{}
	return st.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bktEnrolCodes), []byte(c.IIN), c)
	})
}

func (st *Store) RedeemEnrolCode(_ context.Context, iin string, hash []byte, now time.Time) (store.Redeem, error) {
	var r store.Redeem
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktEnrolCodes)
		v := b.Get([]byte(iin))
		if v == nil {
			r = store.Redeem{Outcome: store.RedeemNoCode}
			return nil
		}
		var c store.EnrolCode
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("enrolment code: %w", err)
		}
		var next store.EnrolCode
		var write bool
		r, next, write = c.Judge(hash, now)
		if !write {
			return nil
		}
		return putJSON(b, []byte(iin), next)
	})
	return r, err
}

func (st *Store) PassRevoked(_ context.Context, id string) (string, error) {
	var reason string
	err := st.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bktPasses).Get([]byte(id))
		if v == nil {
			return store.ErrUnknownPass
		}
		var rec store.PassRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("pass record: %w", err)
		}
		reason = rec.Revoked
		return nil
	})
	return reason, err
}
