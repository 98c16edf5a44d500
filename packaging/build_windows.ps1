# Build the Windows installer: PyInstaller bundle (the shared spec), its --self-test, then
# Inno Setup. Output: dist\storyboard-studio-<version>-windows-x86_64-setup.exe
# Needs: Python 3.11 on PATH, Inno Setup 6 (iscc.exe on PATH or in its default folder).
# Usage (PowerShell, from anywhere):  packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

if (-not (Test-Path .venv\Scripts\python.exe)) { python -m venv .venv }
$Python = Join-Path $Root ".venv\Scripts\python.exe"
& $Python -m pip install --quiet --upgrade pip
& $Python -m pip install --quiet -e ".[dev]"
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

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
New-Item -ItemType Directory -Force dist | Out-Null
& $Iscc /Qp "/DAppVersion=$Version" "/DBundleDir=$Bundle" "/DOutputDir=$(Join-Path $Root 'dist')" `
  packaging\windows\storyboard-studio.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Get-ChildItem dist\storyboard-studio-$Version-windows-*-setup.exe
