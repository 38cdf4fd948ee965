# Prints the Windows test page on one printer: {"result":"sent|failed","job":"...","message":"..."}.
param([Parameter(Mandatory = $true)][ValidatePattern('^([A-Za-z0-9][A-Za-z0-9._-]{0,126}|\\\\[A-Za-z0-9.-]+\\[A-Za-z0-9_~.-]+)$')][string]$Name)
$ErrorActionPreference = 'Stop'
try {
  $printer = Get-CimInstance -ClassName Win32_Printer -Filter ("Name='" + $Name.Replace('\', '\\') + "'")
  if (-not $printer) { throw "printer not found" }
  $r = Invoke-CimMethod -InputObject $printer -MethodName PrintTestPage
  if ($r.ReturnValue -ne 0) { throw "PrintTestPage returned $($r.ReturnValue)" }
  [Console]::Out.WriteLine((@{ result = 'sent'; job = $Name } | ConvertTo-Json -Compress))
} catch {
  [Console]::Out.WriteLine((@{ result = 'failed'; message = $_.Exception.Message } | ConvertTo-Json -Compress))
}
