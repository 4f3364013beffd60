#define _GNU_SOURCE
#include <unistd.h>
#include "csyscall.h"

int mlx_syncfs(int fd) { return syncfs(fd); }
