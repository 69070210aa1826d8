package servercli

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestRegistryCommands: feeders are managed like the other credentials;
// `registry import` loads NDJSON, idempotently, reporting bad lines by
// number; `audit` lists the trail with IINs masked unless --full.
func TestRegistryCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runMain(t, "feeders", "add", "--label", "lab 1", "--data", dir)
	if code != ExitOK || !strings.HasPrefix(out, "ashyq_f_") || !strings.Contains(errOut, "feeder credential f-") {
		t.Fatalf("feeders add: %d %q %q", code, out, errOut)
	}
	if code, out, _ := runMain(t, "feeders", "list", "--data", dir); code != ExitOK || !strings.Contains(out, "lab 1") {
		t.Fatalf("feeders list: %d %q", code, out)
	}
	if code, _, errOut := runMain(t, "feeders", "revoke", "d-123", "--data", dir); code != ExitError || !strings.Contains(errOut, "not the id of a feeder") {
		t.Fatalf("revoking a device token as a feeder: %d %q", code, errOut)
	}
	collected := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	line := func(id, person, value string) string {
		return fmt.Sprintf(`{"resourceType":"Observation","identifier":[{"system":"urn:lab","value":%q}],"status":"final",`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"94500-6"}]},"subject":{"identifier":{"system":"urn:ashyq:iin","value":%q}},`+
			`"effectiveDateTime":%q,"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":%q}]}}`, id, person, collected, value)
	}
	file := writeFile(t, "results.ndjson", line("a", "061211600012", "260373001")+"\n"+line("b", "900101300017", "260415000")+
		"\n\n"+line("c", "900101300018", "260415000")+"\n")
	code, out, errOut = runMain(t, "registry", "import", "--data", dir, file)
	if code != ExitError || !strings.Contains(out, "4 lines: 2 new facts, 0 already held, 0 corrected, 1 refused; 2 colours changed") ||
		!strings.Contains(errOut, "results.ndjson:4: Observation.subject.identifier.value: invalid IIN ••••••••0018") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errOut)
	}
	if code, out, _ = runMain(t, "registry", "import", "--data", dir, file); !strings.Contains(out, "0 new facts, 2 already held") {
		t.Fatalf("import again: %d %s", code, out)
	}
	code, out, _ = runMain(t, "audit", "--data", dir, "--kind", "status.")
	if code != ExitOK || !strings.Contains(out, "blue -> red") || strings.Contains(out, "061211600012") || !strings.Contains(out, "••••••••0012") {
		t.Fatalf("audit: %d\n%s", code, out)
	}
	if code, out, _ = runMain(t, "audit", "--data", dir, "--full", "--iin", "061211600012"); code != ExitOK || !strings.Contains(out, "061211600012") {
		t.Fatalf("audit --full: %d\n%s", code, out)
	}
	if code, out, _ = runMain(t, "audit", "--data", dir, "--kind", "iin.read"); !strings.Contains(out, "iin.read") || !strings.Contains(out, "cli") {
		t.Fatalf("the full reading is not audited: %d\n%s", code, out)
	}
	if code, _, _ := runMain(t, "registry", "import", "--data", dir, "--rules", writeFile(t, "r.toml", "postive = \"1d\""), file); code != ExitError {
		t.Fatalf("a bad rules file: %d", code)
	}
}
