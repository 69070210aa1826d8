package fhirin

import (
	"time"
)

// Code systems.
const (
	LOINC  = "http://loinc.org"
	SNOMED = "http://snomed.info/sct"
)

// DefaultIINSystem is the identifier system that names the Kazakhstan IIN
// unless Config says otherwise. A deployment sets the system URI its health
// systems use (docs/registry.md).
const DefaultIINSystem = "urn:ashyq:iin"

// SNOMED CT codes read.
const (
	// SnomedExposure is "Exposure to severe acute respiratory syndrome
	// coronavirus 2 (event)": the code of a contact record.
	SnomedExposure    = "840546002"
	snomedDetected    = "260373001" // Detected (qualifier value)
	snomedNotDetected = "260415000" // Not detected (qualifier value)
	snomedPositive    = "10828004"  // Positive (qualifier value)
	snomedNegative    = "260385009" // Negative (qualifier value)
	snomedInconcl     = "419984006" // Inconclusive (qualifier value)
	snomedEquivocal   = "42425007"  // Equivocal (qualifier value)
)

// Default LOINC codes of the tests that count (docs/registry.md lists them).
var (
	DefaultPCRCodes = []string{
		"94500-6", // SARS-CoV-2 RNA [Presence] in Respiratory specimen by NAA with probe detection
		"94309-2", // SARS-CoV-2 RNA [Presence] in Specimen by NAA with probe detection
		"94759-8", // SARS-CoV-2 RNA [Presence] in Nasopharynx by NAA with probe detection
		"94845-5", // SARS-CoV-2 RNA [Presence] in Saliva (oral fluid) by NAA with probe detection
		"94533-7", // SARS-CoV-2 N gene [Presence] in Respiratory specimen by NAA with probe detection
		"94534-5", // SARS-CoV-2 RdRp gene [Presence] in Respiratory specimen by NAA with probe detection
	}
	DefaultAntigenCodes = []string{
		"94558-4", // SARS-CoV-2 Ag [Presence] in Respiratory specimen by Rapid immunoassay
		"97097-0", // SARS-CoV-2 Ag [Presence] in Upper respiratory specimen by Rapid immunoassay
	}
)

// Limits.
const (
	// MaxEntries bounds a bundle's entries.
	MaxEntries = 10000
	// MaxLineBytes bounds one NDJSON line.
	MaxLineBytes = 1 << 20
	// DefaultMaxPatients bounds the Patients an NDJSON reader remembers
	// to resolve "Patient/id" references (about 100 bytes each).
	DefaultMaxPatients = 1_000_000
	// DefaultSkew is how far in the future a collection time may be: the
	// clocks of a lab and of this server disagree a little.
	DefaultSkew = 5 * time.Minute
)

// earliest is the earliest date a SARS-CoV-2 fact can have: a collection
// before it is a typo (2012 for 2021), refused.
var earliest = time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)

// Config says what a reader accepts.
type Config struct {
	IINSystems   []string       // identifier systems naming the IIN
	PCRCodes     []string       // LOINC codes of RNA (PCR) tests
	AntigenCodes []string       // LOINC codes of antigen tests
	Zone         *time.Location // the day of a date without a time; nil: UTC
	Skew         time.Duration  // future allowed for clock differences; 0: DefaultSkew
	MaxPatients  int            // 0: DefaultMaxPatients
}

// DefaultConfig is the configuration docs/registry.md describes.
func DefaultConfig() Config {
	return Config{IINSystems: []string{DefaultIINSystem}, PCRCodes: DefaultPCRCodes, AntigenCodes: DefaultAntigenCodes}
}

// compiled is a Config ready for lookups.
type compiled struct {
	iin     map[string]bool
	pcr     map[string]bool
	antigen map[string]bool
	zone    *time.Location
	skew    time.Duration
	maxPat  int
	systems string // for messages
}

func (c Config) compile() *compiled {
	k := &compiled{iin: set(c.IINSystems), pcr: set(c.PCRCodes), antigen: set(c.AntigenCodes), zone: c.Zone,
		skew: c.Skew, maxPat: c.MaxPatients}
	if len(k.iin) == 0 {
		k.iin = set([]string{DefaultIINSystem})
		c.IINSystems = []string{DefaultIINSystem}
	}
	if k.zone == nil {
		k.zone = time.UTC
	}
	if k.skew <= 0 {
		k.skew = DefaultSkew
	}
	if k.maxPat <= 0 {
		k.maxPat = DefaultMaxPatients
	}
	k.systems = c.IINSystems[0]
	for _, s := range c.IINSystems[1:] {
		k.systems += " or " + s
	}
	return k
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
