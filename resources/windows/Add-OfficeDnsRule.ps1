# Split DNS for the office while the tunnel is up: one Name Resolution Policy Table rule that
# sends names under the company's domains (and only those) to the office's name servers.
# Run by the HomeOffice Connect helper (SYSTEM) with -File; values arrive as parameters.
# https://learn.microsoft.com/en-us/powershell/module/dnsclient/add-dnsclientnrptrule
# Prints {"result":"added"} or {"result":"failed","message":...}.
param(
  # Comma-separated suffixes, each with its leading dot: .buero.local,.example.de
  [Parameter(Mandatory = $true)][ValidatePattern('^(\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(,\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*){0,7}$')][string]$Namespace,
  # Comma-separated IP addresses of the office's name servers.
  [Parameter(Mandatory = $true)][ValidatePattern('^[0-9A-Fa-f:.,]{2,200}$')][string]$NameServers,
  # Marks our rules, so that down and crash recovery remove exactly these.
  [Parameter(Mandatory = $true)][ValidatePattern('^HomeOffice Connect [a-z0-9]+$')][string]$Comment
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  if ($Result -eq 'failed') { exit 1 } else { exit 0 }
}
$servers = @($NameServers.Split(','))
foreach ($s in $servers) {
  $parsed = $null
  if (-not [System.Net.IPAddress]::TryParse($s, [ref]$parsed)) { Out-Result 'failed' @{ message = "not an IP address: $s" } }
}
try {
  Add-DnsClientNrptRule -Namespace @($Namespace.Split(',')) -NameServers $servers -Comment $Comment -DisplayName $Comment | Out-Null
  Clear-DnsClientCache
  Out-Result 'added'
} catch {
  Out-Result 'failed' @{ message = $_.Exception.Message }
}
