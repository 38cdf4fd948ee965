; HomeOffice Connect — NSIS hooks (electron-builder `nsis.include`), per-machine install.
; Installs the privileged helper as a Windows service and the group whose members may use it;
; the uninstaller removes both again. Every program is called by its absolute path with its
; arguments quoted one by one — no cmd.exe, no command string built from user input.

!define HOC_SERVICE "HomeOfficeConnectHelper"
!define HOC_GROUP "HomeOffice Connect Users"
!define HOC_PIPE "\\.\pipe\homeoffice-connect-helper"

!macro customInstall
  ; The group the helper serves (peer check on the named pipe). Kept when it already exists.
  nsExec::ExecToLog '"$SYSDIR\net.exe" localgroup "${HOC_GROUP}" /add /comment:"May use the HomeOffice Connect helper"'
  Pop $0
  ; A previous version's service is replaced, never left running an old binary.
  nsExec::ExecToLog '"$SYSDIR\sc.exe" stop "${HOC_SERVICE}"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\sc.exe" delete "${HOC_SERVICE}"'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\sc.exe" create "${HOC_SERVICE}" binPath= "\"$INSTDIR\resources\hoc-helper.exe\" --socket ${HOC_PIPE} --group \"${HOC_GROUP}\"" start= auto obj= LocalSystem DisplayName= "HomeOffice Connect Helper"'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "The HomeOffice Connect helper service could not be installed (sc.exe create: $0)."
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\sc.exe" description "${HOC_SERVICE}" "Brings the HomeOffice Connect WireGuard tunnel up and down for members of ${HOC_GROUP}."'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\sc.exe" failure "${HOC_SERVICE}" reset= 86400 actions= restart/5000/restart/5000/none/0'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\sc.exe" start "${HOC_SERVICE}"'
  Pop $0
  ; hoc:// links open the import screen (per machine; the app never registers itself).
  WriteRegStr HKLM "Software\Classes\hoc" "" "URL:HomeOffice Connect"
  WriteRegStr HKLM "Software\Classes\hoc" "URL Protocol" ""
  WriteRegStr HKLM "Software\Classes\hoc\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKLM "Software\Classes\hoc\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  nsExec::ExecToLog '"$SYSDIR\sc.exe" stop "${HOC_SERVICE}"'
  Pop $0
  Sleep 1500
  nsExec::ExecToLog '"$SYSDIR\sc.exe" delete "${HOC_SERVICE}"'
  Pop $0
  DeleteRegKey HKLM "Software\Classes\hoc"
  ; An update runs the old uninstaller first: keep the group (and its members) then.
  ${IfNot} ${isUpdated}
    nsExec::ExecToLog '"$SYSDIR\net.exe" localgroup "${HOC_GROUP}" /delete'
    Pop $0
  ${EndIf}
!macroend
