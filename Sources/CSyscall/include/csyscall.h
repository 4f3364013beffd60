#ifndef MLX_CSYSCALL_H
#define MLX_CSYSCALL_H
/* Linux calls that Swift's Glibc module does not declare (they need _GNU_SOURCE). */

/* syncfs(2): makes everything written to the file system holding fd durable. */
int mlx_syncfs(int fd);

/* ioctl(TIOCGWINSZ) (variadic, so Swift cannot call it): the terminal's columns at fd, 0 when unknown. */
int mlx_terminal_columns(int fd);

/* renameat2(RENAME_EXCHANGE): swaps the two paths atomically; both must exist. */
int mlx_rename_exchange(const char *from, const char *to);

/* sync_file_range(SYNC_FILE_RANGE_WRITE): starts writing the range's dirty pages out and returns;
   it makes nothing durable (no metadata, no cache flush), it only spreads the work of a later sync. */
int mlx_start_writeback(int fd, long long offset, long long length);

#endif
