// Package qrgen makes deterministic test images for QR decoding: a code from
// gozxing's writer, composited onto a textured background at a given frame
// size, then distorted the way a cheap USB camera at a kiosk distorts it
// (scale, rotation, blur, perspective, dark-mode inversion, low contrast,
// glare, sensor noise, JPEG compression).
//
// Everything is seeded: the same arguments give the same pixels, so tests and
// benchmarks of scanner/qrdecode, scanner/camera and the kiosk compare like
// with like. The API is small on purpose:
//
//	img, err := qrgen.Frame(qrgen.Spec{Payload: "900101300017", Width: 640, Height: 480})
//	empty, _ := qrgen.Frame(qrgen.Spec{Width: 640, Height: 480})   // no code
//	set := qrgen.RobustnessSet(240, 1)                              // every distortion
//
// Frames are *image.Gray: img.Pix is the luminance plane with stride img.Stride,
// exactly what a camera's Y plane looks like.
package qrgen
