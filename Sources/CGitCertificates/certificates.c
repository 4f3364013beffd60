/*
 * Puts off libgit2's parsing of the system's certificate authorities until a fetch needs it.
 *
 * Why: Debian's libgit2 (mbedTLS build) parses the whole CA bundle, some 140 PEM certificates,
 * in git_libgit2_init. Measured here: git_libgit2_init alone takes 15.9 ms of CPU against
 * 0.95 ms for an empty program linked with libgit2 (perf: base64 decoding in libmbedcrypto),
 * which was half of every `mlx status`. Only registry fetches over HTTPS use them.
 *
 * How: libgit2 calls mbedtls_x509_crt_parse_file / _parse_path from libmbedx509; this
 * executable defines both, and the dynamic linker binds libgit2's calls to the executable's
 * definitions first. Until mlx_git_load_certificates is called they parse nothing and report
 * success, leaving libgit2 an empty certificate chain; libgit2 then refuses every server
 * certificate (it fails closed, never open). mlx_git_load_certificates hands the kept location
 * to git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS), whose calls reach the real functions
 * (dlsym RTLD_NEXT). Were the definitions ever not bound (another linker), libgit2 would just
 * load the bundle at init as before.
 */
#define _GNU_SOURCE
#include "cgitcertificates.h"

#include <dlfcn.h>
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int loading;     /* 1 once mlx_git_load_certificates has run */
static atomic_int real_loads;
static char *deferred_file, *deferred_folder;
static pthread_mutex_t deferred_lock = PTHREAD_MUTEX_INITIALIZER;

typedef int (*parse_function)(void *chain, const char *location);

static int forward(const char *name, void *chain, const char *location) {
    parse_function real = (parse_function)dlsym(RTLD_NEXT, name);
    if (real == NULL) return -1;
    atomic_fetch_add(&real_loads, 1);
    return real(chain, location);
}

static int defer(char **kept, const char *location) {
    pthread_mutex_lock(&deferred_lock);
    if (*kept == NULL && location != NULL) *kept = strdup(location);
    pthread_mutex_unlock(&deferred_lock);
    return 0;
}

/* The chain is an mbedtls_x509_crt; its layout does not matter here. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&loading)) return forward("mbedtls_x509_crt_parse_file", chain, path);
    return defer(&deferred_file, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (atomic_load(&loading)) return forward("mbedtls_x509_crt_parse_path", chain, path);
    return defer(&deferred_folder, path);
}

int mlx_git_certificates_deferred(void) {
    pthread_mutex_lock(&deferred_lock);
    int deferred = deferred_file != NULL || deferred_folder != NULL;
    pthread_mutex_unlock(&deferred_lock);
    return deferred;
}

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_result;

static void load(void) {
    atomic_store(&loading, 1);
    pthread_mutex_lock(&deferred_lock);
    const char *file = deferred_file, *folder = deferred_folder;
    pthread_mutex_unlock(&deferred_lock);
    if (file == NULL && folder == NULL) return; /* nothing was put off: libgit2 loaded them itself */
    load_result = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, folder);
}

int mlx_git_load_certificates(void) {
    pthread_once(&load_once, load);
    return load_result;
}

int mlx_git_certificate_loads(void) {
    return atomic_load(&real_loads);
}
