#ifndef CPROCESS_MEMORY_H
#define CPROCESS_MEMORY_H
#include <stddef.h>

/// Bytes the C allocator has handed out and not had back (glibc mallinfo2: uordblks + hblkhd).
/// Swift does not import mallinfo2 from Glibc, hence this one-function shim.
size_t cprocess_heap_in_use(void);

#endif
