#ifndef MLX_CCURL_SHIM_H
#define MLX_CCURL_SHIM_H
#include <curl/curl.h>

/* Loads libcurl (dlopen) the first time; later calls only report the first outcome.
   Returns NULL when every function mlx uses is there, otherwise why not (dlerror's text). */
const char *mlx_curl_load(void);

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
   wrapper per argument type. */
static inline CURLcode mlx_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode mlx_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode mlx_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode mlx_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode mlx_curl_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*mlx_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode mlx_curl_setopt_data_callback(CURL *h, CURLoption o, mlx_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
typedef int (*mlx_curl_seek_callback)(void *, curl_off_t, int);
static inline CURLcode mlx_curl_setopt_seek_callback(CURL *h, CURLoption o, mlx_curl_seek_callback v) { return curl_easy_setopt(h, o, v); }
typedef int (*mlx_curl_sshkey_callback)(CURL *, const struct curl_khkey *, const struct curl_khkey *, enum curl_khmatch, void *);
static inline CURLcode mlx_curl_setopt_sshkey_callback(CURL *h, CURLoption o, mlx_curl_sshkey_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode mlx_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode mlx_curl_getinfo_offset(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
/* CURLAUTH_* are casts of unsigned long that Swift does not import. */
static const long mlx_curlauth_basic = (long)CURLAUTH_BASIC;
static const long mlx_curlauth_digest = (long)CURLAUTH_DIGEST;
#endif
