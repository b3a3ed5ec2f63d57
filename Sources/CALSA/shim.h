#include <alsa/asoundlib.h>
/* libasound prints its own errors to stderr (and so into journald) before returning them; the
   agent reports each failure once, with snd_strerror, in its own words. The handler is a C
   variadic, which Swift cannot write. */
static void sba_alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}
static inline void sba_alsa_quiet_errors(void) { snd_lib_error_set_handler(sba_alsa_silent); }
