package qrgen

// Distortion names one class of trouble a kiosk camera meets.
type Distortion string

// The distortion classes. Each picks its strength from the spec's seed.
const (
	Clean       Distortion = "clean"       // a phone held straight, 3-6 px modules
	Small       Distortion = "small"       // far away: 1.7-2.5 px modules
	Large       Distortion = "large"       // held close: the code fills the frame
	Rotated     Distortion = "rotated"     // any angle
	Blurred     Distortion = "blurred"     // out of focus: Gaussian blur, sigma 0.3-0.55 module
	Perspective Distortion = "perspective" // tilted: corners off by 10-18% of the side
	Inverted    Distortion = "inverted"    // dark-mode screen: light modules on dark
	LowContrast Distortion = "lowcontrast" // dim or glossy screen: 28-42 grey levels apart
	Glare       Distortion = "glare"       // a bright reflection over part of the code
	Noisy       Distortion = "noisy"       // sensor noise, sigma 12-24 grey levels
	JPEG        Distortion = "jpeg"        // heavy compression, quality 8-25
)

// Distortions lists every class, in a fixed order.
func Distortions() []Distortion {
	return []Distortion{Clean, Small, Large, Rotated, Blurred, Perspective, Inverted, LowContrast, Glare, Noisy, JPEG}
}

func (d Distortion) valid() bool {
	for _, x := range Distortions() {
		if d == x {
			return true
		}
	}
	return false
}
