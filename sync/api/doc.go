// Package api serves the upstream's HTTP API v1 (docs/api.md) over a
// backend.Backend: the kiosks' endpoints (status, events, occupancy, device
// reports, keys and deny list), the operator's management endpoints under
// /v1/admin/, passes, and /metrics; with its middleware (bearer
// authentication, the access log, request metrics) and the per-token limit
// on status lookups. Request bodies are bounded and decoded here; what a
// request means is the backend's business.
package api
