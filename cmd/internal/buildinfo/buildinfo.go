// Package buildinfo tells both binaries' mains what version they are: the one
// set at build time with -ldflags "-X main.version=...", else what the Go
// toolchain recorded (module version, VCS revision).
package buildinfo

import "runtime/debug"

// Version returns ldflags when set, else the build info's module version
// (unless "(devel)") followed by the first 12 characters of the VCS
// revision, else "dev".
func Version(ldflags string) string {
	if ldflags != "" {
		return ldflags
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "(devel)" {
		v = ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			if v != "" {
				v += " "
			}
			v += s.Value[:12]
		}
	}
	if v == "" {
		return "dev"
	}
	return v
}
