# Removes a shared-queue connection this user made: {"result":"removed|absent|failed"}.
param([Parameter(Mandatory = $true)][ValidatePattern('^\\\\[A-Za-z0-9.-]+\\[A-Za-z0-9_~.-]+$')][string]$ConnectionName)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  exit 0
}
if (-not (Get-Printer -Name $ConnectionName -ErrorAction SilentlyContinue)) { Out-Result 'absent' }
try { Remove-Printer -Name $ConnectionName; Out-Result 'removed' } catch { Out-Result 'failed' @{ message = $_.Exception.Message } }
