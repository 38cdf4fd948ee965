# The helper's one native part: the caller's identity from the kernel
# (SO_PEERCRED / SO_PEERGROUPS on Linux, LOCAL_PEERCRED / LOCAL_PEERPID on
# macOS). Plain C against Node-API, so one build serves every Node version
# with that Node-API level. Built by scripts/build.mjs (target `addon`).
{
  "targets": [
    {
      "target_name": "hoc_peercred",
      "sources": ["peercred.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-std=c11"],
      "xcode_settings": { "OTHER_CFLAGS": ["-Wall", "-Wextra", "-Werror", "-std=c11"] }
    }
  ]
}
