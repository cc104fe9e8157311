#ifndef BOTRUNTIME_PEERCRED_H
#define BOTRUNTIME_PEERCRED_H

/// The uid and pid of the process at the other end of a connected Unix socket
/// (SO_PEERCRED). Returns 0 on success, -1 with errno set otherwise.
int botruntime_peer_credentials(int fd, unsigned int *uid, int *pid);

#endif
