package fhirin

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/ashyq/kiosk/sync/registry"
	"github.com/ashyq/kiosk/sync/wire/iin"
)

// resolver finds the IIN a reference ("urn:uuid:…", "Patient/17") names;
// reason says why not.
type resolver func(ref string) (person string, reason string)

// header is what is read of a resource before its type is known: its type
// and whether the required primitives the models cannot tell from their
// zero value are there.
type header struct {
	ResourceType string           `json:"resourceType"`
	ID           string           `json:"id"`
	Status       *json.RawMessage `json:"status"`
}

// parsed is what one resource gave: a Patient's IIN, or a fact.
type parsed struct {
	rt      string
	id      string
	patient string // a Patient's IIN
	fact    *registry.Fact
}

// resource reads one resource. root is the FHIRPath of the resource
// ("Bundle.entry[3].resource", or "Observation" on an NDJSON line).
func (k *compiled) resource(raw json.RawMessage, root string, now time.Time, resolve resolver) (parsed, *Problem) {
	var h header
	if err := json.Unmarshal(raw, &h); err != nil {
		return parsed{}, problem(fhir.IssueTypeStructure, root, "not a JSON object: %s", clip(err.Error(), 200))
	}
	p := parsed{rt: h.ResourceType, id: h.ID}
	var prob *Problem
	switch h.ResourceType {
	case "Patient":
		p.patient, prob = k.patient(raw, root)
	case "Observation":
		p.fact, prob = k.observation(raw, root, h, now, resolve)
	case "Immunization":
		p.fact, prob = k.immunization(raw, root, h, now, resolve)
	case "":
		prob = problem(fhir.IssueTypeRequired, root, "resourceType is missing")
	default:
		prob = problem(fhir.IssueTypeNotSupported, root,
			"resourceType %s is not accepted: send Patient, Observation (a test result or a contact) or Immunization",
			clip(h.ResourceType, 40))
	}
	if prob == nil && p.fact != nil {
		if err := p.fact.Validate(); err != nil {
			prob = problem(fhir.IssueTypeValue, root, "%s", strings.ReplaceAll(err.Error(), "\n", "; "))
		}
	}
	return p, prob
}

// decode reads raw into v, naming the resource type on failure.
func decode(raw json.RawMessage, root, rt string, v any) *Problem {
	if err := json.Unmarshal(raw, v); err != nil {
		return problem(fhir.IssueTypeStructure, root, "not a valid %s: %s", rt, clip(err.Error(), 200))
	}
	return nil
}

func (k *compiled) patient(raw json.RawMessage, root string) (string, *Problem) {
	var pt fhir.Patient
	if prob := decode(raw, root, "Patient", &pt); prob != nil {
		return "", prob
	}
	if len(pt.ModifierExtension) > 0 {
		return "", problem(fhir.IssueTypeNotSupported, root+".modifierExtension", "modifier extensions are not understood")
	}
	for i, id := range pt.Identifier {
		if id.System == nil || !k.iin[*id.System] {
			continue
		}
		path := fmt.Sprintf("%s.identifier[%d].value", root, i)
		if id.Value == nil {
			return "", problem(fhir.IssueTypeRequired, path, "the IIN identifier has no value")
		}
		if err := iin.Validate(*id.Value); err != nil {
			return "", problem(fhir.IssueTypeValue, path, "%v", err) // masked
		}
		return *id.Value, nil
	}
	return "", problem(fhir.IssueTypeRequired, root+".identifier",
		"the Patient has no identifier with system %s (the IIN)", k.systems)
}

// subject finds the IIN of a reference: its identifier when it names the
// IIN system, else what it refers to.
func (k *compiled) subject(ref *fhir.Reference, path string, resolve resolver) (string, *Problem) {
	if ref == nil {
		return "", problem(fhir.IssueTypeRequired, path, "the subject (the person, by IIN) is missing")
	}
	if id := ref.Identifier; id != nil && id.System != nil && k.iin[*id.System] {
		if id.Value == nil {
			return "", problem(fhir.IssueTypeRequired, path+".identifier.value", "the IIN identifier has no value")
		}
		if err := iin.Validate(*id.Value); err != nil {
			return "", problem(fhir.IssueTypeValue, path+".identifier.value", "%v", err)
		}
		return *id.Value, nil
	}
	if ref.Reference == nil {
		if ref.Identifier != nil {
			sys := "none"
			if ref.Identifier.System != nil {
				sys = clip(*ref.Identifier.System, 80)
			}
			return "", problem(fhir.IssueTypeValue, path+".identifier.system",
				"identifier system %s does not name the IIN (want %s)", sys, k.systems)
		}
		return "", problem(fhir.IssueTypeRequired, path,
			"the reference names no one: give identifier (system %s, value the IIN) or a reference", k.systems)
	}
	person, reason := resolve(*ref.Reference)
	if person == "" {
		return "", problem(fhir.IssueTypeNotFound, path+".reference", "%s", reason)
	}
	return person, nil
}

// identifier is the fact's key: its first identifier with a system and a
// value.
func identifier(ids []fhir.Identifier, root string) (string, string, *Problem) {
	for _, id := range ids {
		if id.System != nil && id.Value != nil && *id.System != "" && *id.Value != "" {
			return *id.System, *id.Value, nil
		}
	}
	return "", "", problem(fhir.IssueTypeRequired, root+".identifier",
		"no identifier with a system and a value: a fact is known by its identifier, so that sending it again changes nothing")
}

// when reads a fact's date and refuses one in the future (beyond the
// allowed skew) or before SARS-CoV-2.
func (k *compiled) when(s *string, path, what string, now time.Time) (time.Time, *Problem) {
	if s == nil || *s == "" {
		return time.Time{}, problem(fhir.IssueTypeRequired, path, "%s is missing", what)
	}
	t, err := parseDay(*s, k.zone)
	if err != nil {
		return time.Time{}, problem(fhir.IssueTypeValue, path, "%s: %v", what, err)
	}
	if t.After(now.Add(k.skew)) {
		return time.Time{}, problem(fhir.IssueTypeValue, path, "%s %s is in the future (the server's time is %s)",
			what, t.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if t.Before(earliest) {
		return time.Time{}, problem(fhir.IssueTypeValue, path, "%s %s is before SARS-CoV-2 was known", what, t.Format(time.DateOnly))
	}
	return t, nil
}

// codingOf returns the codes of concept c in system.
func codingOf(c *fhir.CodeableConcept, system string) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, cd := range c.Coding {
		if cd.System != nil && *cd.System == system && cd.Code != nil {
			out = append(out, *cd.Code)
		}
	}
	return out
}

func (k *compiled) observation(raw json.RawMessage, root string, h header, now time.Time, resolve resolver) (*registry.Fact, *Problem) {
	var o fhir.Observation
	if prob := decode(raw, root, "Observation", &o); prob != nil {
		return nil, prob
	}
	if len(o.ModifierExtension) > 0 {
		return nil, problem(fhir.IssueTypeNotSupported, root+".modifierExtension", "modifier extensions are not understood")
	}
	f := &registry.Fact{}
	var prob *Problem
	if f.System, f.Value, prob = identifier(o.Identifier, root); prob != nil {
		return nil, prob
	}
	if h.Status == nil {
		return nil, problem(fhir.IssueTypeRequired, root+".status", "status is missing")
	}
	switch o.Status {
	case fhir.ObservationStatusFinal, fhir.ObservationStatusAmended, fhir.ObservationStatusCorrected:
	case fhir.ObservationStatusEnteredInError, fhir.ObservationStatusCancelled:
		f.Retracted = true
	default:
		return nil, problem(fhir.IssueTypeValue, root+".status",
			"status %s: only final, amended or corrected results count (entered-in-error withdraws one)", o.Status.Code())
	}
	// What was observed: a SARS-CoV-2 test by its LOINC code, or a contact.
	loinc := codingOf(&o.Code, LOINC)
	snomed := codingOf(&o.Code, SNOMED)
	for _, c := range loinc {
		switch {
		case k.pcr[c]:
			f.Kind, f.Method = registry.Test, registry.PCR
		case k.antigen[c]:
			f.Kind, f.Method = registry.Test, registry.Antigen
		}
	}
	for _, c := range snomed {
		if c == SnomedExposure && f.Kind == "" {
			f.Kind = registry.Contact
		}
	}
	if f.Kind == "" {
		switch {
		case len(loinc) > 0:
			return nil, problem(fhir.IssueTypeCodeInvalid, root+".code",
				"LOINC %s is not a SARS-CoV-2 RNA (PCR) or antigen test this registry counts (such as 94500-6 or 94558-4)", clip(loinc[0], 20))
		case len(snomed) > 0:
			return nil, problem(fhir.IssueTypeCodeInvalid, root+".code",
				"SNOMED CT %s is not a contact record (840546002, exposure to SARS-CoV-2)", clip(snomed[0], 20))
		}
		return nil, problem(fhir.IssueTypeCodeInvalid, root+".code",
			"no LOINC coding (%s) of a SARS-CoV-2 test, and no SNOMED CT contact code 840546002", LOINC)
	}
	if f.IIN, prob = k.subject(o.Subject, root+".subject", resolve); prob != nil {
		return nil, prob
	}
	what, path, at := "the specimen's collection time (effectiveDateTime)", root+".effectiveDateTime", o.EffectiveDateTime
	if f.Kind == registry.Contact {
		what = "the date of contact (effectiveDateTime)"
	}
	switch {
	case at != nil:
	case o.EffectiveInstant != nil:
		path, at = root+".effectiveInstant", o.EffectiveInstant
	case o.EffectivePeriod != nil:
		path, at = root+".effectivePeriod.start", o.EffectivePeriod.Start
	}
	if f.At, prob = k.when(at, path, what, now); prob != nil {
		return nil, prob
	}
	if f.Kind == registry.Test {
		if f.Result, prob = result(&o, root, f.Retracted); prob != nil {
			return nil, prob
		}
		if len(o.Performer) > 0 {
			f.Lab = referenceName(o.Performer[0])
		}
	}
	return f, nil
}

// result reads a test's value: SNOMED CT detected or not detected.
func result(o *fhir.Observation, root string, retracted bool) (registry.Result, *Problem) {
	codes := codingOf(o.ValueCodeableConcept, SNOMED)
	for _, c := range codes {
		switch c {
		case snomedDetected, snomedPositive:
			return registry.Positive, nil
		case snomedNotDetected, snomedNegative:
			return registry.Negative, nil
		case snomedInconcl, snomedEquivocal:
			return registry.Inconclusive, nil
		}
	}
	switch {
	case len(codes) > 0:
		return "", problem(fhir.IssueTypeCodeInvalid, root+".valueCodeableConcept",
			"SNOMED CT %s is not a result: want 260373001 (detected) or 260415000 (not detected)", clip(codes[0], 20))
	case o.DataAbsentReason != nil || retracted:
		return registry.Inconclusive, nil
	case o.ValueCodeableConcept != nil:
		return "", problem(fhir.IssueTypeCodeInvalid, root+".valueCodeableConcept",
			"no SNOMED CT (%s) coding: want 260373001 (detected) or 260415000 (not detected)", SNOMED)
	}
	return "", problem(fhir.IssueTypeRequired, root+".valueCodeableConcept",
		"the result is missing: valueCodeableConcept SNOMED CT 260373001 (detected) or 260415000 (not detected)")
}

// referenceName is a short name for a performer: its display, else its
// identifier, else its reference.
func referenceName(r fhir.Reference) string {
	for _, s := range []*string{r.Display, identifierValue(r.Identifier), r.Reference} {
		if s != nil && *s != "" {
			return clip(*s, registry.MaxLabBytes/4)
		}
	}
	return ""
}

func identifierValue(id *fhir.Identifier) *string {
	if id == nil {
		return nil
	}
	return id.Value
}

func (k *compiled) immunization(raw json.RawMessage, root string, h header, now time.Time, resolve resolver) (*registry.Fact, *Problem) {
	var im fhir.Immunization
	if prob := decode(raw, root, "Immunization", &im); prob != nil {
		return nil, prob
	}
	if len(im.ModifierExtension) > 0 {
		return nil, problem(fhir.IssueTypeNotSupported, root+".modifierExtension", "modifier extensions are not understood")
	}
	f := &registry.Fact{Kind: registry.Vaccination}
	var prob *Problem
	if f.System, f.Value, prob = identifier(im.Identifier, root); prob != nil {
		return nil, prob
	}
	if h.Status == nil {
		return nil, problem(fhir.IssueTypeRequired, root+".status", "status is missing")
	}
	switch im.Status {
	case fhir.ImmunizationStatusCodesCompleted:
	case fhir.ImmunizationStatusCodesEnteredInError, fhir.ImmunizationStatusCodesNotDone:
		f.Retracted = true
	default:
		return nil, problem(fhir.IssueTypeValue, root+".status", "status %s is not completed, not-done or entered-in-error",
			im.Status.Code())
	}
	if len(im.VaccineCode.Coding) == 0 && im.VaccineCode.Text == nil {
		return nil, problem(fhir.IssueTypeRequired, root+".vaccineCode", "vaccineCode is missing")
	}
	if f.IIN, prob = k.subject(&im.Patient, root+".patient", resolve); prob != nil {
		return nil, prob
	}
	if f.At, prob = k.when(&im.OccurrenceDateTime, root+".occurrenceDateTime", "the date of vaccination (occurrenceDateTime)", now); prob != nil {
		return nil, prob
	}
	for _, pa := range im.ProtocolApplied {
		if pa.SeriesDosesPositiveInt != nil && *pa.SeriesDosesPositiveInt > 0 && pa.DoseNumberPositiveInt >= *pa.SeriesDosesPositiveInt {
			f.Complete = true
		}
	}
	if len(im.Performer) > 0 {
		f.Lab = referenceName(im.Performer[0].Actor)
	}
	return f, nil
}
