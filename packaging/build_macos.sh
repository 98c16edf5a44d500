#!/usr/bin/env bash
# Build the macOS app and disk image: PyInstaller .app (the shared spec), its --self-test,
# signing and notarisation when the credentials are given, then hdiutil.
# Output: dist/storyboard-studio-<version>-macos-<arch>.dmg, <arch> = this Mac's (arm64 or
# x86_64): the installer workflow builds both, each on its own runner, because the wheels
# (PySide6, Pillow, cryptography, pydantic-core) are per-architecture.
# Needs: Python 3.11 (python3 on PATH); hdiutil, codesign and xcrun (part of macOS).
#
# Signing (skipped with a warning when not set; CI passes repository secrets):
#   MACOS_CERTIFICATE           base64 of the Developer ID Application .p12
#   MACOS_CERTIFICATE_PASSWORD  its password
#   MACOS_SIGNING_IDENTITY      e.g. "Developer ID Application: Name (TEAMID)"
# Notarisation (after signing; skipped with a warning when not set):
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The app and PyInstaller only: what the .app carries, no test or lint tools.
.venv/bin/python -m pip install --quiet ".[package]"

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

SIGNED=0
if [ -n "${MACOS_CERTIFICATE:-}" ] && [ -n "${MACOS_CERTIFICATE_PASSWORD:-}" ] \
    && [ -n "${MACOS_SIGNING_IDENTITY:-}" ]; then
  KEYCHAIN=$ROOT/build/signing.keychain-db
  KEYCHAIN_PASSWORD=$(uuidgen)
  rm -f "$KEYCHAIN"
  security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  security set-keychain-settings -lut 3600 "$KEYCHAIN"
  security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  echo "$MACOS_CERTIFICATE" | base64 --decode > build/certificate.p12
  security import build/certificate.p12 -k "$KEYCHAIN" -P "$MACOS_CERTIFICATE_PASSWORD" \
    -T /usr/bin/codesign
  rm -f build/certificate.p12
  security set-key-partition-list -S apple-tool:,apple: -s -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN" >/dev/null
  security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
  sign() {
    codesign --force --timestamp --options runtime --keychain "$KEYCHAIN" \
      --entitlements packaging/macos/entitlements.plist --sign "$MACOS_SIGNING_IDENTITY" "$@"
  }
  # Inside out: every library and executable, then the .app itself.
  find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0 \
    | while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
      done
  sign "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
  SIGNED=1
else
  echo "WARNING: MACOS_CERTIFICATE/MACOS_SIGNING_IDENTITY not set: the app is NOT signed;" \
    "Gatekeeper will refuse to open it on other Macs." >&2
fi

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

if [ "$SIGNED" = 1 ]; then
  codesign --force --timestamp --keychain "$KEYCHAIN" --sign "$MACOS_SIGNING_IDENTITY" "$DMG"
  if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose "$DMG"
  else
    echo "WARNING: APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD not set: the disk image is signed" \
      "but NOT notarised; Gatekeeper will warn on first open." >&2
  fi
  security delete-keychain "$KEYCHAIN"
fi
echo "$DMG"
