#!/usr/bin/env bash
# Build hotline-desk_<version>_amd64.deb with dpkg-deb from the PyInstaller bundle.
#
#   installer/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to build/dist/hotline-desk (made by installer/build.sh or
# pyinstaller installer/hotline-desk.spec); OUT_DIR defaults to build/deb.
# Prints the path of the package on its last line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${1:-$ROOT/build/dist/hotline-desk}
OUT=${2:-$ROOT/build/deb}
# zstd: several times faster to pack than dpkg's default (gzip -9, 98 s here) at a
# similar size; every dpkg that can run the bundle's glibc reads it. xz is smaller
# and slow.
COMPRESSION=${DEB_COMPRESSION:-zstd}

if [ ! -x "$BUNDLE/hotline-desk" ]; then
  echo "build-deb: no bundle at $BUNDLE (run installer/build.sh first)" >&2
  exit 1
fi

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/app/__init__.py")
ARCH=$(dpkg --print-architecture)
# The bundle carries Python and Qt built against this machine's glibc; older systems
# cannot run it (TRAPS.md), so the package says so.
# (sed reads all of ldd's output: with pipefail, `head` could kill ldd with SIGPIPE.)
GLIBC=$(ldd --version | sed -n '1s/.* \([0-9]\+\.[0-9]\+\)$/\1/p')
PACKAGE=hotline-desk_${VERSION}_${ARCH}

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/hotline-desk-deb.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
PKG=$STAGE/$PACKAGE

# The program: the bundle as it is, under /opt.
mkdir -p "$PKG/opt" "$PKG/usr/bin" "$PKG/DEBIAN"
cp -a "$BUNDLE" "$PKG/opt/hotline-desk"

# A wrapper rather than a symlink: the bundle finds its libraries next to the real
# executable, whatever the name it was started by.
cat >"$PKG/usr/bin/hotline-desk" <<'EOF'
#!/bin/sh
exec /opt/hotline-desk/hotline-desk "$@"
EOF
chmod 0755 "$PKG/usr/bin/hotline-desk"

# Desktop entry and icons.
mkdir -p "$PKG/usr/share/applications"
cat >"$PKG/usr/share/applications/hotline-desk.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Version=1.5
Name=Hotline Desk
Name[zh_CN]=12345 热线工作台
GenericName=Government service hotline workstation
GenericName[zh_CN]=政务服务便民热线工作台
Comment=Take 12345 hotline calls, dispatch cases and call citizens back
Comment[zh_CN]=受理 12345 热线来电、派单与回访
Exec=hotline-desk %U
Icon=hotline-desk
Terminal=false
Categories=Office;Telephony;
Keywords=12345;hotline;case;热线;工单;
StartupWMClass=hotline-desk
EOF
ICONS=$ROOT/resources/icons
install -D -m 0644 "$ICONS/hotline-desk.svg" \
  "$PKG/usr/share/icons/hicolor/scalable/apps/hotline-desk.svg"
install -D -m 0644 "$ICONS/hotline-desk.png" \
  "$PKG/usr/share/icons/hicolor/256x256/apps/hotline-desk.png"
install -D -m 0644 "$ICONS/hotline-desk-48.png" \
  "$PKG/usr/share/icons/hicolor/48x48/apps/hotline-desk.png"

# Machine-wide settings: a conffile, so dpkg keeps IT's edits across upgrades.
install -D -m 0644 "$ROOT/installer/hotline-desk.ini" \
  "$PKG/etc/hotline-desk/hotline-desk.ini"
echo /etc/hotline-desk/hotline-desk.ini >"$PKG/DEBIAN/conffiles"

install -D -m 0644 /dev/stdin "$PKG/usr/share/doc/hotline-desk/copyright" <<'EOF'
Hotline Desk. Proprietary; bundles Python, Qt (LGPLv3) through PySide6 and the
Python libraries listed in the project's pyproject.toml, each under its own licence.
EOF

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat >"$PKG/DEBIAN/control" <<EOF
Package: hotline-desk
Version: $VERSION
Architecture: $ARCH
Maintainer: Hotline Desk maintainers <hotline-desk@localhost>
Section: misc
Priority: optional
Installed-Size: $INSTALLED_KB
Depends: libc6 (>= $GLIBC), libegl1, libgl1, libglib2.0-0, libfontconfig1, libfreetype6,
 libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libx11-xcb1, libxcb-cursor0,
 libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0,
 libxcb-xinerama0, libxcb-xkb1, fonts-wqy-microhei | fonts-noto-cjk
Recommends: gnome-keyring | libkf5wallet-bin
Description: 12345 government service hotline workstation
 Hotline Desk is the operator workstation of a 12345 government service
 hotline: call intake, knowledge base, dispatch, callbacks. It works offline
 from a local cache and syncs with the central hotline-server.
 .
 Machine-wide settings: /etc/hotline-desk/hotline-desk.ini.
 Check an installed seat with: hotline-desk --self-test
EOF
# No maintainer scripts are needed: dpkg triggers refresh the desktop and icon
# caches, and the local cache is migrated (after a backup) by the program itself
# on first start, as the user who owns it.

mkdir -p "$OUT"
dpkg-deb --root-owner-group -Z"$COMPRESSION" --build "$PKG" "$OUT/$PACKAGE.deb" >/dev/null
echo "$OUT/$PACKAGE.deb"
