#include "core/allocator_tuning.h"

#include <cstdlib>
#include <initializer_list>
#include <malloc.h>

namespace irscope {

void tuneAllocatorForTensors() {
  for (const char* chosen : {"GLIBC_TUNABLES", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
                             "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX", "LD_PRELOAD"})
    if (std::getenv(chosen))
      return;
#ifdef M_MMAP_THRESHOLD
  mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

} // namespace irscope
