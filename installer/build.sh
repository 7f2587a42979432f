#!/usr/bin/env bash
# Build and check the workstation's installers, as CI does:
#
#   1. the PyInstaller one-folder bundle (build/dist/hotline-desk), timed;
#   2. its --self-test, with no display;
#   3. the .deb (build/deb/hotline-desk_<version>_<arch>.deb);
#   4. the .deb unpacked with dpkg-deb -x into a temporary folder, and the unpacked
#      copy's --self-test;
#   5. start-up time of the bundle next to start-up from source and a bare PySide6
#      window, measured in this run (median of several launches).
#
#   installer/build.sh [--reuse-bundle] [--runs N]
#
# --reuse-bundle skips step 1 when a bundle exists (for repeated local runs).
# Exits non-zero if a build or a self-test fails. The whole run takes a few minutes
# on a 2-core machine, most of it in PyInstaller.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST=$ROOT/build/dist
BUNDLE=$DIST/hotline-desk
REUSE=0
RUNS=5
ARGS=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --reuse-bundle) REUSE=1 ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: $0 [--reuse-bundle] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
now_ms() { date +%s%3N; }

# The keyring check needs a Secret Service; a headless machine gets a throwaway one
# (TRAPS.md: dbus-run-session and gnome-keyring-daemon --unlock).
ensure_packages() {
  command -v dpkg >/dev/null 2>&1 || return 0
  local missing=()
  for package in gnome-keyring dbus dbus-user-session binutils; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

ensure_packages

# The self-tests and the start-up need a credential store; a headless machine gets a
# throwaway one (TRAPS.md): this script runs itself again inside a private D-Bus
# session, where it starts an unlocked gnome-keyring whose files live in $SCRATCH.
if [ -z "${HOTLINE_BUILD_SESSION:-}" ] && command -v dbus-run-session >/dev/null &&
  command -v gnome-keyring-daemon >/dev/null; then
  HOTLINE_BUILD_SESSION=1 exec dbus-run-session -- "$0" "${ARGS[@]}" 2> >(grep --line-buffered -v 'fd limit' >&2)
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hotline-desk-build.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
if [ -n "${HOTLINE_BUILD_SESSION:-}" ]; then
  export XDG_DATA_HOME=$SCRATCH/share
  printf build | gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Launch, wait for the program to quit by itself, RUNS times; prints the median in ms.
time_startup() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(now_ms)
    "$@" >/dev/null 2>"$SCRATCH/startup.err" || { echo FAILED; return; }
    end=$(now_ms)
    times+=($((end - start)))
  done
  printf '%s\n' "${times[@]}" | median
}

STARTED=$(now_ms)

# 1. The bundle.
if [ "$REUSE" -eq 1 ] && [ -x "$BUNDLE/hotline-desk" ]; then
  log "Reusing the bundle in $BUNDLE"
  BUILD_S="(reused)"
else
  log "Building the bundle with PyInstaller"
  t0=$(now_ms)
  "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$ROOT/build/work" installer/hotline-desk.spec
  BUILD_S=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN {printf "%.0f s", ms / 1000}')
fi
BUNDLE_MB=$(du -sb "$BUNDLE" | awk '{printf "%.1f", $1 / 1e6}')

# 2. Its self-test.
log "Self-test of the bundle"
"$BUNDLE/hotline-desk" --self-test

# 3. The .deb.
log "Building the .deb"
t0=$(now_ms)
DEB=$(installer/build-deb.sh "$BUNDLE" "$ROOT/build/deb" | tail -n1)
DEB_S=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN {printf "%.0f s", ms / 1000}')
DEB_MB=$(du -b "$DEB" | awk '{printf "%.1f", $1 / 1e6}')
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Depends:/p'

# 4. Unpacked, as dpkg would lay it out, and its self-test.
log "Unpacking the .deb and running the unpacked copy's self-test"
UNPACKED=$SCRATCH/unpacked
dpkg-deb -x "$DEB" "$UNPACKED"
for expected in opt/hotline-desk/hotline-desk usr/bin/hotline-desk \
  usr/share/applications/hotline-desk.desktop etc/hotline-desk/hotline-desk.ini \
  usr/share/icons/hicolor/scalable/apps/hotline-desk.svg; do
  [ -e "$UNPACKED/$expected" ] || { echo "missing in the .deb: $expected" >&2; exit 1; }
done
dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles |
  grep -x /etc/hotline-desk/hotline-desk.ini >/dev/null
# The unpacked copy reads the packaged settings file, as an installed seat reads /etc.
HOTLINE_DESK_CONFIG_DIR=$UNPACKED/etc/hotline-desk \
  "$UNPACKED/opt/hotline-desk/hotline-desk" --self-test

# 5. Start-up, bundle and source side by side in this run: launch to a usable intake
# form, then quit. The first login of a user needs the server, so a throwaway
# hotline-server runs on loopback (SQLite) with one operator account.
log "Start-up time (median of $RUNS launches to a usable intake form)"
PROBE_DIR=$SCRATCH/probe
mkdir -p "$PROBE_DIR"
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_DB="sqlite:///$PROBE_DIR/server.db"
"$ROOT/.venv/bin/hotline-server" --database-url "$SERVER_DB" db upgrade >/dev/null
printf 'probe-password\n' | "$ROOT/.venv/bin/hotline-server" --database-url "$SERVER_DB" \
  user add probe --role operator >/dev/null
"$ROOT/.venv/bin/hotline-server" --database-url "$SERVER_DB" \
  serve --host 127.0.0.1 --port "$PORT" >"$PROBE_DIR/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
"$PYTHON" - "$PORT" <<'EOF'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/api/v1/sync/status"
request = urllib.request.Request(url, headers={"X-Hotline-Protocol": "1"})
for _ in range(150):
    try:
        urllib.request.urlopen(request, timeout=2).close()
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("the probe server did not start")
EOF
probe_env() {
  XDG_CONFIG_HOME=$PROBE_DIR/config HOTLINE_DESK_PASSWORD=probe-password \
    HOTLINE_DESK_SERVER_URL=http://127.0.0.1:$PORT \
    HOTLINE_DESK_SOFTPHONE_PORT=0 HOTLINE_DESK_DATA_DIR=$PROBE_DIR/$1 "${@:2}"
}
BARE=$(time_startup "$PYTHON" -c '
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([]); label = QLabel("12345"); label.show(); app.processEvents()')
READY_ARGS=(--user probe --exit-when-ready)
SOURCE=$(time_startup probe_env source "$PYTHON" installer/launcher.py "${READY_ARGS[@]}")
BUNDLED=$(time_startup probe_env bundle "$BUNDLE/hotline-desk" "${READY_ARGS[@]}")
for figure in "$BARE" "$SOURCE" "$BUNDLED"; do
  if [ "$figure" = FAILED ]; then
    echo "start-up failed:" >&2
    tail -n 20 "$SCRATCH/startup.err" >&2
    exit 1
  fi
done

kill "$SERVER_PID" 2>/dev/null || true

TOTAL_S=$(awk -v ms=$(($(now_ms) - STARTED)) 'BEGIN {printf "%.0f s", ms / 1000}')
cat <<EOF

Hotline Desk installer build
  bundle            $BUNDLE_MB MB in $BUNDLE (built in $BUILD_S)
  .deb              $DEB_MB MB $(basename "$DEB") (packed in $DEB_S)
  self-tests        bundle ok, unpacked .deb ok
  start-up          to a usable intake: bundle ${BUNDLED} ms, source ${SOURCE} ms;
                    bare PySide6 window ${BARE} ms (medians of $RUNS)
  total             $TOTAL_S
EOF
