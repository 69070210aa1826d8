package qrdecode

// SetStrongPerFrame lets the tests run the camera path with a fixed number
// of strong rungs per frame instead of as many as the budget allows.
func SetStrongPerFrame(d *Decoder, n int) { d.strongPerFrame = n }

// StrongRungs is how many strong rungs a frame's turn cycles through.
var StrongRungs = len(strongRungs)

// SetSearchStepsPerFrame cuts each rung's perspective search after n steps
// a frame, as a short budget would, whatever the time.
func SetSearchStepsPerFrame(d *Decoder, n int) { d.reader.stepLimit = n }
