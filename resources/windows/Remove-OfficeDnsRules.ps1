# Removes every Name Resolution Policy Table rule the HomeOffice Connect helper added (marked by
# its comment): on disconnect and when the helper cleans up after a crash. Rules of others stay.
# https://learn.microsoft.com/en-us/powershell/module/dnsclient/get-dnsclientnrptrule
# https://learn.microsoft.com/en-us/powershell/module/dnsclient/remove-dnsclientnrptrule
# Prints {"result":"removed","count":N} or {"result":"failed","message":...}.
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^HomeOffice Connect [a-z0-9]+$')][string]$Comment
)
$ErrorActionPreference = 'Stop'
try {
  $ours = @(Get-DnsClientNrptRule | Where-Object { $_.Comment -eq $Comment })
  foreach ($rule in $ours) { Remove-DnsClientNrptRule -Name $rule.Name -Force }
  Clear-DnsClientCache
  [Console]::Out.WriteLine((@{ result = 'removed'; count = $ours.Count } | ConvertTo-Json -Compress))
  exit 0
} catch {
  [Console]::Out.WriteLine((@{ result = 'failed'; message = $_.Exception.Message } | ConvertTo-Json -Compress))
  exit 1
}
