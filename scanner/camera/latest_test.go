package camera_test

import (
	"encoding/binary"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/ashyq/kiosk/scanner"
	"github.com/ashyq/kiosk/scanner/camera"
	"github.com/ashyq/kiosk/scanner/camera/cameratest"
)

// numbered is a small frame whose first luma bytes hold its index.
func numbered(i int) image.Image {
	img := image.NewYCbCr(image.Rect(0, 0, 64, 48), image.YCbCrSubsampleRatio420)
	binary.BigEndian.PutUint32(img.Y, uint32(i))
	return img
}

// TestLatestFrameWins feeds frames far faster than a deliberately slow
// decoder and checks the decoder only ever sees the newest frame: stale
// frames are replaced, never queued.
func TestLatestFrameWins(t *testing.T) {
	drv := cameratest.Register(t, cameratest.Options{Frames: numbered, FPS: 500, Width: 64, Height: 48})
	var (
		mu      sync.Mutex
		decoded []int
	)
	h := fastRetry()
	h.StallTimeout = time.Minute // the driver is frozen on purpose below
	h.Decode = func(y []byte, w, hh, stride int) []string {
		mu.Lock()
		decoded = append(decoded, int(binary.BigEndian.Uint32(y)))
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // a decoder much slower than the camera
		return nil
	}
	cam := camera.NewForTest(camera.Config{Device: drv.Label()}, h)
	run(t, cam)
	waitStatus(t, cam, scanner.CameraRunning)
	decodeMore(t, cam, 8)

	// Freeze the camera; a queue would keep the decoder busy with backlog,
	// a one-slot mailbox leaves at most the frame being decoded and the one
	// waiting.
	drv.Stall(true)
	frozen := cam.Stats()
	deadline := time.Now().Add(waitLimit)
	var st camera.Stats
	for {
		st = cam.Stats()
		if st.FramesDecoded+st.FramesStale == st.FramesCaptured {
			break // every captured frame was decoded or replaced
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailbox never drained: %+v", st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if after := st.FramesDecoded - frozen.FramesDecoded; after > 2 {
		t.Errorf("decoded %d frames after the camera froze, want at most 2 (no backlog)", after)
	}
	if st.FramesStale == 0 || st.FramesStale < st.FramesDecoded {
		t.Errorf("stale %d, decoded %d: a camera far faster than the decoder must mostly replace frames",
			st.FramesStale, st.FramesDecoded)
	}

	mu.Lock()
	defer mu.Unlock()
	for i := 1; i < len(decoded); i++ {
		if decoded[i] <= decoded[i-1] {
			t.Fatalf("decoded frame %d after frame %d: order %v", decoded[i], decoded[i-1], decoded)
		}
	}
	if last, newest := decoded[len(decoded)-1], drv.Served()-1; last != newest {
		t.Errorf("last decoded frame %d, want the newest captured %d", last, newest)
	}
	if uint64(drv.Served()) != st.FramesCaptured {
		t.Errorf("driver served %d frames, camera counted %d captured", drv.Served(), st.FramesCaptured)
	}
}
