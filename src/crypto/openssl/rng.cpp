// The provider's random generator: OpenSSL's DRBG through RAND_bytes, drawn a block at a time into a per-thread
// buffer from which small requests are served. Private values (X25519/X448 key shares) come the same way from
// OpenSSL's private DRBG (RAND_priv_bytes) through a second per-thread buffer, so that public randoms and key material
// never share a generator, as in OpenSSL's own key generation.
//
// Why: every RAND_bytes call pays a fixed DRBG step (the CTR-DRBG state update after each request, NIST SP 800-90A
// §10.2.1.5.2) that costs about as much as generating a kilobyte, and a handshake asks for a dozen values of 32
// bytes or less (randoms, session IDs, ticket keys and nonces).
//
// What keeps it as safe as calling RAND_bytes each time:
// - every byte still comes from RAND_bytes (OpenSSL's DRBG, or whatever RAND method the application installed),
//   and each is handed out once: it is wiped from the buffer as it is copied out;
// - the buffer is thread_local, so threads never share one (nor need a lock);
// - fork: a buffer remembers the process id it was filled in (as OpenSSL's DRBG remembers its own, and reseeds when
//   getpid() changes), and a pthread_atfork child handler advances a process-wide generation (for a child whose
//   process id may equal its parent's, as the first process of a new PID namespace can); a buffer filled in another
//   process or generation is wiped and refilled before use. So a child never hands out bytes its parent drew (the
//   parent may hand them out itself), whether it was made by fork(), by _Fork() or a raw clone() (which skip the
//   handler), and the DRBG it refills from has reseeded;
// - what waits in the buffer (at most one block) predicts future output no better than the DRBG state beside it
//   in the same memory does; it is wiped when the thread ends. Private values are not buffered at all once the
//   application has set up OpenSSL's secure heap, where the DRBG's own state then lives.
// Requests larger than a quarter block go straight to RAND_bytes.
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

constexpr std::size_t kBlock = 1024;
constexpr std::size_t kLargestBuffered = kBlock / 4;

using DrbgCall = int (*)(unsigned char*, int);

// `call` is RAND_bytes or RAND_priv_bytes, which take an int length: larger requests go in chunks.
Result<void> draw(DrbgCall call, MutableBytes out) {
    constexpr std::size_t kChunk = static_cast<std::size_t>(std::numeric_limits<int>::max());
    while (!out.empty()) {
        const std::size_t n = std::min(out.size(), kChunk);
        if (call(out.data(), static_cast<int>(n)) != 1) {
            return fail(Status::kTlsMissingCryptoRoutine, "random generator could not be seeded");
        }
        out = out.subspan(n);
    }
    return {};
}

std::atomic<std::uint64_t> g_fork_generation{0};

void after_fork_in_child() noexcept {
    g_fork_generation.fetch_add(1, std::memory_order_relaxed);
}

// Registered once per process (the handler is inherited across fork). Without it nothing is buffered.
bool forks_are_watched() noexcept {
    static const bool watched = pthread_atfork(nullptr, nullptr, &after_fork_in_child) == 0;
    return watched;
}

class RandomBuffer {
public:
    explicit RandomBuffer(DrbgCall call) noexcept : m_call(call) {}
    RandomBuffer(const RandomBuffer&) = delete;
    RandomBuffer& operator=(const RandomBuffer&) = delete;
    ~RandomBuffer() { discard(); }

    Result<void> take(MutableBytes out) {
        const std::uint64_t generation = g_fork_generation.load(std::memory_order_relaxed);
        const pid_t process = getpid();
        if (generation != m_generation || process != m_process) {
            discard();
            m_generation = generation;
            m_process = process;
        }
        if (m_available < out.size()) {
            discard();  // too little left: the remainder is dropped, never combined with new bytes
            if (auto drawn = draw(m_call, m_bytes); !drawn) {
                discard();
                return drawn;
            }
            m_available = m_bytes.size();
        }
        std::uint8_t* next = m_bytes.data() + (m_bytes.size() - m_available);
        std::memcpy(out.data(), next, out.size());
        OPENSSL_cleanse(next, out.size());
        m_available -= out.size();
        return {};
    }

private:
    void discard() noexcept {
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
        m_available = 0;
    }

    DrbgCall m_call;
    std::array<std::uint8_t, kBlock> m_bytes{};
    std::size_t m_available = 0;  // unused bytes, at the end of m_bytes
    std::uint64_t m_generation = 0;
    pid_t m_process = 0;  // the process the bytes were drawn in
};

// `buffer()` gives the calling thread's buffer for `call`.
template <typename ThreadBuffer>
Result<void> fill_from(DrbgCall call, MutableBytes out, ThreadBuffer&& buffer) {
    if (out.empty()) {
        return {};
    }
    if (out.size() > kLargestBuffered || !forks_are_watched()) {
        return draw(call, out);
    }
    return buffer().take(out);
}

class OsslRng final : public Rng {
public:
    Result<void> fill(MutableBytes out) override {
        return fill_from(&RAND_bytes, out, []() -> RandomBuffer& {
            thread_local RandomBuffer buffer(&RAND_bytes);
            return buffer;
        });
    }
};

}  // namespace

Result<void> private_random(MutableBytes out) {
    if (CRYPTO_secure_malloc_initialized() == 1) {
        return draw(&RAND_priv_bytes, out);  // the application keeps secrets in the secure heap: so do we
    }
    return fill_from(&RAND_priv_bytes, out, []() -> RandomBuffer& {
        thread_local RandomBuffer buffer(&RAND_priv_bytes);
        return buffer;
    });
}

Rng& openssl_rng() noexcept {
    // Holds no state itself (the buffers are per thread), so one object serves every provider and thread.
    static OsslRng rng;
    return rng;
}

}  // namespace nxs::crypto::openssl
