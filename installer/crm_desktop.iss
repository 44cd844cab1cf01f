; Inno Setup script for Branch CRM (营业部CRM) on Windows.
; Saved as UTF-8 with BOM: Inno Setup 6 reads the Chinese text correctly only with the BOM.
;
; Build (from the repository root, on Windows, after PyInstaller):
;   pyinstaller --noconfirm installer\crm_desktop.spec
;   iscc installer\crm_desktop.iss                       (or: iscc /DAppVersion=0.2.0 ...)
; Output: dist\BranchCRM-Setup-<version>.exe. Needs Inno Setup 6.3 or later (x64compatible).
;
; Site profile: IT places profiles.json (HQ connection profiles, see installer\README.md)
; and optionally hq-ca.crt (the HQ server's CA certificate) in the same folder as the setup
; .exe; setup copies them to %ProgramData%\BranchCRM\, where the app reads the machine-wide
; profiles. Without them the app starts on its embedded demo server.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppId "{{79E8F985-EBF3-423D-91CE-574A1607CFB2}"
#define DistDir SourcePath + "..\dist\crm-desktop"
#define AppExe "crm-desktop.exe"
#define SiteDir "{commonappdata}\BranchCRM"

#if !FileExists(DistDir + "\" + AppExe)
  #error "dist\crm-desktop\crm-desktop.exe not found: run pyinstaller --noconfirm installer\crm_desktop.spec first"
#endif

; Chinese Simplified is an official language only in recent Inno Setup releases; older ones
; need ChineseSimplified.isl (jrsoftware/issrc Files\Languages\Unofficial) copied into the
; compiler's Languages folder or into installer\languages\.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\Unofficial\ChineseSimplified.isl"
#elif FileExists(SourcePath + "languages\ChineseSimplified.isl")
  #define ChineseIsl SourcePath + "languages\ChineseSimplified.isl"
#else
  #error "ChineseSimplified.isl not found (see the comment above [Languages])"
#endif

[Setup]
AppId={#AppId}
AppName=Branch CRM
AppVerName=Branch CRM {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Branch CRM
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\BranchCRM
DisableProgramGroupPage=yes
UninstallDisplayName=Branch CRM / 营业部CRM
UninstallDisplayIcon={app}\{#AppExe}
; Program Files and %ProgramData% both need an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The embedded PostgreSQL (postgres.exe under {app}\_internal) may be running during an
; upgrade or uninstall: let the Restart Manager close it (it recovers on next start).
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#SourcePath}..\dist
OutputBaseFilename=BranchCRM-Setup-{#AppVersion}
#if FileExists(SourcePath + "..\resources\icons\crm.ico")
SetupIconFile={#SourcePath}..\resources\icons\crm.ico
#endif

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppTitle=营业部CRM
english.AppTitle=Branch CRM
chinesesimplified.AppComment=证券营业部客户关系管理
english.AppComment=Customer relationship management for brokerage branches

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Dirs]
; Machine-wide settings; inherits %ProgramData%'s ACL (users read, administrators write).
Name: "{#SiteDir}"; Flags: uninsneveruninstall

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; Site profile dropped by IT next to the setup .exe; copied only when present. Kept on
; uninstall: it is the site's configuration, not part of the program.
Source: "{src}\profiles.json"; DestDir: "{#SiteDir}"; Flags: external skipifsourcedoesntexist ignoreversion uninsneveruninstall
Source: "{src}\hq-ca.crt"; DestDir: "{#SiteDir}"; Flags: external skipifsourcedoesntexist ignoreversion uninsneveruninstall

[Icons]
Name: "{autoprograms}\{cm:AppTitle}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

; Per-user data (%LOCALAPPDATA%\crm-desktop: the embedded server's cluster, settings) is
; deliberately left alone on uninstall.
