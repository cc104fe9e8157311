// struct ucred and SO_PEERCRED are GNU extensions: Swift's Glibc module does not import them.
#define _GNU_SOURCE
#include <sys/socket.h>
#include <assert.h>
#include "peercred.h"

static_assert(sizeof(botruntime_ucred) == sizeof(struct ucred), "botruntime_ucred mirrors struct ucred");

int botruntime_peer_credentials(int fd, unsigned int *uid, int *pid) {
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *uid = cred.uid;
    *pid = cred.pid;
    return 0;
}

int botruntime_sol_socket(void) { return SOL_SOCKET; }
int botruntime_so_peercred(void) { return SO_PEERCRED; }
