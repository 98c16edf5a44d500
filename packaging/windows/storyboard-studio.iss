; Inno Setup script for Storyboard Studio (per-user or all-users install, no admin needed).
; Needs Inno Setup 6.3 or newer (x64compatible); build_windows.ps1 checks it before building.
; Built by packaging/build_windows.ps1, which passes the version and the bundle folder:
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\build\pyinstaller\dist\storyboard-studio /DOutputDir=..\..\dist storyboard-studio.iss
#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible)
#endif
#ifndef AppVersion
  #error AppVersion must be given: /DAppVersion=x.y.z
#endif
#ifndef BundleDir
  #error BundleDir must be given: /DBundleDir=path\to\storyboard-studio
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6F1D2A7C-3B8E-4C52-9E4A-5D0B7C1E2F34}
AppName=Storyboard Studio
AppVersion={#AppVersion}
AppVerName=Storyboard Studio {#AppVersion}
AppPublisher=Storyboard Studio
DefaultDirName={autopf}\Storyboard Studio
DefaultGroupName=Storyboard Studio
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=storyboard-studio-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\..\storyboard_app\resources\icons\storyboard-studio.ico
UninstallDisplayIcon={app}\StoryboardStudio.exe
MinVersion=10.0
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; User data (projects, images, clips) lives in the user's data folder, never in {app}:
; uninstalling leaves it in place.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Storyboard Studio"; Filename: "{app}\StoryboardStudio.exe"
Name: "{group}\Uninstall Storyboard Studio"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Storyboard Studio"; Filename: "{app}\StoryboardStudio.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\StoryboardStudio.exe"; Description: "{cm:LaunchProgram,Storyboard Studio}"; Flags: nowait postinstall skipifsilent
