/*
 * The libcurl functions mlx calls, loaded with dlopen on first use instead of linked.
 *
 * Why: libcurl.so.4 pulls in some thirty libraries (GnuTLS, Kerberos, LDAP, libssh2, ...).
 * Measured here, an empty C program linked with -lcurl takes 7.1 ms of CPU to start against
 * 0.7 ms without it, which was half of `mlx version` and of every command that never talks to a
 * network remote (status, repro, add ...). Only remotes that speak HTTP or SSH load it now.
 *
 * Each function below has libcurl's own name and signature (from <curl/curl.h>), so callers are
 * written as against libcurl itself; the first call resolves the whole table once.
 */
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLcode (*easy_pause)(CURL *, int);
    const char *(*easy_strerror)(CURLcode);
    char *(*easy_escape)(CURL *, const char *, int);
    void (*free)(void *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    curl_version_info_data *(*version_info)(CURLversion);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static char load_error[512];

static void *resolve(void *library, const char *name, int *missing) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && !*missing) {
        *missing = 1;
        snprintf(load_error, sizeof load_error, "libcurl.so.4 lacks %s", name);
    }
    return symbol;
}

static void load(void) {
    /* RTLD_LOCAL: libcurl's symbols stay out of the global namespace, so the definitions in
       this file are never confused with the library's own. */
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libcurl.so.4: cannot be loaded");
        return;
    }
    int missing = 0;
    api.global_init = resolve(library, "curl_global_init", &missing);
    api.easy_init = resolve(library, "curl_easy_init", &missing);
    api.easy_cleanup = resolve(library, "curl_easy_cleanup", &missing);
    api.easy_reset = resolve(library, "curl_easy_reset", &missing);
    api.easy_perform = resolve(library, "curl_easy_perform", &missing);
    api.easy_setopt = resolve(library, "curl_easy_setopt", &missing);
    api.easy_getinfo = resolve(library, "curl_easy_getinfo", &missing);
    api.easy_pause = resolve(library, "curl_easy_pause", &missing);
    api.easy_strerror = resolve(library, "curl_easy_strerror", &missing);
    api.easy_escape = resolve(library, "curl_easy_escape", &missing);
    api.free = resolve(library, "curl_free", &missing);
    api.slist_append = resolve(library, "curl_slist_append", &missing);
    api.slist_free_all = resolve(library, "curl_slist_free_all", &missing);
    api.version_info = resolve(library, "curl_version_info", &missing);
    loaded = !missing;
}

const char *mlx_curl_load(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : load_error;
}

/* Past this point the table is complete: every caller reaches these functions only after
   CurlLibrary has called mlx_curl_load() and seen it succeed. The global-init and version calls
   are the ways in, so they check for themselves. */

CURLcode curl_global_init(long flags) {
    return mlx_curl_load() == NULL ? api.global_init(flags) : CURLE_FAILED_INIT;
}

curl_version_info_data *curl_version_info(CURLversion age) {
    return mlx_curl_load() == NULL ? api.version_info(age) : NULL;
}

CURL *curl_easy_init(void) { return api.easy_init(); }
void curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void curl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
CURLcode curl_easy_pause(CURL *handle, int bitmask) { return api.easy_pause(handle, bitmask); }
const char *curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
char *curl_easy_escape(CURL *handle, const char *string, int length) { return api.easy_escape(handle, string, length); }
void curl_free(void *pointer) { api.free(pointer); }
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *string) { return api.slist_append(list, string); }
void curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

/* setopt and getinfo take one argument after the option: a long, a curl_off_t, an object
   pointer or a function pointer (curl_easy_setopt(3)). On the LP64 targets mlx builds for
   (x86-64 and arm64 Linux) each is one 64-bit integer-class value passed the same way, so the
   value is forwarded as it came. */
_Static_assert(sizeof(long) == sizeof(void *) && sizeof(curl_off_t) == sizeof(void *),
               "curl_easy_setopt forwarding assumes an LP64 target");

CURLcode curl_easy_setopt(CURL *handle, CURLoption option, ...) {
    va_list arguments;
    va_start(arguments, option);
    void *value = va_arg(arguments, void *);
    va_end(arguments);
    return api.easy_setopt(handle, option, value);
}

CURLcode curl_easy_getinfo(CURL *handle, CURLINFO info, ...) {
    va_list arguments;
    va_start(arguments, info);
    void *destination = va_arg(arguments, void *);
    va_end(arguments);
    return api.easy_getinfo(handle, info, destination);
}
