/*
 * field-camfeed: the field test's camera picture (.ci/field-test.sh). Plays
 * one 640x480 8-bit grey frame (raw, row by row: a QR code) into a
 * v4l2loopback output device as YUYV, eight frames a second, until killed.
 * It does what `ffmpeg -re -stream_loop -1 ... -f v4l2` did (VIDIOC_S_FMT
 * on the output queue, then one write() per frame), without the two
 * hundred packages ffmpeg brings into the image. Built in the image by
 * .ci/field-image.sh.
 *
 *   field-camfeed FRAME.gray /dev/video10
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { W = 640, H = 480 };

int main(int argc, char **argv)
{
	static unsigned char grey[W * H], frame[W * H * 2];
	struct v4l2_format fmt;
	const struct timespec tick = { 0, 125000000 };
	FILE *in;
	int fd, i;

	if (argc != 3) {
		fprintf(stderr, "usage: field-camfeed FRAME.gray DEVICE (%dx%d 8-bit grey)\n", W, H);
		return 2;
	}
	in = fopen(argv[1], "rb");
	if (!in || fread(grey, 1, sizeof grey, in) != sizeof grey || fgetc(in) != EOF) {
		fprintf(stderr, "field-camfeed: %s: want exactly %d bytes of %dx%d grey\n", argv[1], W * H, W, H);
		return 1;
	}
	fclose(in);
	/* YUYV: each pair of pixels is Y0 U Y1 V; a grey picture has no colour. */
	for (i = 0; i < W * H; i++) {
		frame[2 * i] = grey[i];
		frame[2 * i + 1] = 128;
	}
	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "field-camfeed: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	memset(&fmt, 0, sizeof fmt);
	fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	fmt.fmt.pix.width = W;
	fmt.fmt.pix.height = H;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	fmt.fmt.pix.bytesperline = W * 2;
	fmt.fmt.pix.sizeimage = sizeof frame;
	fmt.fmt.pix.colorspace = V4L2_COLORSPACE_SRGB;
	if (ioctl(fd, VIDIOC_S_FMT, &fmt) < 0) {
		fprintf(stderr, "field-camfeed: %s: VIDIOC_S_FMT: %s\n", argv[2], strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = write(fd, frame, sizeof frame);
		if (n != (ssize_t)sizeof frame) {
			fprintf(stderr, "field-camfeed: %s: write: %s\n", argv[2], n < 0 ? strerror(errno) : "short");
			return 1;
		}
		nanosleep(&tick, NULL);
	}
}
