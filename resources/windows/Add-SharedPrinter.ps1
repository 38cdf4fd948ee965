# Connects a shared office queue for this user (no admin rights): Add-Printer -ConnectionName \\server\queue.
# Prints {"result":"added|exists|failed","message":"..."}.
param([Parameter(Mandatory = $true)][ValidatePattern('^\\\\[A-Za-z0-9.-]+\\[A-Za-z0-9_~.-]+$')][string]$ConnectionName)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  exit 0
}
if (Get-Printer -Name $ConnectionName -ErrorAction SilentlyContinue) { Out-Result 'exists' }
try { Add-Printer -ConnectionName $ConnectionName; Out-Result 'added' } catch { Out-Result 'failed' @{ message = $_.Exception.Message } }
