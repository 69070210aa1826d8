package server

import "github.com/ashyq/kiosk/sync/store"

// Demo fixtures, seeded by Options.Demo. The demo only listens on loopback,
// so its public secrets reach nobody else.
const (
	DemoVenue         = "demo-cafe"
	DemoToken         = "demo-token"
	DemoOperatorToken = "demo-operator"
	DemoCapacity      = 40
)

// DemoRegistry is the demo status registry (IIN -> colour). Any other valid
// IIN is blue.
var DemoRegistry = map[string]string{
	"900101300017": "green",
	"950630400059": "green",
	"850523400026": "yellow",
	"771203300035": "red",
	"010202500042": "blue",
}

// DemoKeyID is the demo issuer key's id (see store.DemoKeySeed).
const DemoKeyID = store.DemoKeyID
