#!/usr/bin/env bash
# Builds the Debian bookworm image the field test boots (.ci/field-test.sh),
# with debootstrap from Debian's packages, or finds it in the cache. Prints
# the directory that holds it: disk.raw (ext4, the whole root file system),
# vmlinuz and initrd.img (booted directly by qemu), and id_ed25519 (root's
# ssh key in the image).
#
# The cache (ASHYQ_FIELD_CACHE, default /var/cache/ashyq-field, outside the
# repository so every CI run on the machine shares it) is keyed on the
# package list and the recipe below: change either and the next run builds a
# new image; the old one is deleted once the new one is ready. Nothing of
# the project is in the image: each run installs the packages it built.
#
# Needs root (debootstrap, chroot), debootstrap, e2fsprogs (mke2fs -d) and
# the network to Debian's package archive, which it takes from this
# machine's apt sources.
set -euo pipefail

suite=bookworm
arch=amd64
# What an installer's minimal Debian has, plus: ssh for the test to drive
# it; v4l2loopback (built by dkms for the image's kernel) and field-camfeed
# (.ci/field-camfeed.c, built below: what ffmpeg did for the test, without
# its two hundred packages, half the image) for a camera fed with a QR
# code; curl to read the kiosk's metrics inside.
packages=(systemd-sysv udev kmod dbus linux-image-amd64 initramfs-tools zstd
	openssh-server kbd console-setup-linux adduser curl procps iproute2
	v4l-utils evtest dkms v4l2loopback-dkms linux-headers-amd64 gcc make libc6-dev)
# The recipe's version: bump it when the steps below change what the image
# holds (the package list and field-camfeed's source are part of the key by
# themselves).
recipe=3
feeder=$(dirname "$0")/field-camfeed.c

cache=${ASHYQ_FIELD_CACHE:-/var/cache/ashyq-field}
key=$({
	printf '%s\n' "$suite" "$arch" "recipe=$recipe" "${packages[@]}" | LC_ALL=C sort
	sha256sum <"$feeder"
} | sha256sum | cut -c1-16)
dir=$cache/$suite-$arch-$key
say() { echo "field-image: $*" >&2; }
if [ -e "$dir/ready" ]; then
	echo "$dir"
	exit 0
fi
[ "$(id -u)" = 0 ] || { say "needs root (debootstrap)"; exit 1; }
# One build at a time on the machine; a second run waits and takes it.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -e "$dir/ready" ]; then
	echo "$dir"
	exit 0
fi

# Debian's archive as this machine's apt knows it (deb822 or one-line form).
mirror=
for f in /etc/apt/sources.list.d/*.sources; do
	[ -r "$f" ] || continue
	mirror=$(awk -v s="$suite" '
		/^$/ { if (suites ~ "(^| )" s "( |$)" && uri != "") { print uri; exit } uri = ""; suites = "" }
		/^URIs:/ { uri = $2 }
		/^Suites:/ { $1 = ""; suites = $0; sub(/^ /, "", suites) }
		END { if (suites ~ "(^| )" s "( |$)" && uri != "") print uri }' "$f" | head -1)
	[ -z "$mirror" ] || break
done
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }')
fi
[ -n "$mirror" ] || { say "no apt source for $suite on this machine"; exit 1; }

build=$(mktemp -d "$cache/build.XXXXXX")
root=$build/root
cleanup() {
	for m in "$root/proc" "$root/sys" "$root/dev/pts" "$root/dev"; do
		mountpoint -q "$m" 2>/dev/null && umount -l "$m"
	done
	rm -rf "$build"
}
trap cleanup EXIT

say "debootstrap $suite ($arch, ${#packages[@]} packages and their dependencies) into $build"
t0=$SECONDS
debootstrap --variant=minbase --arch="$arch" --components=main \
	--include="$(
		IFS=,
		echo "${packages[*]}"
	)" "$suite" "$root" "$mirror" >"$build/debootstrap.log" 2>&1 || {
	tail -30 "$build/debootstrap.log" >&2
	say "debootstrap failed (log above)"
	exit 1
}
say "debootstrap took $((SECONDS - t0)) s"

kver=$(ls "$root/lib/modules" | sort -V | tail -1)
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
# v4l2loopback for the image's kernel (dkms built it for the host's
# running kernel, if at all, during debootstrap).
chroot "$root" dkms autoinstall -k "$kver" >"$build/dkms.log" 2>&1 || { cat "$build/dkms.log" >&2; exit 1; }
find "$root/lib/modules/$kver" -name 'v4l2loopback.ko*' | grep -q . || {
	cat "$build/dkms.log" >&2
	say "no v4l2loopback module for $kver"
	exit 1
}
# The camera's feeder, built with the image's own compiler (there for dkms).
cp "$feeder" "$root/tmp/field-camfeed.c"
chroot "$root" gcc -O2 -Wall -Wextra -std=c99 -D_POSIX_C_SOURCE=200809L -o /usr/local/bin/field-camfeed /tmp/field-camfeed.c ||
	{ say "building field-camfeed failed"; exit 1; }
rm "$root/tmp/field-camfeed.c"

# The machine: a name, the root file system, DHCP on the virtual NIC, root
# over ssh with the key only, the loopback camera at /dev/video10 (a
# capture device only once something writes to it, as a browser-friendly
# v4l2loopback is set up), and nothing that wakes up on a timer.
echo field-kiosk >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 field-kiosk\n' >"$root/etc/hosts"
echo '/dev/vda / ext4 errors=remount-ro 0 1' >"$root/etc/fstab"
cat >"$root/etc/systemd/network/10-wired.network" <<'EOF'
[Match]
Name=en* eth*
[Network]
DHCP=ipv4
EOF
chroot "$root" systemctl enable systemd-networkd.service >/dev/null 2>&1
echo 'options v4l2loopback video_nr=10 card_label=FieldCam exclusive_caps=1' >"$root/etc/modprobe.d/field-camera.conf"
echo v4l2loopback >"$root/etc/modules-load.d/field-camera.conf"
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer man-db.timer systemd-timesyncd.service; do
	chroot "$root" systemctl mask "$u" >/dev/null 2>&1 || true
done
ssh-keygen -q -t ed25519 -N '' -C field-test -f "$build/id_ed25519"
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$build/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
echo 'UseDNS no' >"$root/etc/ssh/sshd_config.d/field.conf"
# A small initramfs: only what mounts the root file system on virtio
# (the default takes most of the kernel's modules, and emulation is slow
# to unpack them at every boot).
echo 'MODULES=list' >"$root/etc/initramfs-tools/conf.d/field.conf"
printf '%s\n' virtio_pci virtio_blk ext4 >>"$root/etc/initramfs-tools/modules"
chroot "$root" update-initramfs -u -k "$kver" >"$build/initramfs.log" 2>&1 || { cat "$build/initramfs.log" >&2; exit 1; }
chroot "$root" apt-get clean
umount "$root/sys" "$root/proc"

cp "$root/boot/vmlinuz-$kver" "$build/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$build/initrd.img"
echo "$kver" >"$build/kernel"
printf '%s\n' "${packages[@]}" >"$build/packages"
dpkg-query --admindir="$root/var/lib/dpkg" -W >"$build/versions"
t0=$SECONDS
mke2fs -q -t ext4 -L root -d "$root" -F "$build/disk.raw" 4G >"$build/mke2fs.log" 2>&1
say "mke2fs -d took $((SECONDS - t0)) s; $(du -sh --apparent-size "$root" | cut -f1) of files, $(du -sh "$build/disk.raw" | cut -f1) on disk"
rm -rf "$root"

# Ready: older images go.
for old in "$cache/$suite-$arch-"*; do
	[ "$old" = "$dir" ] || rm -rf "$old"
done
rm -rf "$dir"
mv "$build" "$dir"
touch "$dir/ready"
trap - EXIT
echo "$dir"
