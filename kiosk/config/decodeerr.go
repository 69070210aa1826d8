package config

import (
	"errors"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ashyq/kiosk/kiosk/i18n"
)

// decodeError turns what the TOML decoder said about path into an
// i18n.Error naming the file, the line and the key, so an installer reads
// it in the kiosk's language. The decoder's own words are English; the
// common ones (a value without quotes, a missing '=', a key set twice, a
// wrong kind of value) have their own sentences, any other is said as a
// syntax error at its line.
func decodeError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		problem := syntaxProblem(pe.Message)
		if pe.LastKey != "" {
			return i18n.Errorf(i18n.CfgLineKey, path, pe.Position.Line, pe.LastKey, problem)
		}
		return i18n.Errorf(i18n.CfgLine, path, pe.Position.Line, problem)
	}
	if m := wrongType.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return i18n.Errorf(i18n.CfgLineKey, path, line, m[2],
			i18n.Errorf(i18n.CfgWrongType, typeWord(m[4]), typeWord(m[3])))
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) { // the file's name is said once
		return i18n.Errorf(i18n.CfgCannotRead, path, pathErr.Err)
	}
	return i18n.Errorf(i18n.CfgCannotRead, path, err)
}

// wrongType is the decoder's message for a value of the wrong kind
// (`fps = "x"`, `result_for = 4`): line, key, the value's type, the
// wanted type.
var wrongType = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (.+); destination has type (.+)$`)

// syntaxMessages are the decoder's messages an installer meets most, by
// their English start; %q arguments are carried over quoted.
var syntaxMessages = []struct {
	re  *regexp.Regexp
	key i18n.Key
}{
	{regexp.MustCompile(`^expected value but found (.+) instead$`), i18n.CfgNoValue},
	{regexp.MustCompile(`^expected a top-level item to end with a newline, comment, or EOF, but got (.+) instead$`), i18n.CfgLineEnd},
	{regexp.MustCompile(`^expected '\.' or '=', but got (.+) instead$`), i18n.CfgNoEquals},
	{regexp.MustCompile(`^unexpected EOF`), i18n.CfgEarlyEnd},
	{regexp.MustCompile(`^strings cannot contain newlines$`), i18n.CfgStringNL},
	{regexp.MustCompile(`^Key '(.*)' has already been defined\.$`), i18n.CfgDuplicateKey},
	// A Duration's or decode budget's own message, from UnmarshalText.
	{regexp.MustCompile(`^(".*") is not a duration \(`), i18n.CfgNotDuration},
	{regexp.MustCompile(`^(".*") is not "auto" or a duration \(`), i18n.CfgNotBudget},
}

// syntaxProblem is the decoder's message as an i18n.Error.
func syntaxProblem(msg string) *i18n.Error {
	for _, s := range syntaxMessages {
		if m := s.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				args[i] = a
			}
			return i18n.Errorf(s.key, args...)
		}
	}
	return i18n.Errorf(i18n.CfgSyntax)
}

// typeWord names a TOML value's kind or a destination's as an installer
// knows them.
func typeWord(t string) any {
	switch {
	case t == "string" || strings.HasPrefix(t, "primitive"):
		return i18n.Errorf(i18n.CfgTypeString)
	case strings.HasPrefix(t, "int"):
		return i18n.Errorf(i18n.CfgTypeInt)
	case strings.HasPrefix(t, "float"):
		return i18n.Errorf(i18n.CfgTypeFloat)
	case strings.HasPrefix(t, "bool"):
		return i18n.Errorf(i18n.CfgTypeBool)
	case strings.HasPrefix(t, "[]") || t == "slice":
		return i18n.Errorf(i18n.CfgTypeList)
	case strings.HasPrefix(t, "map"):
		return i18n.Errorf(i18n.CfgTypeTable)
	case strings.Contains(t, "Time"):
		return i18n.Errorf(i18n.CfgTypeTime)
	}
	return t
}
