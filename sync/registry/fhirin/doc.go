// Package fhirin reads health facts from HL7 FHIR R4: a Bundle of type batch
// or transaction (POST /v1/registry/fhir) and FHIR Bulk Data NDJSON (one
// resource a line, `ashyq-server registry import`). It owns the mapping from
// FHIR to registry.Fact and every check of what it reads; it stores nothing.
//
// The resources (docs/registry.md has examples):
//   - Patient: an identifier whose system is one of Config.IINSystems and
//     whose value is a valid IIN. Patients only resolve references.
//   - Observation, a laboratory result: code a SARS-CoV-2 LOINC code (RNA by
//     PCR such as 94500-6, antigen such as 94558-4), valueCodeableConcept a
//     SNOMED CT "detected" (260373001) or "not detected" (260415000),
//     effective[x] the specimen's collection time, performer the lab.
//   - Observation, a contact record from the control centre: code SNOMED CT
//     840546002 "Exposure to SARS-CoV-2", effective[x] the date of contact.
//   - Immunization: status completed, occurrenceDateTime, protocolApplied
//     saying whether the dose completes the series.
//
// Every fact needs an identifier (system and value): it is the fact's key.
// Status entered-in-error (or cancelled, not-done) withdraws the fact with
// that key. The subject is the IIN: by subject.identifier (a logical
// reference, the only form a batch allows, since FHIR makes a batch's
// entries independent), or, in a transaction or an NDJSON file, a reference
// to a Patient in the same transaction or earlier in the file.
//
// The models are github.com/samply/golang-fhir-models (FHIR R4 structs
// generated from the specification, over encoding/json): see
// /work/team/notes/19-registry.md for why this library.
package fhirin
