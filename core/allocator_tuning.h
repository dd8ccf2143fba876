#pragma once
// glibc's malloc serves blocks above a threshold (128 KiB, raised as such blocks are freed, up
// to 32 MiB) with mmap and gives them back with munmap, and trims the heap's top past another:
// a model run that allocates and frees activations of a few megabytes therefore faults in fresh
// pages on many calls. Measured on this project's benches: DenseBlock's forward takes 4.1 ms
// with the defaults and 1.0 ms with the settings below, and resnet50's op-by-op analysis 10-20%
// less CPU. jemalloc (libjemalloc2) made the analysis twice as slow, and mimalloc varied.
namespace irscope {

// Blocks up to 32 MiB come from the heap, and up to 256 MiB of freed heap is kept for reuse.
// Does nothing when the user chose malloc settings (GLIBC_TUNABLES, MALLOC_*_ variables).
// Call first thing in main.
void tuneAllocatorForTensors();

} // namespace irscope
