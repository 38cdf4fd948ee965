# Adds a folder to the machine's PATH, or removes it again: the installer puts `hoc` on the PATH
# and the uninstaller takes it off. Run by the installer (elevated) with -File; values arrive as
# parameters. Other entries of the PATH are kept as they are, in their order.
# https://learn.microsoft.com/en-us/dotnet/api/system.environment.setenvironmentvariable
# Prints {"result":"added|present|removed|absent"} or {"result":"failed","message":...}.
param(
  [Parameter(Mandatory = $true)][ValidateSet('Add', 'Remove')][string]$Action,
  [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\[^";%]+$')][string]$Directory
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  if ($Result -eq 'failed') { exit 1 } else { exit 0 }
}
try {
  $current = [Environment]::GetEnvironmentVariable('Path', 'Machine')
  $entries = @($current -split ';' | Where-Object { $_ -ne '' })
  $present = @($entries | Where-Object { $_.TrimEnd('\') -ieq $Directory.TrimEnd('\') }).Count -gt 0
  if ($Action -eq 'Add') {
    if ($present) { Out-Result 'present' }
    [Environment]::SetEnvironmentVariable('Path', (($entries + $Directory) -join ';'), 'Machine')
    Out-Result 'added'
  }
  if (-not $present) { Out-Result 'absent' }
  $kept = @($entries | Where-Object { $_.TrimEnd('\') -ine $Directory.TrimEnd('\') })
  [Environment]::SetEnvironmentVariable('Path', ($kept -join ';'), 'Machine')
  Out-Result 'removed'
} catch {
  Out-Result 'failed' @{ message = $_.Exception.Message }
}
