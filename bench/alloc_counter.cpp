#include "alloc_counter.h"

#include <malloc.h>
#include <openssl/crypto.h>

#include <cstdlib>
#include <new>

namespace nxs_bench::alloc {
namespace {

// One thread: plain counters. Only this file writes them.
bool g_counting = false;
std::size_t g_live = 0;
std::size_t g_peak = 0;
std::size_t g_allocations = 0;

void note_alloc(void* block) {
    if (!g_counting || block == nullptr) {
        return;
    }
    ++g_allocations;
    g_live += malloc_usable_size(block);
    if (g_live > g_peak) {
        g_peak = g_live;
    }
}

void note_free(void* block) {
    if (g_counting && block != nullptr) {
        g_live -= malloc_usable_size(block);
    }
}

void* counted_malloc(std::size_t size) {
    void* block = std::malloc(size == 0 ? 1 : size);
    note_alloc(block);
    return block;
}

void* counted_aligned(std::size_t size, std::align_val_t align) {
    const auto alignment = static_cast<std::size_t>(align);
    const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
    void* block = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
    note_alloc(block);
    return block;
}

void counted_free(void* block) {
    note_free(block);
    std::free(block);
}

void* ossl_malloc(std::size_t size, const char* /*file*/, int /*line*/) {
    return counted_malloc(size);
}

void* ossl_realloc(void* block, std::size_t size, const char* /*file*/, int /*line*/) {
    note_free(block);
    void* moved = std::realloc(block, size);
    if (moved == nullptr && size != 0) {
        note_alloc(block);  // the old block is still there
        return nullptr;
    }
    note_alloc(moved);
    return moved;
}

void ossl_free(void* block, const char* /*file*/, int /*line*/) {
    counted_free(block);
}

}  // namespace

bool install_openssl_hooks() {
    return CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;
}

void set_counting(bool on) {
    g_counting = on;
}

std::size_t live_bytes() {
    return g_live;
}

std::size_t peak_bytes() {
    return g_peak;
}

std::size_t allocations() {
    return g_allocations;
}

void reset_peak() {
    g_peak = g_live;
}

}  // namespace nxs_bench::alloc

// The replaceable global allocation functions ([new.delete]): every variant routes through the counter.
void* operator new(std::size_t size) {
    void* block = nxs_bench::alloc::counted_malloc(size);
    if (block == nullptr) {
        throw std::bad_alloc();
    }
    return block;
}
void* operator new[](std::size_t size) {
    return ::operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
    return nxs_bench::alloc::counted_malloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
    return nxs_bench::alloc::counted_malloc(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
    void* block = nxs_bench::alloc::counted_aligned(size, align);
    if (block == nullptr) {
        throw std::bad_alloc();
    }
    return block;
}
void* operator new[](std::size_t size, std::align_val_t align) {
    return ::operator new(size, align);
}
void operator delete(void* block) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete[](void* block) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete(void* block, std::size_t /*size*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete[](void* block, std::size_t /*size*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete(void* block, std::align_val_t /*align*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete[](void* block, std::align_val_t /*align*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete(void* block, std::size_t /*size*/, std::align_val_t /*align*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
void operator delete[](void* block, std::size_t /*size*/, std::align_val_t /*align*/) noexcept {
    nxs_bench::alloc::counted_free(block);
}
