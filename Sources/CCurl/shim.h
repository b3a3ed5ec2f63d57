#include <curl/curl.h>
/* curl_easy_setopt/getinfo are C variadics, which Swift cannot call. */
static inline CURLcode cx_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode cx_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode cx_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode cx_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode cx_setopt_writefn(CURL *h, curl_write_callback cb) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb); }
static inline CURLcode cx_setopt_headerfn(CURL *h, curl_write_callback cb) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb); }
static inline CURLcode cx_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode cx_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
/* CURLVERSION_NOW is a macro alias, which Swift does not import. */
static inline curl_version_info_data *cx_version_info(void) { return curl_version_info(CURLVERSION_NOW); }
static inline CURLcode cx_setopt_readfn(CURL *h, curl_read_callback cb) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb); }
static inline CURLcode cx_setopt_headerdata(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_HEADERDATA, v); }
static inline CURLcode cx_setopt_writedata(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_WRITEDATA, v); }
static inline CURLcode cx_setopt_readdata(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_READDATA, v); }
static inline CURLcode cx_setopt_errorbuffer(CURL *h, char *v) { return curl_easy_setopt(h, CURLOPT_ERRORBUFFER, v); }
static inline CURLcode cx_setopt_seekfn(CURL *h, curl_seek_callback cb) { return curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, cb); }
static inline CURLcode cx_setopt_seekdata(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_SEEKDATA, v); }
