// struct ucred and SO_PEERCRED are GNU extensions: Swift's Glibc module does not import them.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "peercred.h"

int botruntime_peer_credentials(int fd, unsigned int *uid, int *pid) {
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *uid = cred.uid;
    *pid = cred.pid;
    return 0;
}
