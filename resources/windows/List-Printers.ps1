# Lists printer queues: {"printers":[{"name":"...","uri":"<port name>"}]}.
$ErrorActionPreference = 'Stop'
$list = @()
foreach ($p in Get-Printer) { $list += @{ name = $p.Name; uri = [string]$p.PortName } }
[Console]::Out.WriteLine((@{ printers = $list } | ConvertTo-Json -Compress -Depth 3))
