; The Windows installer of the standalone app (Inno Setup 6), made by the release workflow
; (.github/workflows/ci.yml) from the folder build.spec writes:
;   iscc /DAppVersion=0.1.0 /DSourceDir=%CD%\dist\hksh-packager /DOutputDir=%CD% \
;        /DIconFile=%CD%\hksh-packager.ico packaging\windows\hksh-packager.iss
; (the .ico is made from resources/icons/hksh-packager.png, as build.spec makes the app's)
; It installs for the current user by default (no administrator needed on a school laptop), adds
; a Start menu entry for the app and puts the command line on the user's PATH when asked.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\hksh-packager"
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif
#ifndef IconFile
  #define IconFile "..\..\hksh-packager.ico"
#endif

[Setup]
AppId={{6F1C2B7E-9A41-4C8E-B0A3-5D2E8F7C1A90}
AppName=HKSH Packager
AppVersion={#AppVersion}
AppPublisher=HKSH Packager
DefaultDirName={autopf}\HKSH Packager
DefaultGroupName=HKSH Packager
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=hksh-packager-{#AppVersion}-windows-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\HKSH Packager.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesetraditional"; MessagesFile: "compiler:Languages\ChineseTraditional.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "addtopath"; Description: "hksh-packager command line (PATH)"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\HKSH Packager"; Filename: "{app}\HKSH Packager.exe"
Name: "{group}\{cm:UninstallProgram,HKSH Packager}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\HKSH Packager"; Filename: "{app}\HKSH Packager.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\HKSH Packager.exe"; Description: "{cm:LaunchProgram,HKSH Packager}"; \
  Flags: nowait postinstall skipifsilent

[Code]
function NotOnPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
    Current := '';
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
