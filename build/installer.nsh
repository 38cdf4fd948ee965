; HomeOffice Connect — NSIS hooks (electron-builder `nsis.include`), per-machine install.
; - refuses to install without WireGuard for Windows (or installs it from the MSI that IT put
;   beside the installer), with a message and the download link;
; - creates the group the helper serves and puts the person who will use the app into it;
; - installs the helper as a real Windows service through WinSW (build/windows/hoc-helper-service.xml);
; - protects the helper's data folders (SYSTEM and Administrators only) and puts `hoc` on the PATH.
; The uninstaller undoes all of it. Every program is called by its absolute path with its
; arguments quoted one by one — no cmd.exe; PowerShell only with -File on a shipped script.
; Silent install for IT: Setup.exe /S /HOCUSER=anna (or DOMAIN\anna).
; Programs and their documentation:
;   WinSW install|start|stop|uninstall: https://github.com/winsw/winsw/blob/v2.12.0/doc/cliCommands.md
;   net localgroup: https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/cc725622(v=ws.11)
;   icacls: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/icacls
;   msiexec /i /qn, DO_NOT_LAUNCH: https://github.com/WireGuard/wireguard-windows/blob/master/docs/enterprise.md
;   wireguard.exe /uninstalltunnelservice: same document.

!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"

!define HOC_SERVICE "HomeOfficeConnectHelper"
!define HOC_GROUP "HomeOffice Connect Users"
!define HOC_WINSW "$INSTDIR\resources\hoc-helper-service.exe"
!define HOC_WIREGUARD "$PROGRAMFILES64\WireGuard\wireguard.exe"
!define HOC_WIREGUARD_MSI "$EXEDIR\wireguard-amd64.msi"
!define HOC_WIREGUARD_URL "https://www.wireguard.com/install/"
!define HOC_POWERSHELL "$WINDIR\System32\WindowsPowerShell\v1.0\powershell.exe"
!define HOC_SCRIPTS "$INSTDIR\resources\windows"
!define HOC_NRPT_COMMENT "HomeOffice Connect hoc0"

!macro customInit
  ; No tunnel without WireGuard for Windows: install it from the MSI beside the installer, or stop here.
  ${IfNot} ${FileExists} "${HOC_WIREGUARD}"
  ${AndIf} ${FileExists} "${HOC_WIREGUARD_MSI}"
    nsExec::ExecToLog '"$SYSDIR\msiexec.exe" /i "${HOC_WIREGUARD_MSI}" /qn DO_NOT_LAUNCH=1'
    Pop $0
  ${EndIf}
  ${IfNot} ${FileExists} "${HOC_WIREGUARD}"
    MessageBox MB_OK|MB_ICONSTOP "HomeOffice Connect braucht WireGuard für Windows. Bitte installieren Sie es zuerst (${HOC_WIREGUARD_URL}) und starten Sie dann diese Installation erneut.$\r$\n$\r$\nHomeOffice Connect needs WireGuard for Windows. Please install it first (${HOC_WIREGUARD_URL}), then run this installer again." /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
!macroend

!ifndef BUILD_UNINSTALLER
; The person who will use the app: /HOCUSER=NAME, else the user running the installer.
Function hocGrantUser
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/HOCUSER=" $R1
  ${If} ${Errors}
  ${OrIf} $R1 == ""
    ReadEnvStr $R1 USERNAME
  ${EndIf}
  ; A quote would end the argument: such a name is no Windows account name anyway.
  ${WordFind} "$R1" '"' "E+1{" $R2
  ${IfNot} ${Errors}
    MessageBox MB_OK|MB_ICONEXCLAMATION "Ungültiger Benutzername / invalid user name: $R1" /SD IDOK
    Return
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\net.exe" localgroup "${HOC_GROUP}" "$R1" /add'
  Pop $0
  ; 0: added; 2 with "1378": already a member. Either way the user may use the helper after signing in again.
  DetailPrint "${HOC_GROUP}: $R1 (net localgroup: $0)"
FunctionEnd
!endif

!macro customInstall
  ReadEnvStr $R9 PROGRAMDATA
  ; The helper's data: the tunnel key, its secret and the installed signed profiles (with their
  ; WireGuard keys). SYSTEM and Administrators only: the ACL below is set on the parent without
  ; inheritance from ProgramData (which lets Users read) and is inherited by every folder in it
  ; (OI)(CI); the endpoint file gets its own ACL for the group from the helper.
  CreateDirectory "$R9\HomeOffice Connect\tunnels"
  CreateDirectory "$R9\HomeOffice Connect\profiles"
  CreateDirectory "$R9\HomeOffice Connect\helper"
  CreateDirectory "$R9\HomeOffice Connect\printers"
  CreateDirectory "$R9\HomeOffice Connect\logs"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$R9\HomeOffice Connect" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F'
  Pop $0
  ; The group the helper serves; kept when it already exists.
  nsExec::ExecToLog '"$SYSDIR\net.exe" localgroup "${HOC_GROUP}" /add /comment:"May use the HomeOffice Connect helper"'
  Pop $0
  Call hocGrantUser
  ; A service of an earlier version (sc.exe-registered) is removed, never left running an old binary.
  nsExec::ExecToLog '"$SYSDIR\sc.exe" stop "${HOC_SERVICE}"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\sc.exe" delete "${HOC_SERVICE}"'
  Pop $0
  ; WinSW registers itself with the Service Control Manager and runs hoc-helper.exe as LocalSystem.
  nsExec::ExecToLog '"${HOC_WINSW}" install'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "Der HomeOffice-Connect-Dienst konnte nicht eingerichtet werden / the HomeOffice Connect service could not be installed (WinSW install: $0)." /SD IDOK
    SetErrorLevel 4
  ${EndIf}
  nsExec::ExecToLog '"${HOC_WINSW}" start'
  Pop $0
  ; `hoc` on the PATH for IT support on the phone.
  nsExec::ExecToLog '"${HOC_POWERSHELL}" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${HOC_SCRIPTS}\Set-MachinePath.ps1" -Action Add -Directory "$INSTDIR\resources\bin"'
  Pop $0
  ; hoc:// links open the import screen (per machine; the app never registers itself).
  WriteRegStr HKLM "Software\Classes\hoc" "" "URL:HomeOffice Connect"
  WriteRegStr HKLM "Software\Classes\hoc" "URL Protocol" ""
  WriteRegStr HKLM "Software\Classes\hoc\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKLM "Software\Classes\hoc\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  ; The helper stops; on an update the tunnel stays up and the new helper adopts it.
  nsExec::ExecToLog '"${HOC_WINSW}" stop'
  Pop $0
  nsExec::ExecToLog '"${HOC_WINSW}" uninstall'
  Pop $0
  DeleteRegKey HKLM "Software\Classes\hoc"
  ${IfNot} ${isUpdated}
    ; Removed for good: nothing of the tunnel may stay (its service would come back at boot).
    nsExec::ExecToLog '"${HOC_WIREGUARD}" /uninstalltunnelservice hoc0'
    Pop $0
    nsExec::ExecToLog '"${HOC_POWERSHELL}" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${HOC_SCRIPTS}\Remove-OfficeDnsRules.ps1" -Comment "${HOC_NRPT_COMMENT}"'
    Pop $0
    ReadEnvStr $R9 PROGRAMDATA
    RMDir /r "$R9\HomeOffice Connect\tunnels"
    RMDir /r "$R9\HomeOffice Connect\helper"
    ; The installed profiles hold the employees' WireGuard keys: gone with the product (kept on an update).
    RMDir /r "$R9\HomeOffice Connect\profiles"
    nsExec::ExecToLog '"${HOC_POWERSHELL}" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${HOC_SCRIPTS}\Set-MachinePath.ps1" -Action Remove -Directory "$INSTDIR\resources\bin"'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\net.exe" localgroup "${HOC_GROUP}" /delete'
    Pop $0
  ${EndIf}
!macroend
