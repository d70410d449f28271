// nxs-bench: the pieces shared by the two engines (nxs, OpenSSL's libssl) and the scenario driver.
//
// Both engines run a client and a server in this one thread, connected through memory, on the same certificates
// (bench/certs/), with the client verifying the chain and the host name. Each engine hides its library behind the
// same small interface so the driver can alternate them and time exactly the same work.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace nxs_bench {

enum class KeyType : std::uint8_t { kEcdsa, kRsa };
enum class BulkCipher : std::uint8_t { kAes128Gcm, kChaCha20Poly1305 };

inline constexpr std::string_view kServerName = "bench.nxs.example";
inline constexpr std::size_t kRecordSize = 16384;

// Nanoseconds spent inside client calls and inside server calls (creation, feeding bytes, destruction).
struct SideTimes {
    std::uint64_t client_ns = 0;
    std::uint64_t server_ns = 0;
};

inline std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

// Adds the time spent in `fn` to `slot`.
template <typename Fn>
auto timed(std::uint64_t& slot, Fn&& fn) {
    const std::uint64_t start = now_ns();
    if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        slot += now_ns() - start;
    } else {
        auto result = fn();
        slot += now_ns() - start;
        return result;
    }
}

// An established, idle client/server pair kept alive by the memory scenario.
class IdlePair {
public:
    virtual ~IdlePair() = default;
    virtual void drop_client() = 0;
    virtual void drop_server() = 0;
};

class Engine {
public:
    virtual ~Engine() = default;
    virtual std::string_view name() const = 0;

    // One full handshake with a fresh client and server, both destroyed afterwards. False if it did not complete
    // (the reason is printed to stderr).
    virtual bool handshake(SideTimes& times) = 0;

    // Resumption (psk_dhe_ke): start_resumption() switches the server to one ticket per handshake and makes a full
    // handshake to get the first ticket; each resumed_handshake() then resumes with the newest ticket (taking the
    // one it is issued, so single-use tickets work too). False if the handshake was not a resumed one.
    virtual bool start_resumption() = 0;
    virtual bool resumed_handshake(SideTimes& times) = 0;

    // One established pair, left idle.
    virtual std::unique_ptr<IdlePair> open_idle_pair() = 0;

    // Establishes the connection used by send_records().
    virtual bool start_bulk(BulkCipher cipher) = 0;
    // Sends `count` records of kRecordSize bytes client → server; the server reads every byte. False on failure.
    virtual bool send_records(std::size_t count) = 0;
};

// The certificate files, read once (paths under NXS_BENCH_CERT_DIR).
struct CertFiles {
    std::string root_pem;   // trust anchor
    std::string chain_pem;  // leaf, intermediate
    std::string key_pem;    // leaf key
    std::string root_path;
    std::string chain_path;
    std::string key_path;
};
CertFiles load_cert_files(KeyType type);

std::unique_ptr<Engine> make_nxs_engine(KeyType type);
std::unique_ptr<Engine> make_openssl_engine(KeyType type);

}  // namespace nxs_bench
