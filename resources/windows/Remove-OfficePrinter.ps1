# Run by the helper (SYSTEM) for a printer it added: removes the queue, then its port when no
# other queue uses it. Exit code 0 when the queue is gone.
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$')][string]$Name)
$ErrorActionPreference = 'Stop'
$p = Get-Printer -Name $Name -ErrorAction SilentlyContinue
if (-not $p) { [Console]::Out.WriteLine('{"result":"absent"}'); exit 0 }
try {
  Remove-Printer -Name $Name
  if (-not (Get-Printer | Where-Object { $_.PortName -eq $p.PortName })) { Remove-PrinterPort -Name $p.PortName -ErrorAction SilentlyContinue }
  [Console]::Out.WriteLine('{"result":"removed"}'); exit 0
} catch {
  [Console]::Out.WriteLine((@{ result = 'failed'; message = $_.Exception.Message } | ConvertTo-Json -Compress)); exit 1
}
