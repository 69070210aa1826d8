package decodecmd

import "github.com/ashyq/kiosk/scanner/qrdecode"

// The tests of --frame count the camera's budget with the model meter:
// what a frame reads then depends neither on the machine nor on its load.
func init() { frameMeter = qrdecode.NewModelMeter }
