#!/usr/bin/env bash
# Build the macOS app and disk image: PyInstaller .app (the shared spec), its --self-test,
# then hdiutil. Output: dist/storyboard-studio-<version>-macos-<arch>.dmg
# Needs: Python 3.11 (python3 on PATH); hdiutil (part of macOS). Unsigned: sign and notarise
# with your Developer ID before distributing (codesign, xcrun notarytool).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

# One version number: the installed package metadata (pyproject [project].version).
VERSION=$(.venv/bin/python -c "from importlib.metadata import version; print(version('storyboard-studio'))")
ARCH=$(uname -m)
echo "Storyboard Studio $VERSION for macos-$ARCH"

.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath build/pyinstaller/dist --workpath build/pyinstaller/build packaging/storyboard_studio.spec
APP="build/pyinstaller/dist/Storyboard Studio.app"
[ -d "$APP" ] || { echo "PyInstaller did not produce $APP" >&2; exit 1; }

# The command-line executable inside the .app runs the self-test.
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/storyboard-app" --self-test \
  || { echo "the bundle's self-test failed; nothing was packaged" >&2; exit 1; }

mkdir -p dist
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"   # drag-to-install
DMG="dist/storyboard-studio-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "Storyboard Studio $VERSION" -srcfolder "$STAGE" -fs HFS+ \
  -format UDZO -ov "$DMG"
rm -rf "$STAGE"
echo "$DMG"
