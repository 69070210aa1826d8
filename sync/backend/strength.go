package backend

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Minimum strength of a secret an operator chooses (a --token, a token
// file's line, the metrics token; the server's own secrets are 32 random
// bytes). Guessing must stay hopeless even with no throttling at all.
const (
	// MinSecretLength is the fewest characters a chosen secret may have.
	MinSecretLength = 32
	// MinSecretBits is the least estimated entropy: length times the bits
	// of the character classes used (digits 10, lower case 26, upper case
	// 26, other printable 32).
	MinSecretBits = 128
	// minDistinct is the fewest different characters: "aaaa…" and
	// "abab…" are long but guessable.
	minDistinct = 10
)

// ErrWeakSecret is wrapped by CheckSecretStrength's refusals.
var ErrWeakSecret = errors.New("too weak")

// SecretAdvice says how to make a secret that passes.
const SecretAdvice = "make one with: openssl rand -hex 32"

// CheckSecretStrength refuses a chosen secret that is short, made of few
// different characters, of too small an alphabet for its length, or holds
// spaces or control characters. The error never quotes the secret.
func CheckSecretStrength(secret string) error {
	if strings.ContainsFunc(secret, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }) {
		return fmt.Errorf("%w: only printable ASCII without spaces; %s", ErrWeakSecret, SecretAdvice)
	}
	if len(secret) < MinSecretLength {
		return fmt.Errorf("%w: %d characters, at least %d; %s", ErrWeakSecret, len(secret), MinSecretLength, SecretAdvice)
	}
	seen := map[byte]bool{}
	var digit, lower, upper, other bool
	for i := 0; i < len(secret); i++ {
		c := secret[i]
		seen[c] = true
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		default:
			other = true
		}
	}
	if len(seen) < minDistinct {
		return fmt.Errorf("%w: only %d different characters, at least %d; %s", ErrWeakSecret, len(seen), minDistinct, SecretAdvice)
	}
	alphabet := 0
	for _, c := range []struct {
		used bool
		size int
	}{{digit, 10}, {lower, 26}, {upper, 26}, {other, 32}} {
		if c.used {
			alphabet += c.size
		}
	}
	if bits := float64(len(secret)) * math.Log2(float64(alphabet)); bits < MinSecretBits {
		return fmt.Errorf("%w: about %.0f bits, at least %d (longer, or more kinds of characters); %s",
			ErrWeakSecret, bits, MinSecretBits, SecretAdvice)
	}
	return nil
}
