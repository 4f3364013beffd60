#define _GNU_SOURCE
#include <unistd.h>
#include <sys/ioctl.h>
#include "csyscall.h"

int mlx_syncfs(int fd) { return syncfs(fd); }

int mlx_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
