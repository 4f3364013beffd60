#ifndef MLX_CGITCERTIFICATES_H
#define MLX_CGITCERTIFICATES_H

/* libgit2's TLS certificate authorities, loaded when a network fetch needs them instead of at
 * git_libgit2_init (see certificates.c). */

/* Whether git_libgit2_init's load of the system's certificate authorities was put off (the
 * file or folder it named is kept for mlx_git_load_certificates). */
int mlx_git_certificates_deferred(void);

/* Loads the certificate authorities libgit2 would have loaded at init, once; later calls do
 * nothing. Returns 0, or libgit2's error code (its message is in git_error_last). */
int mlx_git_load_certificates(void);

/* How many certificate files or folders were parsed for real (tests). */
int mlx_git_certificate_loads(void);

#endif
