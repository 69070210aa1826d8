package backend

import (
	"context"
	"log/slog"
	"time"

	"github.com/ashyq/kiosk/sync/audit"
)

// Security events: what an operator must be able to find after any flood
// (the server's start, key rotations, passes issued and revoked, credentials
// and sessions made and ended, a client blocked for failing to
// authenticate). They go to a SecurityLog: by default the audit trail, in
// the store, where no flood of requests can push them out (the request log
// rotates; the trail keeps entries for --audit-retention), and a line in
// the log as they happen. Refused requests are not security events: the
// request log samples and sums them (package api).

// Security event kinds: the audit trail's "security." area.
const (
	EventStart             audit.Kind = "security.start"
	EventKeysRotated       audit.Kind = "security.keys_rotated"
	EventPassIssued        audit.Kind = "security.pass_issued"
	EventPassRevoked       audit.Kind = "security.pass_revoked"
	EventCredentialAdded   audit.Kind = "security.credential_added"
	EventCredentialRevoked audit.Kind = "security.credential_revoked"
	EventLogin             audit.Kind = "security.login"
	EventLogout            audit.Kind = "security.logout"
	EventSessionEnded      audit.Kind = "security.session_ended"
	EventAuthBlocked       audit.Kind = "security.auth_blocked"
)

// SecurityEvent is one security event. Actor is who did it (a credential's
// public id, audit.ActorCLI, audit.ActorSystem); when empty, the actor the
// request's context carries (WithActor), else the command line.
type SecurityEvent struct {
	Kind    audit.Kind
	Actor   string
	Client  string // the client's address key (peer.Key), for requests
	Subject string // what it concerns: a key, a pass, a credential id
	IIN     string // whose data, when a person's (a pass): full in the trail, masked when listed
	Detail  string
}

// SecurityLog keeps security events. It is one small interface so that
// another sink can take them too.
type SecurityLog interface {
	Record(ctx context.Context, at time.Time, e SecurityEvent) error
}

type actorKey struct{}

// WithActor returns ctx naming the credential (its public id) a request
// was made with: the security events of what the request does name it.
func WithActor(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, actorKey{}, id)
}

// Actor is the credential id WithActor put in ctx, "" when none.
func Actor(ctx context.Context) string {
	id, _ := ctx.Value(actorKey{}).(string)
	return id
}

func actorFrom(ctx context.Context) string {
	if id, ok := ctx.Value(actorKey{}).(string); ok && id != "" {
		return id
	}
	return audit.ActorCLI
}

// Security records a security event now. A sink that fails is logged: the
// event is never the reason a request fails.
func (b *Backend) Security(ctx context.Context, e SecurityEvent) {
	if e.Actor == "" {
		e.Actor = actorFrom(ctx)
	}
	if err := b.security.Record(ctx, b.now().UTC(), e); err != nil {
		b.log.LogAttrs(ctx, slog.LevelError, "security event not kept", slog.String("kind", string(e.Kind)),
			slog.String("error", err.Error()))
	}
}

// auditSecurity is the default SecurityLog: the audit trail, and a log line.
type auditSecurity struct {
	trail audit.Writer
	log   *slog.Logger
}

func (s auditSecurity) Record(ctx context.Context, at time.Time, e SecurityEvent) error {
	detail := e.Detail
	if e.Client != "" {
		detail = "from " + e.Client + "; " + detail
	}
	entry := audit.Entry{At: at, Kind: e.Kind, Actor: e.Actor, Subject: e.Subject, IIN: e.IIN, Detail: detail}
	err := entry.Validate()
	if err == nil {
		err = s.trail.AppendAudit(ctx, entry)
	}
	level := slog.LevelInfo
	if e.Kind == EventAuthBlocked {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(ctx, level, "security event", slog.String("kind", string(e.Kind)), slog.String("actor", e.Actor),
		slog.String("subject", entry.Subject), slog.String("detail", entry.Detail))
	return err
}
