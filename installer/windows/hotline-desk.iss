; Inno Setup 6 script: per-machine installer of the Hotline Desk workstation.
;
; Build on Windows from the repository root, after the PyInstaller bundle exists in
; build\dist\hotline-desk (installer\build.sh's first step, run on Windows):
;   iscc /DAppVersion=0.1.0 installer\windows\hotline-desk.iss
;
; Silent install with the machine-wide settings (see installer\README.md):
;   HotlineDesk-Setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       /SERVER=https://hotline.example.gov.cn /CABUNDLE=\\it\share\centre-ca.pem
;       /STATION=GY01 /LOCK=server_url,ca_bundle
;
; The parameters are written into {commonappdata}\HotlineDesk\hotline-desk.ini
; ([settings] section), which app/config.py reads as the machine-wide layer. Values
; not given on the command line are left as they are, so an upgrade keeps IT's file.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Hotline Desk"
#define AppExe "hotline-desk.exe"
#define SettingsDir "{commonappdata}\HotlineDesk"
#define SettingsFile "{commonappdata}\HotlineDesk\hotline-desk.ini"

[Setup]
; A fixed AppId: upgrades replace the same installation instead of adding a second.
AppId={{6F1C2B7E-3D4A-4E5B-9C8D-12345A11D35C}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Hotline Desk
AppVerName={#AppName} {#AppVersion}
DefaultDirName={commonpf}\HotlineDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\build\windows
OutputBaseFilename=HotlineDesk-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\hotline-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The program must be closed before its files are replaced.
CloseApplications=yes
SetupLogging=yes

[Languages]
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\build\dist\hotline-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The settings template is installed once and never overwritten or removed, so IT's
; edits survive upgrades and uninstall/reinstall.
Source: "..\hotline-desk.ini"; DestDir: "{#SettingsDir}"; Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
; Users can read the settings; the file itself is written by this (elevated) setup,
; so only administrators can change it.
Name: "{#SettingsDir}"; Permissions: users-readexec

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  SettingsSection = 'settings';
  { Exit code of a silent install whose files are in place but whose settings
    could not be written: distribution tools then report the seat as failed. }
  SettingsExitCode = 20;

var
  SettingsFailed: Boolean;

{ Replace or add "key = value" in the [settings] section of the ini lines. }
procedure SetSetting(var Lines: TArrayOfString; const Key, Value: String);
var
  I, Insert, Eq: Integer;
  InSection: Boolean;
  Line: String;
begin
  InSection := False;
  Insert := -1;
  for I := 0 to GetArrayLength(Lines) - 1 do
  begin
    Line := Trim(Lines[I]);
    if (Length(Line) > 0) and (Line[1] = '[') then
    begin
      if InSection and (Insert < 0) then
        Insert := I;
      InSection := CompareText(Line, '[' + SettingsSection + ']') = 0;
      Continue;
    end;
    if InSection and (Length(Line) > 0) and (Line[1] <> '#') and (Line[1] <> ';') then
    begin
      Eq := Pos('=', Line);
      if (Eq > 0) and (CompareText(Trim(Copy(Line, 1, Eq - 1)), Key) = 0) then
      begin
        Lines[I] := Key + ' = ' + Value;
        Exit;
      end;
    end;
  end;

  if Insert < 0 then
  begin
    if not InSection then
    begin
      { No [settings] section at all: add one at the end. }
      SetArrayLength(Lines, GetArrayLength(Lines) + 1);
      Lines[GetArrayLength(Lines) - 1] := '[' + SettingsSection + ']';
    end;
    SetArrayLength(Lines, GetArrayLength(Lines) + 1);
    Lines[GetArrayLength(Lines) - 1] := Key + ' = ' + Value;
    Exit;
  end;

  { Insert before the next section header so the key stays in [settings]. }
  SetArrayLength(Lines, GetArrayLength(Lines) + 1);
  for I := GetArrayLength(Lines) - 1 downto Insert + 1 do
    Lines[I] := Lines[I - 1];
  Lines[Insert] := Key + ' = ' + Value;
end;

{ A parameter given as /NAME=value, or '' when absent. }
function Param(const Name: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
end;

procedure Fail(const Message: String);
begin
  Log(Message);
  SuppressibleMsgBox(Message, mbCriticalError, MB_OK, IDOK);
  SettingsFailed := True;
end;

function GetCustomSetupExitCode(): Integer;
begin
  Result := 0;
  if SettingsFailed then
    Result := SettingsExitCode;
end;

function InitializeSetup(): Boolean;
var
  Server, CaBundle, Station: String;
begin
  Result := True;
  Server := Param('SERVER');
  CaBundle := Param('CABUNDLE');
  Station := Param('STATION');
  { The same rules as app/config.py, checked before anything is installed. }
  if (Server <> '') and (Pos('https://', Lowercase(Server)) <> 1)
    and (Pos('http://127.0.0.1', Lowercase(Server)) <> 1)
    and (Pos('http://localhost', Lowercase(Server)) <> 1) then
  begin
    Log('Refused /SERVER: ' + Server);
    SuppressibleMsgBox('/SERVER 必须以 https:// 开头 / /SERVER must start with https://',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
  if (CaBundle <> '') and not FileExists(CaBundle) then
  begin
    Log('Refused /CABUNDLE, file not found: ' + CaBundle);
    SuppressibleMsgBox('找不到 /CABUNDLE 文件 / /CABUNDLE file not found: ' + CaBundle,
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
  if (Station <> '') and (Length(Station) > 12) then
  begin
    Log('Refused /STATION: ' + Station);
    SuppressibleMsgBox('/STATION 最多 12 个字母或数字 / /STATION: at most 12 letters or digits',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure WriteMachineSettings();
var
  Lines: TArrayOfString;
  FileName, CaTarget, Value: String;
begin
  FileName := ExpandConstant('{#SettingsFile}');
  if not LoadStringsFromFile(FileName, Lines) then
    SetArrayLength(Lines, 0);

  Value := Param('SERVER');
  if Value <> '' then
    SetSetting(Lines, 'server_url', Value);

  Value := Param('CABUNDLE');
  if Value <> '' then
  begin
    { Copied next to the settings: a seat must not depend on a share being reachable. }
    CaTarget := ExpandConstant('{#SettingsDir}\ca-bundle.pem');
    if FileCopy(Value, CaTarget, False) then
      SetSetting(Lines, 'ca_bundle', CaTarget)
    else
      Fail('无法复制 CA 证书 / cannot copy the CA bundle: ' + Value);
  end;

  Value := Param('STATION');
  if Value <> '' then
    SetSetting(Lines, 'station_prefix', Uppercase(Value));

  Value := Param('LANGUAGE');
  if Value <> '' then
    SetSetting(Lines, 'language', Value);

  Value := Param('LOCK');
  if Value <> '' then
    SetSetting(Lines, 'locked', Value);

  { UTF-8 with a BOM: app/config.py reads utf-8-sig, and Chinese comments survive. }
  if not SaveStringsToUTF8File(FileName, Lines, False) then
    Fail('无法写入全机设置 / cannot write the machine-wide settings: ' + FileName);
  Log('Machine-wide settings written to ' + FileName);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteMachineSettings();
end;
