#!/usr/bin/env bash
# Check the Linux installers on clean systems, as a user would get them.
#
# For each distribution: a fresh minimal system (debootstrap --variant=minbase, run as root),
# `apt-get install ./storyboard-studio_*.deb`, `storyboard-app --version`, `--self-test`
# offscreen and under Xvfb (a real X server: the xcb libraries the .deb depends on are
# used), then `apt-get purge` and a search for anything of ours left. Then the .tar.gz,
# unpacked in a fresh system that has only the libraries the README lists
# (packaging/linux/system-libraries.txt), runs its self-test. Then lintian, desktop-file-
# validate and appstreamcli on the .deb, failing on the findings that matter.
# Prints a table; exits 1 when any step failed.
#
# Usage: packaging/verify_linux.sh [--dist DIR] [--cache DIR] [--work DIR] [--tar-on SUITE]
#                                  [SUITE...]
#   SUITE       bookworm trixie jammy noble (default: all four)
#   --dist DIR  where build_linux.sh put the .deb and .tar.gz (default: dist/)
#   --cache DIR debootstrap tarballs, made on first use (default: build/verify-cache/)
#   --work DIR  the systems are built here and removed after (default: build/verify/)
#   --tar-on S  the suite the .tar.gz is checked on (default: jammy, the oldest)
# Needs root, debootstrap, lintian, desktop-file-validate, appstreamcli and network access
# to deb.debian.org and archive.ubuntu.com. Too slow for the test suite (minutes per
# system): run it before a release; the installer workflow runs it on every build.
set -uo pipefail
umask 022

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=$ROOT/dist
CACHE=$ROOT/build/verify-cache
WORK=$ROOT/build/verify
TAR_ON=jammy
SUITES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --tar-on) TAR_ON=$2; shift 2 ;;
    bookworm|trixie|jammy|noble) SUITES+=("$1"); shift ;;
    *) echo "usage: $0 [--dist DIR] [--cache DIR] [--work DIR] [--tar-on SUITE] [SUITE...]" >&2
       exit 2 ;;
  esac
done
[ ${#SUITES[@]} -gt 0 ] || SUITES=(bookworm trixie jammy noble)
fail() { printf 'verify_linux.sh: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run as root (debootstrap and chroot need it)."
for tool in debootstrap lintian desktop-file-validate appstreamcli dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install $tool)."
done
DEB=$(ls "$DIST"/storyboard-studio_*_"$(dpkg --print-architecture)".deb 2>/dev/null | tail -1)
TAR=$(ls "$DIST"/storyboard-studio-*-linux-"$(uname -m)".tar.gz 2>/dev/null | tail -1)
[ -f "$DEB" ] || fail "no .deb in $DIST; run packaging/build_linux.sh first."
[ -f "$TAR" ] || fail "no .tar.gz in $DIST; run packaging/build_linux.sh first."
mkdir -p "$CACHE" "$WORK"
LOG=$WORK/logs
mkdir -p "$LOG"
# The documented libraries: the packages of system-libraries.txt (the README's list).
mapfile -t DOCUMENTED < <(sed -e 's/#.*//' "$ROOT/packaging/linux/system-libraries.txt" \
  | awk 'NF {print $1}')

mirror_of() {
  case "$1" in
    jammy|noble) echo "http://archive.ubuntu.com/ubuntu" ;;
    *) echo "http://deb.debian.org/debian" ;;
  esac
}

# A fresh minbase system for $1 at $2, from a cached tarball (made on first use).
make_system() {
  local suite=$1 target=$2 mirror extra=() script=()
  mirror=$(mirror_of "$suite")
  case "$suite" in
    jammy|noble)
      # Debian hosts have no Ubuntu keyring: the first download is not signature-checked;
      # apt inside the system then checks everything with the system's own keyring.
      [ -f /usr/share/keyrings/ubuntu-archive-keyring.gpg ] \
        && extra=(--keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg) \
        || extra=(--no-check-gpg)
      [ -f "/usr/share/debootstrap/scripts/$suite" ] \
        || script=(/usr/share/debootstrap/scripts/gutsy) ;;
  esac
  local tarball=$CACHE/$suite-minbase.tgz
  if [ ! -f "$tarball" ]; then
    debootstrap --variant=minbase "${extra[@]}" --make-tarball="$tarball.part" \
      "$suite" "$WORK/tarball-$suite" "$mirror" "${script[@]}" >"$LOG/$suite-tarball.log" 2>&1 \
      || return 1
    mv "$tarball.part" "$tarball"
    rm -rf "$WORK/tarball-$suite"
  fi
  drop_system "$target"
  [ ! -e "$target" ] || return 1
  debootstrap --variant=minbase "${extra[@]}" --unpack-tarball="$tarball" \
    "$suite" "$target" "$mirror" "${script[@]}" >"$LOG/$suite-debootstrap.log" 2>&1 || return 1
  case "$suite" in
    jammy|noble)
      printf 'deb %s %s main universe\ndeb %s %s-updates main universe\n' \
        "$mirror" "$suite" "$mirror" "$suite" > "$target/etc/apt/sources.list" ;;
    *)
      printf 'deb %s %s main\n' "$mirror" "$suite" > "$target/etc/apt/sources.list" ;;
  esac
  rm -f "$target"/etc/apt/sources.list.d/*.sources 2>/dev/null
  mount -t proc proc "$target/proc"
  mount --bind /dev "$target/dev"
  mount -t tmpfs tmpfs "$target/tmp"
  in_system "$target" apt-get update -q >>"$LOG/$suite-apt.log" 2>&1
}

drop_system() {
  local target=$1 mnt
  for mnt in tmp dev proc; do umount -l "$target/$mnt" 2>/dev/null; done
  for mnt in tmp dev proc; do
    if mountpoint -q "$target/$mnt"; then
      echo "verify_linux.sh: $target/$mnt is still mounted; left $target in place" >&2
      return
    fi
  done
  rm -rf --one-file-system "$target"
}

# Run a command inside the system with a clean user environment.
in_system() {
  local target=$1; shift
  chroot "$target" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive "$@"
}

ROWS=()
FAILED=0
FORMAT='| %-24s | %-15s | %-13s | %-10s | %-10s | %-6s | %5s |'
row() { ROWS+=("$(printf "$FORMAT" "$@")"); }

verify_deb() {
  local suite=$1 target=$WORK/$suite started=$SECONDS install=fail version=fail
  local offscreen=fail xvfb=fail purge=fail
  echo "== $suite: a clean system"
  if ! make_system "$suite" "$target"; then
    row "$suite" "no system" - - - - $((SECONDS - started)); FAILED=1
    drop_system "$target"; return
  fi
  cp "$DEB" "$target/tmp/storyboard-studio.deb"
  local before after
  before=$(in_system "$target" dpkg-query -f '.\n' -W | wc -l)
  echo "== $suite: apt-get install the .deb"
  if in_system "$target" apt-get install -y -q --no-install-recommends \
      /tmp/storyboard-studio.deb >"$LOG/$suite-install.log" 2>&1; then
    after=$(in_system "$target" dpkg-query -f '.\n' -W | wc -l)
    install="ok +$((after - before)) pkgs"
  fi
  local run=(/usr/bin/env QT_QPA_PLATFORM=offscreen storyboard-app)
  in_system "$target" "${run[@]}" --version >"$LOG/$suite-version.log" 2>&1 && version=ok
  echo "== $suite: --version: $version ($(head -c 200 "$LOG/$suite-version.log"))"
  local t0=$SECONDS
  in_system "$target" "${run[@]}" --self-test >"$LOG/$suite-selftest.log" 2>&1 \
    && offscreen="ok $((SECONDS - t0)) s"
  echo "== $suite: --self-test offscreen: $offscreen"
  if in_system "$target" apt-get install -y -q --no-install-recommends xvfb xauth \
      >>"$LOG/$suite-install.log" 2>&1; then
    t0=$SECONDS
    in_system "$target" /usr/bin/env QT_QPA_PLATFORM=xcb xvfb-run -a storyboard-app --self-test \
      >"$LOG/$suite-xvfb.log" 2>&1 && xvfb="ok $((SECONDS - t0)) s"
  else
    xvfb="no xvfb"
  fi
  echo "== $suite: --self-test under Xvfb: $xvfb"
  if in_system "$target" apt-get purge -y -q storyboard-studio >"$LOG/$suite-purge.log" 2>&1; then
    local left
    left=$(in_system "$target" sh -c 'dpkg -l storyboard-studio 2>/dev/null | grep "^[ir]"; \
      find / -xdev \( -path /proc -o -path /tmp -o -path /root \) -prune -o \
        \( -iname "*storyboard*" -print \)' 2>/dev/null)
    if [ -z "$left" ]; then purge=ok; else printf '%s\n' "$left" >"$LOG/$suite-left.log"; fi
  fi
  echo "== $suite: purge: $purge"
  case "$install $version $offscreen $xvfb $purge" in *fail*) FAILED=1 ;; esac
  row "$suite" "$install" "$version" "$offscreen" "$xvfb" "$purge" $((SECONDS - started))
  drop_system "$target"
}

verify_tar() {
  local suite=$1 target=$WORK/tar-$suite started=$SECONDS install=fail version=fail
  local offscreen=fail
  echo "== $suite: the .tar.gz with only the documented libraries"
  if ! make_system "$suite" "$target"; then
    row "$suite .tar.gz" "no system" - - - - $((SECONDS - started)); FAILED=1
    drop_system "$target"; return
  fi
  mkdir -p "$target/tmp/app"
  tar -C "$target/tmp/app" -xzf "$TAR"
  local exe
  exe=$(cd "$target" && ls -d tmp/app/*/storyboard-app | head -1)
  # Before the libraries: --version must fail and name the package to install, in one line.
  local missing=fail
  if ! in_system "$target" /usr/bin/env QT_QPA_PLATFORM=offscreen "/$exe" --version \
      >"$LOG/tar-$suite-bare.log" 2>&1 && grep -q "sudo apt install" "$LOG/tar-$suite-bare.log"
  then missing=ok; fi
  echo "== $suite .tar.gz without the libraries: $(tail -1 "$LOG/tar-$suite-bare.log")"
  local before after
  before=$(in_system "$target" dpkg-query -f '.\n' -W | wc -l)
  if in_system "$target" apt-get install -y -q --no-install-recommends "${DOCUMENTED[@]}" \
      >"$LOG/tar-$suite-install.log" 2>&1; then
    after=$(in_system "$target" dpkg-query -f '.\n' -W | wc -l)
    install="ok +$((after - before)) pkgs"
  fi
  in_system "$target" /usr/bin/env QT_QPA_PLATFORM=offscreen "/$exe" --version \
    >"$LOG/tar-$suite-version.log" 2>&1 && version=ok
  local t0=$SECONDS
  in_system "$target" /usr/bin/env QT_QPA_PLATFORM=offscreen "/$exe" --self-test \
    >"$LOG/tar-$suite-selftest.log" 2>&1 && offscreen="ok $((SECONDS - t0)) s"
  echo "== $suite .tar.gz: $install, --version $version, --self-test $offscreen"
  case "$missing $install $version $offscreen" in *fail*) FAILED=1 ;; esac
  row "$suite .tar.gz" "$install" "$version" "$offscreen" "-" "-" $((SECONDS - started))
  row "$suite .tar.gz, bare" "none" "exit 1: $missing" "-" "-" "-" 0
  drop_system "$target"
}

# Debian's own checks of the .deb. The tags that matter fail the run; the rest are listed.
MATTERS='no-copyright-file|copyright-file-contains-full|custom-library-search-path|binary-or-shlib-defines-rpath|package-contains-broken-symlink|broken-symlink|malformed-deb-archive|unstripped-binary-or-object|desktop-entry-|bad-package-name|wrong-file-owner-uid-or-gid|missing-dependency-on-libc|unknown-control-field|no-changelog|missing-depends-line'
verify_tools() {
  local started=$SECONDS verdict=ok extracted=$WORK/deb-contents
  echo "== lintian, desktop-file-validate, appstreamcli"
  lintian --tag-display-limit 0 "$DEB" >"$LOG/lintian.log" 2>&1
  if grep -E "^[EW]: .*($MATTERS)" "$LOG/lintian.log"; then verdict="lintian"; FAILED=1; fi
  rm -rf "$extracted"
  dpkg-deb -x "$DEB" "$extracted" || { verdict="unreadable"; FAILED=1; }
  desktop-file-validate "$extracted"/usr/share/applications/*.desktop >"$LOG/desktop.log" 2>&1 \
    || { cat "$LOG/desktop.log"; verdict="desktop file"; FAILED=1; }
  appstreamcli validate --no-net "$extracted"/usr/share/metainfo/*.metainfo.xml \
    >"$LOG/appstream.log" 2>&1 || { cat "$LOG/appstream.log"; verdict="metainfo"; FAILED=1; }
  [ -s "$extracted/usr/share/doc/storyboard-studio/copyright" ] \
    || { verdict="no copyright"; FAILED=1; }
  local dangling
  dangling=$(find "$extracted/opt" -xtype l | wc -l)
  [ "$dangling" = 0 ] || { verdict="$dangling dangling links"; FAILED=1; }
  ar t "$DEB" | grep -q '^data.tar.xz$' || { verdict="not xz"; FAILED=1; }
  echo "   lintian: $(grep -c '^E:' "$LOG/lintian.log") errors, $(grep -c '^W:' "$LOG/lintian.log") warnings (all in $LOG/lintian.log); verdict: $verdict"
  row "lintian + validators" "$verdict" - - - - $((SECONDS - started))
  rm -rf "$extracted"
}

trap 'for d in "$WORK"/*/; do for m in tmp dev proc; do umount -l "$d$m" 2>/dev/null; done; done' EXIT
TOTAL=$SECONDS
echo "Checking $(basename "$DEB") and $(basename "$TAR") on: ${SUITES[*]}"
verify_tools
for suite in "${SUITES[@]}"; do verify_deb "$suite"; done
verify_tar "$TAR_ON"

echo
printf "$FORMAT\n" distribution install --version "self-test" "Xvfb" purge "s"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "--------------------------" "-----------------" \
  "---------------" "------------" "------------" "--------" "-------"
printf '%s\n' "${ROWS[@]}"
echo
echo "$(basename "$DEB"), $(date -u +%Y-%m-%d), $((SECONDS - TOTAL)) s in all; logs in $LOG"
[ "$FAILED" = 0 ] || { echo "verify_linux.sh: FAILED (see the table and $LOG)" >&2; exit 1; }
echo "verify_linux.sh: all passed"
