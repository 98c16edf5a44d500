# Build the Windows installer: PyInstaller bundle (the shared spec), its --self-test, then
# Inno Setup. Output: dist\storyboard-studio-<version>-windows-x86_64-setup.exe
# Needs: Python 3.11 on PATH, Inno Setup 6.3 or newer (iscc.exe on PATH or in its default
# folder; 6.3 is the first that knows `x64compatible`).
# Signing: when WINDOWS_CERTIFICATE (a base64 .pfx) and WINDOWS_CERTIFICATE_PASSWORD are set,
# the executables and the installer are signed with SignTool (SHA-256, RFC 3161 timestamp
# from TIMESTAMP_URL, default DigiCert's); without them the build warns and stays unsigned.
# Usage (PowerShell, from anywhere):  packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

# Inno Setup first: a missing or old compiler fails before the long build.
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6.3 or newer is needed (choco install innosetup)" }
$IsccVersion = [version](Get-Item $Iscc).VersionInfo.ProductVersion.Split(" ")[0]
if ($IsccVersion -lt [version]"6.3.0") {
  throw "Inno Setup $IsccVersion is too old: 6.3 or newer is needed (x64compatible)"
}
Write-Host "Inno Setup $IsccVersion"

if (-not (Test-Path .venv\Scripts\python.exe)) { python -m venv .venv }
$Python = Join-Path $Root ".venv\Scripts\python.exe"
& $Python -m pip install --quiet --upgrade pip
# The app and PyInstaller only: what the installer carries, no test or lint tools.
& $Python -m pip install --quiet ".[package]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

# One version number: the installed package metadata (pyproject [project].version).
$Version = & $Python -c "from importlib.metadata import version; print(version('storyboard-studio'))"
Write-Host "Storyboard Studio $Version for windows-x86_64"

& $Python -m PyInstaller --noconfirm --log-level WARN `
  --distpath build\pyinstaller\dist --workpath build\pyinstaller\build packaging\storyboard_studio.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$Bundle = Join-Path $Root "build\pyinstaller\dist\storyboard-studio"

# The console executable runs the self-test (the windowed one has no console to print to).
$env:QT_QPA_PLATFORM = "offscreen"
& (Join-Path $Bundle "storyboard-app.exe") --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed; nothing was packaged" }
Remove-Item Env:QT_QPA_PLATFORM

# SignTool, when a certificate is provided (CI: repository secrets).
$Pfx = $null
if ($env:WINDOWS_CERTIFICATE -and $env:WINDOWS_CERTIFICATE_PASSWORD) {
  $Pfx = Join-Path $env:RUNNER_TEMP "storyboard-signing.pfx"
  if (-not $env:RUNNER_TEMP) { $Pfx = Join-Path $env:TEMP "storyboard-signing.pfx" }
  [IO.File]::WriteAllBytes($Pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
  $SignTool = (Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object FullName -Descending | Select-Object -First 1).FullName
  if (-not $SignTool) { throw "signtool.exe not found (Windows SDK)" }
  $Timestamp = if ($env:TIMESTAMP_URL) { $env:TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
  function Sign-Files([string[]]$Paths) {
    & $SignTool sign /f $Pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
      /tr $Timestamp /td SHA256 /d "Storyboard Studio" @Paths
    if ($LASTEXITCODE -ne 0) { throw "SignTool failed" }
  }
  Sign-Files @((Join-Path $Bundle "storyboard-app.exe"), (Join-Path $Bundle "StoryboardStudio.exe"))
} else {
  Write-Warning "WINDOWS_CERTIFICATE is not set: the installer is NOT signed (SmartScreen will warn users)."
}

New-Item -ItemType Directory -Force dist | Out-Null
& $Iscc /Qp "/DAppVersion=$Version" "/DBundleDir=$Bundle" "/DOutputDir=$(Join-Path $Root 'dist')" `
  packaging\windows\storyboard-studio.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
$Setup = Get-ChildItem dist\storyboard-studio-$Version-windows-*-setup.exe
if ($Pfx) {
  Sign-Files @($Setup.FullName)
  & $SignTool verify /pa $Setup.FullName
  if ($LASTEXITCODE -ne 0) { throw "the signed installer does not verify" }
  Remove-Item $Pfx
}
$Setup
