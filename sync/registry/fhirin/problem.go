package fhirin

import (
	"fmt"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Problem is why a bundle, or one resource of it, was refused: where
// (Index, the entry's place in the bundle from 0, or the NDJSON line from
// 1; Expression, the FHIRPath of the element) and why (a FHIR issue type and
// a specific reason). Reasons never quote an IIN unmasked.
type Problem struct {
	Index      int // -1: the bundle as a whole
	Expression string
	Code       fhir.IssueType
	Reason     string
}

func (p *Problem) Error() string {
	if p.Expression == "" {
		return p.Reason
	}
	return p.Expression + ": " + p.Reason
}

// problem makes a Problem at path (relative to the resource's root).
func problem(code fhir.IssueType, path, format string, args ...any) *Problem {
	return &Problem{Code: code, Expression: path, Reason: fmt.Sprintf(format, args...)}
}

// Outcome is an OperationOutcome with one error issue per problem.
func Outcome(problems ...*Problem) fhir.OperationOutcome {
	oo := fhir.OperationOutcome{Issue: make([]fhir.OperationOutcomeIssue, 0, len(problems))}
	for _, p := range problems {
		msg := p.Reason
		if p.Index >= 0 && p.Expression == "" {
			msg = fmt.Sprintf("entry %d: %s", p.Index, p.Reason)
		}
		is := fhir.OperationOutcomeIssue{Severity: fhir.IssueSeverityError, Code: p.Code, Diagnostics: &msg}
		if p.Expression != "" {
			is.Expression = []string{p.Expression}
		}
		oo.Issue = append(oo.Issue, is)
	}
	return oo
}

// Information is an OperationOutcome with one informational issue.
func Information(msg string) fhir.OperationOutcome {
	return fhir.OperationOutcome{Issue: []fhir.OperationOutcomeIssue{{Severity: fhir.IssueSeverityInformation,
		Code: fhir.IssueTypeInformational, Diagnostics: &msg}}}
}
