package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ashyq/kiosk/sync/wire"
)

// StatusWithProof names the proof in the status request, and takes the
// upstream's word that another device used it first, within bounds.
func TestStatusWithProof(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var answer wire.StatusResponse
	var got wire.StatusRequest
	c, _ := newPair(t, func(w http.ResponseWriter, r *http.Request) {
		got = wire.StatusRequest{}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Error(err)
		}
		writeJSON(w, http.StatusOK, answer)
	})
	ctx := context.Background()
	use := wire.ProofUse{ID: "5fb32d725db79624dd55cce852d027f5", At: at, Door: "side", Peek: true}

	answer = wire.StatusResponse{Status: wire.Green, ProofUsed: &wire.ProofUsed{At: at, Door: "main", Device: "d2"}}
	resp, err := c.StatusWithProof(ctx, "900101300017", use)
	if err != nil || resp.ProofUsed == nil || resp.ProofUsed.Door != "main" {
		t.Fatalf("used: %+v, %v", resp, err)
	}
	if got.Proof == nil || *got.Proof != use || got.IIN != "900101300017" {
		t.Errorf("request %+v", got)
	}

	// A plain lookup names no proof, and an answer about one it never
	// asked for is not believed.
	if _, err := c.Status(ctx, "900101300017"); !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("unasked proof_used: %v", err)
	}
	if got.Proof != nil {
		t.Errorf("a plain lookup named a proof: %+v", got.Proof)
	}
	for name, u := range map[string]*wire.ProofUsed{
		"no time":     {Door: "main"},
		"long door":   {At: at, Door: strings.Repeat("d", 200)},
		"long device": {At: at, Device: strings.Repeat("d", 200)},
	} {
		answer = wire.StatusResponse{Status: wire.Green, ProofUsed: u}
		if _, err := c.StatusWithProof(ctx, "900101300017", use); !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s: %v", name, err)
		}
	}
	answer = wire.StatusResponse{Status: wire.Green}
	if resp, err := c.StatusWithProof(ctx, "900101300017", use); err != nil || resp.ProofUsed != nil {
		t.Errorf("not used: %+v, %v", resp, err)
	}
}
