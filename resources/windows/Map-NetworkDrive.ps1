# Maps a network drive in the user's own session. HomeOffice Connect calls it as
#   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File Map-NetworkDrive.ps1 -Letter P -RemotePath \\host\share -UserName DOMAIN\user
# with the password as one line on stdin (never in argv): [Console]::In is this process's
# standard input, which only the parent that started it can write
#   https://learn.microsoft.com/en-us/dotnet/api/system.console.in
#   https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_powershell_exe
# Prints one JSON object:
#   {"result":"mapped|reused|letter-in-use|local-device|other-user|auth-failed|not-found|failed","remotePath":"...","error":N,"message":"..."}
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^[D-Z]$')][string]$Letter,
  [Parameter(Mandatory = $true)][ValidatePattern('^\\\\[A-Za-z0-9.-]+(\\[\p{L}\p{Nd}_$-]([\p{L}\p{Nd} _.$-]{0,78}[\p{L}\p{Nd}_$-])?)+$')][string]$RemotePath,
  [Parameter(Mandatory = $true)][ValidatePattern('^[^\s/@%:*?"<>|\[\]=,;+]{1,64}(\\[^\s/@%:*?"<>|\[\]=,;+\\]{1,64})?$')][string]$UserName
)
$ErrorActionPreference = 'Stop'
function Out-Result([string]$Result, [hashtable]$Extra = @{}) {
  $o = @{ result = $Result } + $Extra
  [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress))
  exit 0
}
function Result-ForError([int]$Code, [string]$Message) {
  switch ($Code) {
    85 { Out-Result 'local-device' @{ error = 85; message = $Message } }
    1219 { Out-Result 'other-user' @{ error = 1219; message = $Message } }
    1326 { Out-Result 'auth-failed' @{ error = 1326; message = $Message } }
    86 { Out-Result 'auth-failed' @{ error = 86; message = $Message } }
    67 { Out-Result 'not-found' @{ error = 67; message = $Message } }
    53 { Out-Result 'not-found' @{ error = 53; message = $Message } }
    default { Out-Result 'failed' @{ error = $Code; message = $Message } }
  }
}
$password = [Console]::In.ReadLine()
if ([string]::IsNullOrEmpty($password)) { Out-Result 'failed' @{ message = 'no password on stdin' } }
$local = "${Letter}:"

# The letter already taken: by the same share (reuse, not ours to record), another share, or a local device.
$existing = $null
try { $existing = Get-SmbMapping -LocalPath $local -ErrorAction SilentlyContinue } catch { $existing = $null }
if ($existing) {
  if ($existing.RemotePath -ieq $RemotePath) { Out-Result 'reused' @{ remotePath = $existing.RemotePath } }
  Out-Result 'letter-in-use' @{ remotePath = $existing.RemotePath }
}
if (Test-Path -LiteralPath "${local}\") { Out-Result 'local-device' @{ error = 85; message = "$local exists on this computer" } }

if (Get-Command New-SmbMapping -ErrorAction SilentlyContinue) {
  try {
    New-SmbMapping -LocalPath $local -RemotePath $RemotePath -UserName $UserName -Password $password -Persistent $false | Out-Null
    Out-Result 'mapped' @{ remotePath = $RemotePath }
  } catch {
    $code = 0
    $hr = $_.Exception.HResult
    if ($_.Exception.PSObject.Properties['NativeErrorCode']) { $code = [int]$_.Exception.NativeErrorCode }
    elseif ($_.FullyQualifiedErrorId -match 'Windows System Error (\d+)') { $code = [int]$Matches[1] }
    elseif ($_.Exception.Message -match '\b(85|1219|1326|86|67|53)\b') { $code = [int]$Matches[1] }
    elseif ($hr) { $code = $hr -band 0xFFFF }
    Result-ForError $code $_.Exception.Message
  }
}

# Fallback (no SmbShare module): WNetAddConnection2W from mpr.dll, called through a small
# C# class that Add-Type compiles in this process. The password stays a method argument in
# this process: no net.exe, no child process whose command line could hold it (process
# creation auditing, event 4688, and EDR tools record command lines).
#   https://learn.microsoft.com/en-us/windows/win32/api/winnetwk/nf-winnetwk-wnetaddconnection2w
#   https://learn.microsoft.com/en-us/windows/win32/api/winnetwk/ns-winnetwk-netresourcew
#   https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/add-type
# Flags 0: the mapping is not remembered for the next logon (no CONNECT_UPDATE_PROFILE),
# as New-SmbMapping -Persistent $false above. The return value is the Win32 error code.
# Where policy forbids compiling (Constrained Language Mode, AppLocker), say so instead of mapping.
try {
Add-Type -TypeDefinition @'
using System.Runtime.InteropServices;

namespace HomeOfficeConnect
{
    public static class NetworkDrive
    {
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private class NetResource
        {
            public int Scope = 0;
            public int Type = 1; // RESOURCETYPE_DISK
            public int DisplayType = 0;
            public int Usage = 0;
            public string LocalName;
            public string RemoteName;
            public string Comment;
            public string Provider;
        }

        [DllImport("mpr.dll", CharSet = CharSet.Unicode, EntryPoint = "WNetAddConnection2W")]
        private static extern int WNetAddConnection2(NetResource netResource, string password, string userName, int flags);

        public static int Map(string localName, string remoteName, string userName, string password)
        {
            NetResource resource = new NetResource();
            resource.LocalName = localName;
            resource.RemoteName = remoteName;
            return WNetAddConnection2(resource, password, userName, 0);
        }
    }
}
'@
} catch {
  Out-Result 'failed' @{ message = "Add-Type: $($_.Exception.Message)" }
}
$code = [HomeOfficeConnect.NetworkDrive]::Map($local, $RemotePath, $UserName, $password)
if ($code -eq 0) { Out-Result 'mapped' @{ remotePath = $RemotePath } }
$message = (New-Object System.ComponentModel.Win32Exception -ArgumentList $code).Message
Result-ForError $code $message
