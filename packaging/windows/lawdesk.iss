; LawDesk（法治台账）Windows 安装程序，Inno Setup 6 脚本。
;
; 安装 PyInstaller 构建出的文件夹（packaging\dist\lawdesk），默认为当前用户安装，不需要管理员权限：
;   程序      %LOCALAPPDATA%\Programs\LawDesk（与 {autopf} 在每用户模式下相同）
;   开始菜单  “LawDesk 法治台账”；桌面快捷方式可选
;   文件关联  .lawdesk-backup（备份文件）、.lawdesk-pkg（汇总交换包），写在 HKCU\Software\Classes
;   卸载      只删除安装的程序文件；数据（%APPDATA%\LawDesk：数据库、附件、备份、日志）保留
; IT 部门要为全部用户安装时，用管理员身份运行安装程序并加 /ALLUSERS（装到 Program Files，关联写到 HKLM）。
;
; 编译（见 packaging\windows\build-installer.ps1，它从 pyproject.toml 取版本号）：
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\lawdesk.iss   ->  packaging\dist\LawDesk-0.1.0-setup.exe
; 本文件须保存为带 BOM 的 UTF-8：Inno Setup 6 据此按 Unicode 读取其中的中文。

#ifndef AppVersion
  #error 请用 /DAppVersion=版本号 传入版本号（build-installer.ps1 从 pyproject.toml 读取）
#endif
#ifndef SourceDir
  ; The PyInstaller one-folder build, relative to this script.
  #define SourceDir "..\dist\lawdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#define AppName "LawDesk 法治台账"
#define AppExe "lawdesk.exe"

[Setup]
; AppId identifies the program across versions (upgrade in place, one uninstall entry): never change it.
AppId={{366CE4DC-7C00-4950-8592-4B38D3084C59}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LawDesk
; {autopf} spelled out (Program Files for /ALLUSERS, else %LOCALAPPDATA%\Programs): Wine does not know the
; per-user Program Files folder, and spelling it out lets check-installer-wine.sh run the installer there.
DefaultDirName={code:DefaultInstallDir}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default: a clerk installs without the IT office; /ALLUSERS (as administrator) for everyone.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
; The PyInstaller build is 64-bit and targets Windows 10/11.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
; A running LawDesk holds its files: close it (it writes its automatic backup on closing), do not restart it.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\..\resources\lawdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=LawDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; Inno Setup's Simplified Chinese messages (Files\Languages\Unofficial in Inno Setup 6.4), kept beside
; this script so the build does not depend on which translations the compiler was installed with.
Name: "chs"; MessagesFile: "ChineseSimplified.isl"

[CustomMessages]
chs.BackupFileType=LawDesk 备份文件
chs.PackageFileType=LawDesk 汇总交换包
chs.DataKept=LawDesk 已卸载。%n%n您的数据（数据库、附件、自动备份和日志）没有删除，仍在：%n%1%n%n重新安装 LawDesk 后可以继续使用；确实不再需要时，可以手动删除这个文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder: files an older build had and this one has not must go.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user install and HKLM for /ALLUSERS. The uninstaller goes through these lines
; backwards: OpenWithProgids (emptied, then removed) before its extension key. Double-clicking a file runs
; `lawdesk.exe "FILE"`: the app opens and offers to restore the backup (main.py, ui.app.open_document).
Root: HKA; Subkey: "Software\Classes\.lawdesk-backup"; ValueType: string; ValueName: ""; ValueData: "LawDesk.Backup"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.lawdesk-backup\OpenWithProgids"; ValueType: string; ValueName: "LawDesk.Backup"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\LawDesk.Backup"; ValueType: string; ValueName: ""; ValueData: "{cm:BackupFileType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\LawDesk.Backup\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\LawDesk.Backup\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.lawdesk-pkg"; ValueType: string; ValueName: ""; ValueData: "LawDesk.Package"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.lawdesk-pkg\OpenWithProgids"; ValueType: string; ValueName: "LawDesk.Package"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\LawDesk.Package"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageFileType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\LawDesk.Package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\LawDesk.Package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".lawdesk-backup"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".lawdesk-pkg"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed, so the data folder, which the
; app creates in %APPDATA%\LawDesk, outlives it (a clerk reinstalling after a broken update finds everything).

[Code]
function DefaultInstallDir(Param: String): String;
begin
  if IsAdminInstallMode() then
    Result := ExpandConstant('{autopf}\LawDesk')
  else
    Result := ExpandConstant('{localappdata}\Programs\LawDesk');
end;

function DataFolder(): String;
begin
  { The app's default data folder: platformdirs' roaming user data dir, %APPDATA%\LawDesk (core/paths.py). }
  Result := ExpandConstant('{userappdata}\LawDesk');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) then
    Log('LawDesk data kept in ' + DataFolder());
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder()]), mbInformation, MB_OK);
end;
