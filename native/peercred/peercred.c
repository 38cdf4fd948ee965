/*
 * peerCredentials(fd) -> { pid, uid, gid, groups }: who is at the other end of
 * an accepted Unix stream socket, as the kernel recorded it when the peer
 * called connect(). Nothing is parsed from text and nothing is read from
 * /proc. Any failure throws (code EPEERCRED); the caller refuses the peer.
 *
 * Linux: getsockopt SO_PEERCRED (struct ucred: pid, uid, gid) and
 *   SO_PEERGROUPS (the peer's supplementary groups, Linux >= 4.13), see
 *   socket(7) and unix(7).
 * macOS: getsockopt SOL_LOCAL LOCAL_PEERCRED (struct xucred: effective uid and
 *   up to NGROUPS groups, the first being the effective gid) and
 *   LOCAL_PEERPID, see unix(4). Compile-guarded; not built on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>
#include <node_api.h>

#if defined(__APPLE__)
#include <sys/param.h> /* NGROUPS */
#include <sys/ucred.h> /* struct xucred, XUCRED_VERSION */
#endif

#define MAX_GROUPS 65536 /* NGROUPS_MAX on Linux */

typedef struct {
  int64_t pid;
  int64_t uid;
  int64_t gid;
  uint32_t ngroups;
  uint32_t *groups; /* malloc'd, owned by the caller */
} peer_cred;

/* Throws a JS Error with code EPEERCRED and a message naming the step. */
static napi_value fail(napi_env env, const char *step, int err) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", step, err ? strerror(err) : "unexpected answer");
  napi_throw_error(env, "EPEERCRED", msg);
  return NULL;
}

/* Only an AF_UNIX stream socket has peer credentials worth trusting. */
static int is_unix_stream(int fd, int *err) {
  struct sockaddr_storage addr;
  socklen_t len = sizeof addr;
  memset(&addr, 0, sizeof addr);
  if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    *err = errno;
    return 0;
  }
  int type = 0;
  socklen_t tlen = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) != 0) {
    *err = errno;
    return 0;
  }
  *err = 0;
  return addr.ss_family == AF_UNIX && type == SOCK_STREAM;
}

#if defined(__linux__)
static const char *read_peer(int fd, peer_cred *out, int *err) {
  struct ucred cred;
  socklen_t len = sizeof cred;
  memset(&cred, 0, sizeof cred);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    *err = errno;
    return "SO_PEERCRED";
  }
  /* No peer (not connected): the kernel answers pid 0, uid/gid -1. */
  if (len != sizeof cred || cred.pid <= 0 || cred.uid == (uid_t)-1 || cred.gid == (gid_t)-1) {
    *err = 0;
    return "SO_PEERCRED";
  }
  out->pid = cred.pid;
  out->uid = cred.uid;
  out->gid = cred.gid;

  /* SO_PEERGROUPS answers ERANGE with the needed length when the buffer is too small. */
  socklen_t glen = 64 * sizeof(gid_t);
  for (int attempt = 0; attempt < 3; attempt++) {
    gid_t *buf = malloc(glen ? glen : sizeof(gid_t));
    if (!buf) {
      *err = ENOMEM;
      return "SO_PEERGROUPS";
    }
    socklen_t got = glen;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, buf, &got) == 0) {
      if (got % sizeof(gid_t) != 0 || got / sizeof(gid_t) > MAX_GROUPS) {
        free(buf);
        *err = 0;
        return "SO_PEERGROUPS";
      }
      out->ngroups = got / sizeof(gid_t);
      out->groups = malloc((out->ngroups ? out->ngroups : 1) * sizeof(uint32_t));
      if (!out->groups) {
        free(buf);
        *err = ENOMEM;
        return "SO_PEERGROUPS";
      }
      for (uint32_t i = 0; i < out->ngroups; i++) out->groups[i] = buf[i];
      free(buf);
      return NULL;
    }
    int e = errno;
    free(buf);
    if (e != ERANGE || got <= glen || got / sizeof(gid_t) > MAX_GROUPS) {
      *err = e;
      return "SO_PEERGROUPS";
    }
    glen = got;
  }
  *err = ERANGE;
  return "SO_PEERGROUPS";
}
#elif defined(__APPLE__)
static const char *read_peer(int fd, peer_cred *out, int *err) {
  struct xucred cred;
  socklen_t len = sizeof cred;
  memset(&cred, 0, sizeof cred);
  if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERCRED, &cred, &len) != 0) {
    *err = errno;
    return "LOCAL_PEERCRED";
  }
  if (len != sizeof cred || cred.cr_version != XUCRED_VERSION || cred.cr_ngroups < 1 || cred.cr_ngroups > NGROUPS) {
    *err = 0;
    return "LOCAL_PEERCRED";
  }
  pid_t pid = 0;
  socklen_t plen = sizeof pid;
  if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, &pid, &plen) != 0) {
    *err = errno;
    return "LOCAL_PEERPID";
  }
  if (pid <= 0) {
    *err = 0;
    return "LOCAL_PEERPID";
  }
  out->pid = pid;
  out->uid = cred.cr_uid;
  out->gid = cred.cr_groups[0]; /* the effective gid (unix(4)) */
  out->ngroups = (uint32_t)cred.cr_ngroups;
  out->groups = malloc(out->ngroups * sizeof(uint32_t));
  if (!out->groups) {
    *err = ENOMEM;
    return "LOCAL_PEERCRED";
  }
  for (uint32_t i = 0; i < out->ngroups; i++) out->groups[i] = cred.cr_groups[i];
  return NULL;
}
#else
static const char *read_peer(int fd, peer_cred *out, int *err) {
  (void)fd;
  (void)out;
  *err = ENOSYS;
  return "peer credentials on this platform";
}
#endif

static napi_value peer_credentials(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1) return fail(env, "arguments", EINVAL);
  int32_t fd = -1;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return fail(env, "fd", EBADF);

  int err = 0;
  if (!is_unix_stream(fd, &err)) return fail(env, "not a Unix stream socket", err);

  peer_cred cred;
  memset(&cred, 0, sizeof cred);
  const char *step = read_peer(fd, &cred, &err);
  if (step) {
    free(cred.groups);
    return fail(env, step, err);
  }

  napi_value result, value, groups;
  napi_status ok = napi_create_object(env, &result);
  ok = ok == napi_ok ? napi_create_int64(env, cred.pid, &value) : ok;
  ok = ok == napi_ok ? napi_set_named_property(env, result, "pid", value) : ok;
  ok = ok == napi_ok ? napi_create_int64(env, cred.uid, &value) : ok;
  ok = ok == napi_ok ? napi_set_named_property(env, result, "uid", value) : ok;
  ok = ok == napi_ok ? napi_create_int64(env, cred.gid, &value) : ok;
  ok = ok == napi_ok ? napi_set_named_property(env, result, "gid", value) : ok;
  ok = ok == napi_ok ? napi_create_array_with_length(env, cred.ngroups, &groups) : ok;
  for (uint32_t i = 0; ok == napi_ok && i < cred.ngroups; i++) {
    ok = napi_create_uint32(env, cred.groups[i], &value);
    ok = ok == napi_ok ? napi_set_element(env, groups, i, value) : ok;
  }
  ok = ok == napi_ok ? napi_set_named_property(env, result, "groups", groups) : ok;
  free(cred.groups);
  if (ok != napi_ok) return fail(env, "building the answer", 0);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "peerCredentials", NAPI_AUTO_LENGTH, peer_credentials, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "peerCredentials", fn) != napi_ok) return NULL;
  return exports;
}
