#!/bin/sh
# The PDF export's fonts: DejaVu Sans and DejaVu Sans Bold (Debian's
# fonts-dejavu-core; licence in LICENSE.dejavu), cut down to Latin,
# Cyrillic with the Kazakh letters, and punctuation, so the server carries
# about a tenth of them. Run again only to change the ranges (apt-get
# install fonttools fonts-dejavu-core).
set -eu
cd "$(dirname "$0")"
ranges='U+0020-007E,U+00A0-017F,U+0400-04FF,U+2010-2027,U+2030-203A,U+2116,U+2190-2193,U+2212,U+2264-2265'
for f in DejaVuSans DejaVuSans-Bold; do
	pyftsubset "/usr/share/fonts/truetype/dejavu/$f.ttf" --unicodes="$ranges" --output-file="$f.ttf" \
		--layout-features='kern' --no-hinting --desubroutinize
done
