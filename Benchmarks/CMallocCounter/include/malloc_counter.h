#ifndef MALLOC_COUNTER_H
#define MALLOC_COUNTER_H
#include <stdint.h>
/* Number of heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc) made by
   this process since start. Linked only into the bench executable, where it interposes libc. */
uint64_t malloc_counter_allocations(void);
#endif
