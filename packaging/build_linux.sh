#!/usr/bin/env bash
# Build the Linux installers: a PyInstaller one-folder bundle, checked with its own
# `--self-test`, then wrapped as
#   DIST/storyboard-studio-<version>-linux-<arch>.tar.gz
#   DIST/storyboard-studio_<version>_<debarch>.deb   (dpkg-deb, zstd)
#
# Usage: packaging/build_linux.sh [--dist DIR] [--work DIR] [--no-deb]
#   --dist DIR  where the installers go (default: dist/)
#   --work DIR  PyInstaller's build folder, reused between runs (default: build/pyinstaller/)
#   --no-deb    only the bundle and the .tar.gz
# Needs the virtualenv made by scripts/setup.sh (it installs pyinstaller) and dpkg-deb.
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller
MAKE_DEB=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-deb) MAKE_DEB=0; shift ;;
    *) echo "usage: $0 [--dist DIR] [--work DIR] [--no-deb]" >&2; exit 2 ;;
  esac
done
mkdir -p "$DIST" "$WORK"
DIST=$(cd "$DIST" && pwd)
WORK=$(cd "$WORK" && pwd)

# The .deb's Depends: the packages of linux/system-libraries.txt (the graphics, font and
# desktop libraries the bundle leaves to the system, and the fonts themselves).
mapfile -t DEPENDS < <(sed -e 's/#.*//' "$ROOT/packaging/linux/system-libraries.txt" | awk 'NF {print $1}')

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'build_linux.sh: %s\n' "$*" >&2; exit 1; }

[ -x "$PYTHON" ] || fail "no virtualenv at $PYTHON; run scripts/setup.sh first."
"$PYTHON" -c "import PyInstaller" 2>/dev/null \
  || fail "PyInstaller is missing; run scripts/setup.sh (or: $PYTHON -m pip install 'pyinstaller>=6')."

# One version number: pyproject's, as the installed metadata reports it (the bundle and the
# About dialog read the same metadata). A stale install would name the files wrongly.
VERSION=$("$PYTHON" - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
from importlib.metadata import version
declared = tomllib.load(open(sys.argv[1], "rb"))["project"]["version"]
installed = version("storyboard-studio")
if declared != installed:
    sys.exit(f"pyproject says {declared} but {installed} is installed; run scripts/setup.sh")
print(installed)
EOF
) || fail "version check failed"
case "$(uname -m)" in
  x86_64) ARCH=x86_64 DEBARCH=amd64 ;;
  aarch64) ARCH=aarch64 DEBARCH=arm64 ;;
  *) ARCH=$(uname -m) DEBARCH=$(dpkg --print-architecture 2>/dev/null || uname -m) ;;
esac
NAME=storyboard-studio-$VERSION-linux-$ARCH
echo "Storyboard Studio $VERSION for linux-$ARCH"

say "PyInstaller bundle"
started=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$WORK/dist" --workpath "$WORK/build" "$ROOT/packaging/storyboard_studio.spec"
BUNDLE=$WORK/dist/storyboard-studio
[ -x "$BUNDLE/storyboard-app" ] || fail "PyInstaller did not produce $BUNDLE/storyboard-app"
echo "built in $((SECONDS - started)) s: $(du -sh "$BUNDLE" | cut -f1)"

say "Self-test of the bundle"
# Away from the source tree and the virtualenv, on the offscreen platform, so only what the
# bundle carries can be used.
(cd "$WORK" && env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u DISPLAY -u WAYLAND_DISPLAY \
  QT_QPA_PLATFORM=offscreen "$BUNDLE/storyboard-app" --self-test) \
  || fail "the bundle's self-test failed (output above); nothing was packaged."

say "Archive"
rm -f "$DIST/$NAME.tar.gz"
tar -C "$WORK/dist" --owner=0 --group=0 --numeric-owner \
  --transform "s,^storyboard-studio,$NAME," -czf "$DIST/$NAME.tar.gz.part" storyboard-studio
mv "$DIST/$NAME.tar.gz.part" "$DIST/$NAME.tar.gz"
echo "$DIST/$NAME.tar.gz ($(du -h "$DIST/$NAME.tar.gz" | cut -f1))"

if [ "$MAKE_DEB" = 1 ]; then
  say "Debian package"
  command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing (apt-get install dpkg); or pass --no-deb."
  STAGE=$WORK/deb
  rm -rf "$STAGE"
  mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/doc/storyboard-studio"
  # Hard links when the filesystem allows: the bundle is hundreds of MB.
  cp -al "$BUNDLE" "$STAGE/opt/storyboard-studio" 2>/dev/null \
    || { rm -rf "$STAGE/opt/storyboard-studio"; cp -a "$BUNDLE" "$STAGE/opt/storyboard-studio"; }
  ln -s /opt/storyboard-studio/storyboard-app "$STAGE/usr/bin/storyboard-app"
  install -m 644 "$ROOT/packaging/linux/storyboard-studio.desktop" "$STAGE/usr/share/applications/"
  for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "$ROOT/storyboard_app/resources/icons/storyboard-studio-$size.png" \
      "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/storyboard-studio.png"
  done
  printf 'Storyboard Studio %s, a self-contained build made with PyInstaller.\n' "$VERSION" \
    > "$STAGE/usr/share/doc/storyboard-studio/README"
  chmod -R u+rwX,go+rX,go-w "$STAGE"
  installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
  depends=$(printf '%s, ' "${DEPENDS[@]}")
  sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEBARCH/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
    -e "s/@DEPENDS@/${depends%, }/" "$ROOT/packaging/linux/control.in" > "$STAGE/DEBIAN/control"
  DEB=$DIST/storyboard-studio_${VERSION}_$DEBARCH.deb
  rm -f "$DEB"
  dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB.part" >/dev/null
  mv "$DEB.part" "$DEB"
  rm -rf "$STAGE"
  echo "$DEB ($(du -h "$DEB" | cut -f1))"
fi

say "Done in $((SECONDS - started)) s"
