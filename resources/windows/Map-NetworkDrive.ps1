# Maps a network drive in the user's own session. HomeOffice Connect calls it as
#   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File Map-NetworkDrive.ps1 -Letter P -RemotePath \\host\share -UserName DOMAIN\user
# with the password as one line on stdin (never in argv). Prints one JSON object:
#   {"result":"mapped|reused|letter-in-use|local-device|other-user|auth-failed|not-found|failed","remotePath":"...","error":N,"message":"..."}
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^[D-Z]$')][string]$Letter,
  [Parameter(Mandatory = $true)][ValidatePattern('^\\\\[A-Za-z0-9.-]+(\\[\p{L}\p{Nd}_$-]([\p{L}\p{Nd} _.$-]{0,78}[\p{L}\p{Nd}_$-])?)+$')][string]$RemotePath,
  [Parameter(Mandatory = $true)][ValidatePattern('^[^\s/@%:*?"<>|\[\]=,;+]{1,64}(\\[^\s/@%:*?"<>|\[\]=,;+\\]{1,64})?$')][string]$UserName
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  $o = @{ result = $Result } + $Extra
  [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress))
  exit 0
}
function Result-ForError([int]$Code, [string]$Message) {
  switch ($Code) {
    85 { Out-Result 'local-device' @{ error = 85; message = $Message } }
    1219 { Out-Result 'other-user' @{ error = 1219; message = $Message } }
    1326 { Out-Result 'auth-failed' @{ error = 1326; message = $Message } }
    86 { Out-Result 'auth-failed' @{ error = 86; message = $Message } }
    67 { Out-Result 'not-found' @{ error = 67; message = $Message } }
    53 { Out-Result 'not-found' @{ error = 53; message = $Message } }
    default { Out-Result 'failed' @{ error = $Code; message = $Message } }
  }
}
$password = [Console]::In.ReadLine()
if ([string]::IsNullOrEmpty($password)) { Out-Result 'failed' @{ message = 'no password on stdin' } }
$local = "${Letter}:"

# The letter already taken: by the same share (reuse, not ours to record), another share, or a local device.
$existing = $null
try { $existing = Get-SmbMapping -LocalPath $local -ErrorAction SilentlyContinue } catch { $existing = $null }
if ($existing) {
  if ($existing.RemotePath -ieq $RemotePath) { Out-Result 'reused' @{ remotePath = $existing.RemotePath } }
  Out-Result 'letter-in-use' @{ remotePath = $existing.RemotePath }
}
if (Test-Path -LiteralPath "${local}\") { Out-Result 'local-device' @{ error = 85; message = "$local exists on this computer" } }

if (Get-Command New-SmbMapping -ErrorAction SilentlyContinue) {
  try {
    New-SmbMapping -LocalPath $local -RemotePath $RemotePath -UserName $UserName -Password $password -Persistent $false | Out-Null
    Out-Result 'mapped' @{ remotePath = $RemotePath }
  } catch {
    $code = 0
    $hr = $_.Exception.HResult
    if ($_.Exception.PSObject.Properties['NativeErrorCode']) { $code = [int]$_.Exception.NativeErrorCode }
    elseif ($_.FullyQualifiedErrorId -match 'Windows System Error (\d+)') { $code = [int]$Matches[1] }
    elseif ($_.Exception.Message -match '\b(85|1219|1326|86|67|53)\b') { $code = [int]$Matches[1] }
    elseif ($hr) { $code = $hr -band 0xFFFF }
    Result-ForError $code $_.Exception.Message
  }
}

# Fallback (no SmbShare module): net use. Its argv holds the password for the moment it runs,
# visible only to this user and administrators; documented in docs/drives-printers.md.
$out = & net.exe use $local $RemotePath $password "/user:$UserName" /persistent:no 2>&1
if ($LASTEXITCODE -eq 0) { Out-Result 'mapped' @{ remotePath = $RemotePath } }
$text = ($out | Out-String)
if ($text -match 'System error (\d+)|Systemfehler (\d+)') {
  $n = if ($Matches[1]) { [int]$Matches[1] } else { [int]$Matches[2] }
  Result-ForError $n $text.Trim()
}
Out-Result 'failed' @{ message = $text.Trim() }
