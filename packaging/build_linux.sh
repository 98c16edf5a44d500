#!/usr/bin/env bash
# Build the Linux installers: a PyInstaller one-folder bundle, checked with its own
# `--self-test`, then wrapped as
#   DIST/storyboard-studio-<version>-linux-<arch>.tar.gz
#   DIST/storyboard-studio_<version>_<debarch>.deb   (dpkg-deb, xz: Debian 12's tools read it)
# The bundle is cleaned (packaging/clean_bundle.py: no build-host RUNPATHs, no dangling
# links, stripped), carries licenses/ (packaging/licenses/ and the copyright files of the
# host libraries it took), and must start on glibc $GLIBC_FLOOR (default 2.35, Ubuntu 22.04):
# packaging/glibc_floor.py reads every ELF file and the build fails when one needs more.
#
# Usage: packaging/build_linux.sh [--dist DIR] [--work DIR] [--no-deb]
#   --dist DIR  where the installers go (default: dist/)
#   --work DIR  PyInstaller's build folder, reused between runs (default: build/pyinstaller/)
#   --no-deb    only the bundle and the .tar.gz
# Needs the virtualenv made by scripts/setup.sh (it installs pyinstaller), dpkg-deb, patchelf,
# binutils and gcc (apt-get install dpkg patchelf binutils gcc).
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller
MAKE_DEB=1
GLIBC_FLOOR=${GLIBC_FLOOR:-2.35}
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
for tool in patchelf strip readelf objcopy gcc; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install patchelf binutils gcc)."
done

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

say "Licences and clean-up"
# The copyright files of the Debian libraries PyInstaller took from this machine.
HOST_LICENSES=$BUNDLE/_internal/licenses/host-libraries
rm -rf "$HOST_LICENSES"
mkdir -p "$HOST_LICENSES"
find "$BUNDLE/_internal" -maxdepth 1 -name 'lib*.so*' ! -name 'libpython*' -printf '%f\n' \
  | while read -r lib; do
  for dir in /usr/lib/$(uname -m)-linux-gnu /lib/$(uname -m)-linux-gnu /usr/lib /lib; do
    [ -e "$dir/$lib" ] || continue
    pkg=$(dpkg -S "$dir/$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
    if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
      cp "/usr/share/doc/$pkg/copyright" "$HOST_LICENSES/$pkg.copyright"
    fi
    break
  done
done
if [ -n "$(ls -A "$HOST_LICENSES")" ]; then
  printf 'the Debian copyright file of each\n' > "$HOST_LICENSES/LICENSE-NAME"
else
  rmdir "$HOST_LICENSES"
fi
ln -sfn _internal/licenses "$BUNDLE/licenses"
# A position-independent launcher (PyInstaller's prebuilt one is not): built once per
# PyInstaller version from its source, cached in $PIE_CACHE.
"$ROOT/packaging/pie_launcher.sh" "$PYTHON" "$BUNDLE/storyboard-app" "${PIE_CACHE:-$WORK/pie}" \
  || fail "could not make the launcher position-independent (above); needs gcc and the network once."
"$PYTHON" "$ROOT/packaging/clean_bundle.py" "$BUNDLE"
"$PYTHON" "$ROOT/packaging/clean_bundle.py" "$BUNDLE" --check \
  || fail "build-machine leftovers remain in the bundle (above)."
"$PYTHON" "$ROOT/packaging/glibc_floor.py" "$BUNDLE" --max "$GLIBC_FLOOR" \
  || fail "the bundle needs a newer C library than the supported floor glibc $GLIBC_FLOOR."
mapfile -t RUNTIME_DEPENDS < <("$PYTHON" "$ROOT/packaging/glibc_floor.py" "$BUNDLE" --depends)
echo "cleaned: $(du -sh "$BUNDLE" | cut -f1)"

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
    "$STAGE/usr/share/doc/storyboard-studio" "$STAGE/usr/share/metainfo"
  # Hard links when the filesystem allows: the bundle is hundreds of MB.
  cp -al "$BUNDLE" "$STAGE/opt/storyboard-studio" 2>/dev/null \
    || { rm -rf "$STAGE/opt/storyboard-studio"; cp -a "$BUNDLE" "$STAGE/opt/storyboard-studio"; }
  ln -s /opt/storyboard-studio/storyboard-app "$STAGE/usr/bin/storyboard-app"
  install -m 644 "$ROOT/packaging/linux/storyboard-studio.desktop" "$STAGE/usr/share/applications/"
  mkdir -p "$STAGE/usr/share/man/man1"
  gzip -9n < "$ROOT/packaging/linux/storyboard-app.1" > "$STAGE/usr/share/man/man1/storyboard-app.1.gz"
  install -D -m 644 "$ROOT/packaging/linux/lintian-overrides" \
    "$STAGE/usr/share/lintian/overrides/storyboard-studio"
  sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" \
    "$ROOT/packaging/linux/storyboard-studio.metainfo.xml" \
    > "$STAGE/usr/share/metainfo/app.storyboardstudio.StoryboardStudio.metainfo.xml"
  "$PYTHON" "$ROOT/packaging/collect_licenses.py" \
    --debian-copyright "$STAGE/usr/share/doc/storyboard-studio/copyright"
  printf 'storyboard-studio (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
    "$VERSION" "$VERSION" "Storyboard Studio <support@storyboard-studio.invalid>" \
    "$(date -u -R)" | gzip -9n > "$STAGE/usr/share/doc/storyboard-studio/changelog.gz"
  for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "$ROOT/storyboard_app/resources/icons/storyboard-studio-$size.png" \
      "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/storyboard-studio.png"
  done
  printf 'Storyboard Studio %s, a self-contained build made with PyInstaller.\n' "$VERSION" \
    > "$STAGE/usr/share/doc/storyboard-studio/README"
  chmod -R u+rwX,go+rX,go-w "$STAGE"
  installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
  # libc6, libstdc++6 and libgcc-s1 with the versions the ELF files need; the rest as listed.
  versioned=("${RUNTIME_DEPENDS[@]}")
  for pkg in "${DEPENDS[@]}"; do
    case "$pkg" in libc6|libstdc++6|libgcc-s1) ;; *) versioned+=("$pkg") ;; esac
  done
  for runtime in libstdc++6 libgcc-s1; do  # listed, but no versioned symbol needed
    printf '%s\n' "${versioned[@]}" | grep -q "^$runtime" || versioned+=("$runtime")
  done
  depends=$(printf '%s, ' "${versioned[@]}")
  sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEBARCH/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
    -e "s/@DEPENDS@/${depends%, }/" "$ROOT/packaging/linux/control.in" > "$STAGE/DEBIAN/control"
  DEB=$DIST/storyboard-studio_${VERSION}_$DEBARCH.deb
  rm -f "$DEB"
  dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB.part" >/dev/null
  mv "$DEB.part" "$DEB"
  rm -rf "$STAGE"
  echo "$DEB ($(du -h "$DEB" | cut -f1))"
fi

say "Done in $((SECONDS - started)) s"
