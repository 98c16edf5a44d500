#!/usr/bin/env bash
# Make the bundle's launcher a position-independent executable (PIE, so ASLR covers it).
# PyInstaller's Linux bootloader wheels ship a non-PIE `run`; this builds the same
# PyInstaller version's bootloader from its source with `gcc -fPIE -pie` (cached), then
# moves the program archive (the launcher's `pydata` ELF section) onto it.
#
# Usage: packaging/pie_launcher.sh PYTHON LAUNCHER CACHE_DIR
# Needs gcc, objcopy (binutils) and, once per PyInstaller version, its source (pip download).
# Exits 1 and changes nothing on failure.
set -euo pipefail
PYTHON=$1 LAUNCHER=$2 CACHE=$3
VERSION=$("$PYTHON" -c "import PyInstaller; print(PyInstaller.__version__)")
BOOTLOADER=$CACHE/pyinstaller-$VERSION/PyInstaller/bootloader/Linux-$(getconf LONG_BIT)bit-$(
  case "$(uname -m)" in x86_64) echo intel ;; aarch64) echo arm ;; *) uname -m ;; esac)/run
if [ ! -x "$BOOTLOADER" ] || ! readelf -h "$BOOTLOADER" | grep -q 'DYN'; then
  command -v gcc >/dev/null || { echo "pie_launcher.sh: gcc is missing" >&2; exit 1; }
  mkdir -p "$CACHE"
  if [ ! -d "$CACHE/pyinstaller-$VERSION" ]; then
    "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: "pyinstaller==$VERSION" \
      -d "$CACHE"
    tar -C "$CACHE" -xzf "$CACHE/pyinstaller-$VERSION.tar.gz"
  fi
  (cd "$CACHE/pyinstaller-$VERSION/bootloader" \
    && CC='gcc -fPIE -pie' "$PYTHON" ./waf distclean all >"$CACHE/waf.log" 2>&1) \
    || { echo "pie_launcher.sh: the bootloader did not build (see $CACHE/waf.log)" >&2; exit 1; }
fi
readelf -h "$BOOTLOADER" | grep -q 'Position-Independent\|DYN' \
  || { echo "pie_launcher.sh: $BOOTLOADER is not PIE" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
objcopy --dump-section pydata="$WORK/pydata" "$LAUNCHER"
cp "$BOOTLOADER" "$WORK/launcher"
objcopy --add-section pydata="$WORK/pydata" "$WORK/launcher"
chmod 755 "$WORK/launcher"
mv "$WORK/launcher" "$LAUNCHER"
echo "launcher: PIE bootloader of PyInstaller $VERSION"
