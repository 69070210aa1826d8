package browsertest

import "encoding/json"

// convert turns a value Evaluate returned into out, through JSON.
func convert(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
