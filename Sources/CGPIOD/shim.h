#include <gpiod.h>

/*
 * scanbridge's one face over libgpiod. Debian 12 ships the 1.6 API, Debian 13 and recent Yocto the
 * 2.x API; the two share almost no calls. Swift calls only the sbg_* functions below, and which
 * library API they use is decided here, at build time: GPIOD_LINE_BULK_MAX_LINES exists only in
 * the 1.x header (neither header has a version macro).
 *
 * Every function reports failure the C way (NULL or -1) with errno set by libgpiod or by us.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef GPIOD_LINE_BULK_MAX_LINES
#define SBG_GPIOD_API 1
#else
#define SBG_GPIOD_API 2
#endif

typedef struct sbg_chip {
    struct gpiod_chip *chip;
} sbg_chip;

typedef struct sbg_line {
#if SBG_GPIOD_API == 1
    struct gpiod_line *line;
#else
    struct gpiod_line_request *request;
#endif
    unsigned int offset;
} sbg_line;

static inline int sbg_api_major(void) { return SBG_GPIOD_API; }

static inline const char *sbg_library_version(void) {
#if SBG_GPIOD_API == 1
    return gpiod_version_string();
#else
    return gpiod_api_version();
#endif
}

/* Opens one chip by device path; label search is done by the caller over /dev/gpiochip*. */
static inline sbg_chip *sbg_chip_open_path(const char *path) {
    struct gpiod_chip *chip = gpiod_chip_open(path);
    if (!chip) return NULL;
    sbg_chip *handle = malloc(sizeof(*handle));
    if (!handle) { gpiod_chip_close(chip); errno = ENOMEM; return NULL; }
    handle->chip = chip;
    return handle;
}

static inline void sbg_chip_close(sbg_chip *handle) {
    if (!handle) return;
    gpiod_chip_close(handle->chip);
    free(handle);
}

/* Copies a C string into the caller's buffer; an empty string when the source is NULL. */
static inline void sbg_copy(char *buffer, size_t size, const char *source) {
    if (size == 0) return;
    if (!source) { buffer[0] = 0; return; }
    strncpy(buffer, source, size - 1);
    buffer[size - 1] = 0;
}

static inline int sbg_chip_label(sbg_chip *handle, char *buffer, size_t size) {
#if SBG_GPIOD_API == 1
    sbg_copy(buffer, size, gpiod_chip_label(handle->chip));
    return 0;
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle->chip);
    if (!info) return -1;
    sbg_copy(buffer, size, gpiod_chip_info_get_label(info));
    gpiod_chip_info_free(info);
    return 0;
#endif
}

static inline int sbg_chip_num_lines(sbg_chip *handle) {
#if SBG_GPIOD_API == 1
    return (int)gpiod_chip_num_lines(handle->chip);
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle->chip);
    if (!info) return -1;
    int count = (int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return count;
#endif
}

/* Line names are copied because their storage belongs to a v2 line-info object freed here. */
static inline int sbg_chip_line_name(sbg_chip *handle, unsigned int offset, char *buffer, size_t size) {
#if SBG_GPIOD_API == 1
    struct gpiod_line *line = gpiod_chip_get_line(handle->chip, offset);
    if (!line) return -1;
    sbg_copy(buffer, size, gpiod_line_name(line));
    return 0;
#else
    struct gpiod_line_info *info = gpiod_chip_get_line_info(handle->chip, offset);
    if (!info) return -1;
    sbg_copy(buffer, size, gpiod_line_info_get_name(info));
    gpiod_line_info_free(info);
    return 0;
#endif
}

/* Returns the offset of the line with this name on this chip, or -1 with errno ENOENT. */
static inline int sbg_chip_find_line(sbg_chip *handle, const char *name) {
#if SBG_GPIOD_API == 1
    struct gpiod_line *line = gpiod_chip_find_line(handle->chip, name);
    if (!line) { if (errno == 0) errno = ENOENT; return -1; }
    return (int)gpiod_line_offset(line);
#else
    return gpiod_chip_get_line_offset_from_name(handle->chip, name);
#endif
}

/* Requests one line as an output already at `initial` (logical value, after active-low). */
static inline sbg_line *sbg_line_request_output(sbg_chip *handle, unsigned int offset, int active_low,
                                                const char *consumer, int initial) {
    sbg_line *result = malloc(sizeof(*result));
    if (!result) { errno = ENOMEM; return NULL; }
    result->offset = offset;
#if SBG_GPIOD_API == 1
    struct gpiod_line *line = gpiod_chip_get_line(handle->chip, offset);
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    if (!line || gpiod_line_request_output_flags(line, consumer, flags, initial) < 0) {
        int saved = errno; free(result); errno = saved; return NULL;
    }
    result->line = line;
#else
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    struct gpiod_line_request *request = NULL;
    if (settings && line_config && request_config
        && gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) == 0
        && gpiod_line_settings_set_output_value(settings, initial ? GPIOD_LINE_VALUE_ACTIVE
                                                                  : GPIOD_LINE_VALUE_INACTIVE) == 0) {
        gpiod_line_settings_set_active_low(settings, active_low ? true : false);
        if (gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) == 0) {
            gpiod_request_config_set_consumer(request_config, consumer);
            request = gpiod_chip_request_lines(handle->chip, request_config, line_config);
        }
    }
    int saved = errno;
    gpiod_line_settings_free(settings);
    gpiod_line_config_free(line_config);
    gpiod_request_config_free(request_config);
    if (!request) { free(result); errno = saved; return NULL; }
    result->request = request;
#endif
    return result;
}

static inline int sbg_line_set(sbg_line *line, int value) {
#if SBG_GPIOD_API == 1
    return gpiod_line_set_value(line->line, value);
#else
    return gpiod_line_request_set_value(line->request, line->offset,
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
#endif
}

static inline void sbg_line_release(sbg_line *line) {
    if (!line) return;
#if SBG_GPIOD_API == 1
    gpiod_line_release(line->line);
#else
    gpiod_line_request_release(line->request);
#endif
    free(line);
}
