# Build the Windows installer on Windows 10/11 (64-bit): the PyInstaller folder, a smoke start, then
# Inno Setup. PyInstaller cannot build for Windows elsewhere, so this runs on Windows only.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-installer.ps1
#   -> packaging\dist\lawdesk\lawdesk.exe and packaging\dist\LawDesk-<version>-setup.exe
# Inno Setup 6: installed (winget install JRSoftware.InnoSetup), or -Iscc C:\path\to\ISCC.exe, or the npm
# package innosetup (npm install innosetup@6.4.1 puts ISCC.exe in node_modules\innosetup\bin).
param([string]$Iscc = "")
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet -e ".[build]"
if ($LASTEXITCODE) { throw "pip install failed" }
.venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath packaging\dist --workpath packaging\build packaging\lawdesk.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
$Version = (.venv\Scripts\python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()

# Smoke start: demo data, then the window, which quits by itself 1.5 s after it is shown (the exe is
# windowed, so it prints nothing: the exit code and the automatic backup are the evidence).
$Data = Join-Path $env:TEMP ("lawdesk-smoke-" + [guid]::NewGuid())
$env:LAWDESK_DATA_DIR = $Data
try {
    $p = Start-Process packaging\dist\lawdesk\lawdesk.exe -ArgumentList "demo" -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "lawdesk.exe demo exited with $($p.ExitCode)" }
    $env:LAWDESK_SMOKE_TEST = "1"
    $p = Start-Process packaging\dist\lawdesk\lawdesk.exe -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "the smoke start exited with $($p.ExitCode)" }
    if (-not (Get-ChildItem "$Data\lawdesk.backups\*.lawdesk-backup" -ErrorAction SilentlyContinue)) {
        throw "no automatic backup was written at close"
    }
} finally {
    Remove-Item Env:LAWDESK_SMOKE_TEST, Env:LAWDESK_DATA_DIR -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $Data -ErrorAction SilentlyContinue
}
Write-Host "smoke test passed (LawDesk $Version)"

if (-not $Iscc) {
    $candidates = @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe",
        "$Root\node_modules\innosetup\bin\ISCC.exe"
    )
    $Iscc = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: winget install JRSoftware.InnoSetup, or pass -Iscc" }
& $Iscc "/DAppVersion=$Version" packaging\windows\lawdesk.iss
if ($LASTEXITCODE) { throw "ISCC failed" }
Write-Host "installer: packaging\dist\LawDesk-$Version-setup.exe (sign it and lawdesk.exe before handing it out)"
