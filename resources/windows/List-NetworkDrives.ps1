# Lists the user's drive mappings: {"drives":[{"letter":"P","remotePath":"\\\\host\\share","status":"OK"}]}.
$ErrorActionPreference = 'Stop'
$drives = @()
try {
  foreach ($m in Get-SmbMapping) {
    $drives += @{ letter = $m.LocalPath.TrimEnd(':'); remotePath = $m.RemotePath; status = [string]$m.Status }
  }
} catch { }
[Console]::Out.WriteLine((@{ drives = $drives } | ConvertTo-Json -Compress -Depth 3))
