#ifndef BOTRUNTIME_PEERCRED_H
#define BOTRUNTIME_PEERCRED_H

/// The uid and pid of the process at the other end of a connected Unix socket
/// (SO_PEERCRED). Returns 0 on success, -1 with errno set otherwise.
int botruntime_peer_credentials(int fd, unsigned int *uid, int *pid);

/// `struct ucred` with the same layout, for reading SO_PEERCRED through an API that takes
/// the option's level, name and value type (SwiftNIO's socket option provider).
typedef struct {
    int pid;
    unsigned int uid;
    unsigned int gid;
} botruntime_ucred;

/// SOL_SOCKET and SO_PEERCRED, which Swift's Glibc module does not import (GNU extensions).
int botruntime_sol_socket(void);
int botruntime_so_peercred(void);

#endif
