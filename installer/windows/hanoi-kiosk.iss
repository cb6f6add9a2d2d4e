; Inno Setup 6 script: installs the kiosk bundle built on Windows (dist\hanoi-kiosk\) and its
; settings. UNTESTED: the project's machines run Linux; see README.md beside this file.
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" ^
;       /DKioskId=HK-HANGBAC-01 /DAgencyCode=H26.22.01 ^
;       /DPortalUrl=https://portal.example.gov.vn /DPrinter=RECEIPT80 ^
;       installer\windows\hanoi-kiosk.iss
;
; Output: dist\hanoi-kiosk-setup-<version>.exe. Run it as an administrator; it can also run
; silently (/VERYSILENT /SUPPRESSMSGBOXES).

#define AppName "Hanoi Citizen Service Kiosk"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef KioskId
  #define KioskId "KIOSK-DEMO-01"
#endif
#ifndef AgencyCode
  #define AgencyCode "H26.22.01"
#endif
#ifndef PortalUrl
  #define PortalUrl "https://portal.example.gov.vn"
#endif
#ifndef Printer
  #define Printer ""
#endif
#ifndef MobileMode
  ; Receipt printing goes through CUPS (IPP); a Windows kiosk has none: see README.md.
  #define MobileMode "true"
#endif
#define BundleDir "..\..\dist\hanoi-kiosk"
#define DataRoot "{commonappdata}\HanoiKiosk"

[Setup]
AppId={{6F0B3C52-6A8E-4E55-9C1B-2D4A8E1F7A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Citizen service kiosk team
DefaultDirName={autopf}\HanoiKiosk
DisableDirPage=yes
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
OutputDir=..\..\dist
OutputBaseFilename=hanoi-kiosk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
; The settings and the environment variable below must reach running programs.
ChangesEnvironment=yes
UninstallDisplayIcon={app}\kiosk.exe

[Dirs]
; Settings (read-only for the kiosk user) and data (outbox, receipts, logs: writable).
Name: "{#DataRoot}"
Name: "{#DataRoot}\data"; Permissions: users-modify

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "README.md"; DestDir: "{app}"; DestName: "WINDOWS-README.md"; Flags: ignoreversion

[Registry]
; KIOSK_CONFIG for every user: the app reads its settings file from there.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
    ValueType: string; ValueName: "KIOSK_CONFIG"; ValueData: "{#DataRoot}\kiosk.toml"; \
    Flags: uninsdeletevalue

[Run]
; The Smart Card service (SCardSvr) must start with Windows.
Filename: "{sys}\sc.exe"; Parameters: "config SCardSvr start= auto"; Flags: runhidden
Filename: "{sys}\sc.exe"; Parameters: "start SCardSvr"; Flags: runhidden; \
    StatusMsg: "Starting the Smart Card service..."

[Code]
// kiosk.toml from the /D values (Inno Setup has no TOML writer).
function TomlString(const Value: String): String;
var
  S: String;
begin
  S := Value;
  StringChangeEx(S, '\', '\\', True);
  StringChangeEx(S, '"', '\"', True);
  Result := '"' + S + '"';
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Lines: TArrayOfString;
  Path: String;
begin
  if CurStep <> ssPostInstall then
    Exit;
  Path := ExpandConstant('{#DataRoot}\kiosk.toml');
  if FileExists(Path) then
    FileCopy(Path, Path + '.previous', False);
  SetArrayLength(Lines, 11);
  Lines[0] := '# Written by the kiosk installer. Every key: installer/README.md, "Fleet settings".';
  Lines[1] := 'kiosk_id = ' + TomlString('{#KioskId}');
  Lines[2] := 'agency_code = ' + TomlString('{#AgencyCode}');
  Lines[3] := 'portal_url = ' + TomlString('{#PortalUrl}');
  Lines[4] := 'printer_name = ' + TomlString('{#Printer}');
  Lines[5] := 'language = "vi"';
  Lines[6] := 'mobile_mode = {#MobileMode}';
  Lines[7] := 'fullscreen = true';
  Lines[8] := 'data_dir = ' + TomlString(ExpandConstant('{#DataRoot}\data'));
  Lines[9] := 'log_level = "INFO"';
  Lines[10] := '';
  // Plain ASCII on purpose: a UTF-8 BOM would break the TOML parser. Names with Vietnamese
  // letters (agency_name, kiosk_name) are added by hand in an editor saving UTF-8 without BOM.
  SaveStringsToFile(Path, Lines, False);
end;
