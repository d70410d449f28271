// Heap accounting for nxs-bench's memory scenario: every operator new/delete of this program (nxs allocates through
// them) and every libcrypto/libssl allocation (through CRYPTO_set_mem_functions) updates one live-bytes counter and
// its high-water mark. Sizes are malloc_usable_size(), the bytes the allocator really holds for the block, so both
// libraries are charged the same way.
#pragma once

#include <cstddef>

namespace nxs_bench::alloc {

// Routes libcrypto's allocations through the counter. Call first thing in main(), before OpenSSL allocates.
// False if OpenSSL refused (it had allocated already); the memory scenario then reports nothing.
bool install_openssl_hooks();

// Counting is off until switched on, so the timed scenarios pay only a branch per allocation. Blocks allocated
// while off and freed while on make live_bytes() wrap: use only differences taken while counting.
void set_counting(bool on);

std::size_t live_bytes();
std::size_t peak_bytes();
// Allocation calls (malloc, realloc, operator new) made while counting.
std::size_t allocations();
// Starts a new high-water mark at the current live bytes.
void reset_peak();

}  // namespace nxs_bench::alloc
