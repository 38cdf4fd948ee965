# Run by the helper (SYSTEM): adds an office printer by IPP (Microsoft IPP Class Driver), LPD or
# raw socket. The port first (Add-PrinterPort), then the queue. Exit code 0 only when added.
# Prints {"result":"added|failed","message":"..."}.
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$')][string]$Name,
  [Parameter(Mandatory = $true)][ValidatePattern('^(ipp|ipps|lpd|socket)://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9_~.-]+)*/?$')][string]$Uri
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [int]$Code, [hashtable]$Extra = @{}) {
  [Console]::Out.WriteLine((@{ result = $Result } + $Extra | ConvertTo-Json -Compress))
  exit $Code
}
$u = [Uri]$Uri
try {
  switch ($u.Scheme) {
    { $_ -in 'ipp', 'ipps' } {
      # Windows addresses IPP printers by their http(s) URL on an Internet Port.
      $scheme = if ($u.Scheme -eq 'ipps') { 'https' } else { 'http' }
      $port = if ($u.IsDefaultPort -or $u.Port -lt 0) { 631 } else { $u.Port }
      $portName = "${scheme}://$($u.Host):$port$($u.AbsolutePath)"
      if (-not (Get-PrinterPort -Name $portName -ErrorAction SilentlyContinue)) { Add-PrinterPort -Name $portName }
      Add-Printer -Name $Name -PortName $portName -DriverName 'Microsoft IPP Class Driver'
    }
    'lpd' {
      $portName = "HOC_$($u.Host)_$($u.AbsolutePath.Trim('/'))"
      if (-not (Get-PrinterPort -Name $portName -ErrorAction SilentlyContinue)) {
        Add-PrinterPort -Name $portName -LprHostAddress $u.Host -LprQueueName $u.AbsolutePath.Trim('/') -LprByteCounting
      }
      Add-Printer -Name $Name -PortName $portName -DriverName 'Microsoft PS Class Driver'
    }
    'socket' {
      $port = if ($u.Port -gt 0) { $u.Port } else { 9100 }
      $portName = "HOC_$($u.Host)_$port"
      if (-not (Get-PrinterPort -Name $portName -ErrorAction SilentlyContinue)) {
        Add-PrinterPort -Name $portName -PrinterHostAddress $u.Host -PortNumber $port
      }
      Add-Printer -Name $Name -PortName $portName -DriverName 'Microsoft PS Class Driver'
    }
  }
  Out-Result 'added' 0
} catch {
  Out-Result 'failed' 1 @{ message = $_.Exception.Message }
}
