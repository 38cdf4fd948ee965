# Removes a drive mapping that HomeOffice Connect made. With -RemotePath, a letter that points
# to another share by now is left alone. Prints {"result":"removed|absent|other-share|failed",...}.
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^[D-Z]$')][string]$Letter,
  [ValidatePattern('^\\\\[A-Za-z0-9.-]+(\\[\p{L}\p{Nd}_$-]([\p{L}\p{Nd} _.$-]{0,78}[\p{L}\p{Nd}_$-])?)+$')][string]$RemotePath
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  exit 0
}
$local = "${Letter}:"
$existing = $null
try { $existing = Get-SmbMapping -LocalPath $local -ErrorAction SilentlyContinue } catch { $existing = $null }
if (-not $existing) {
  $line = (& net.exe use $local 2>&1 | Out-String)
  if ($LASTEXITCODE -ne 0) { Out-Result 'absent' }
  if ($RemotePath -and $line -notmatch [regex]::Escape($RemotePath)) { Out-Result 'other-share' }
  & net.exe use $local /delete /y 2>&1 | Out-Null
  if ($LASTEXITCODE -eq 0) { Out-Result 'removed' } else { Out-Result 'failed' @{ message = 'net use /delete failed' } }
}
if ($RemotePath -and $existing.RemotePath -ine $RemotePath) { Out-Result 'other-share' @{ remotePath = $existing.RemotePath } }
try {
  Remove-SmbMapping -LocalPath $local -Force -UpdateProfile
  Out-Result 'removed'
} catch {
  Out-Result 'failed' @{ message = $_.Exception.Message }
}
