// nxs::Config — every setting of a TLS connection, shared by all connections made from it.
//
// A Config is built once, then handed to connections as std::shared_ptr<const Config>: connections never change it,
// so one Config serves any number of connections and threads. Defaults are safe: TLS 1.3, all five TLS 1.3 suites,
// X25519 first, peer certificates verified against `trust_anchors`, host name checked.
//
//   auto config = std::make_shared<nxs::Config>(nxs::Role::kClient);
//   config->trust_anchors = store;                    // std::shared_ptr<const x509::TrustStore>
//   auto conn = nxs::Connection::client(config, "example.com");
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/clock.h"
#include "nxs/crypto/algorithms.h"
#include "nxs/crypto/provider.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/session.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"
#include "nxs/x509/verify.h"

namespace nxs {

enum class Role : std::uint8_t { kClient, kServer };

// Wire protocol versions (RFC 8446 §4.2.1).
enum class TlsVersion : std::uint16_t { kTls12 = 0x0303, kTls13 = 0x0304 };

// TLS 1.3 cipher suites (RFC 8446 §B.4).
enum class CipherSuiteId : std::uint16_t {
    kAes128GcmSha256 = 0x1301,
    kAes256GcmSha384 = 0x1302,
    kChaCha20Poly1305Sha256 = 0x1303,
    kAes128CcmSha256 = 0x1304,
    kAes128Ccm8Sha256 = 0x1305,
};

// RFC 8446 §4.2.9 PSK key exchange modes.
enum class PskMode : std::uint8_t { kPskKe = 0, kPskDheKe = 1 };

enum class ClientAuth : std::uint8_t {
    kNone,      // no CertificateRequest
    kOptional,  // ask; an empty Certificate is accepted, a sent one must verify
    kRequired,  // ask; an empty Certificate is NX_SECURE_TLS_CERTIFICATE_REQUIRED (0x145)
};

// A certificate chain and its private key, as a server (or a client answering a CertificateRequest) presents them.
struct CertifiedKey {
    std::uint32_t id = 0;                  // non-zero, unique within a Config
    std::vector<x509::Certificate> chain;  // leaf first
    std::shared_ptr<const crypto::PrivateKey> key;
};

// An external (out-of-band) pre-shared key (RFC 8446 §2.2): an identity both peers know and its key, bound to a hash
// (the suites usable with it are those with that hash).
struct ExternalPsk {
    std::vector<std::uint8_t> identity;  // 1..65535 bytes
    std::vector<std::uint8_t> key;       // 1..255 bytes (stored as given; Config is shared read-only)
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::kSha256;
};

// One NSS key-log line (SSLKEYLOGFILE format): "<label> <client_random hex> <secret hex>".
using KeyLogCallback = std::function<void(std::string_view line)>;

class NXS_API Config {
public:
    explicit Config(Role role, std::shared_ptr<const crypto::Provider> provider = nullptr);

    Role role() const noexcept { return m_role; }
    const crypto::Provider& provider() const noexcept { return *m_provider; }
    const std::shared_ptr<const crypto::Provider>& provider_ptr() const noexcept { return m_provider; }

    // --- what is offered / accepted, in preference order ---
    TlsVersion min_version = TlsVersion::kTls13;
    TlsVersion max_version = TlsVersion::kTls13;
    std::vector<CipherSuiteId> cipher_suites;  // default: all five, GCM first
    std::vector<crypto::NamedGroup> groups;    // default: x25519, secp256r1, secp384r1, secp521r1, x448
    // The groups a client sends key shares for in its first ClientHello (a subset of `groups`); default: the first.
    std::vector<crypto::NamedGroup> key_share_groups;
    std::vector<crypto::SignatureScheme> signature_schemes;  // default: every TLS 1.3 scheme the provider supports

    // --- peer authentication ---
    std::shared_ptr<const x509::TrustStore> trust_anchors;
    std::vector<std::shared_ptr<const x509::Crl>> crls;
    // The Public Suffix List (x509::PublicSuffixList::load_system()): with it, a peer certificate's wildcard over a
    // public suffix ("*.co.uk") does not match the peer's name. Null (the default): no such check.
    std::shared_ptr<const x509::PublicSuffixList> public_suffixes;
    // A client verifies the server's chain unless this is set (`nxs client --insecure`): no chain, no host name.
    bool insecure_skip_verify = false;
    // A client without a server name must say so: true accepts any name in the certificate (the chain is still
    // verified). Without a name and without this, the handshake fails before it starts.
    bool allow_no_server_name = false;
    ClientAuth client_auth = ClientAuth::kNone;  // servers
    std::size_t max_chain_intermediates = 8;
    // Loaded public keys of peer certificates (the intermediates, and the leaf for CertificateVerify), kept for the
    // next handshake with the same peer: a client that reconnects to a server does not load the server's keys again
    // (x509/public_key_cache.h; keyed by provider and exact SPKI bytes; every signature is still checked). Each
    // Config constructed makes its own cache of x509::PublicKeyCache::kDefaultCapacity (16) entries, least recently
    // used evicted: empty until the first handshake, then ≈ 1.6–2.5 KB per entry (≈ 40 KB when full of P-256 keys).
    // Shared by every connection and copy of the Config, on any thread; never counted per connection. Null: keys are
    // loaded on every handshake. Assign one cache to several Configs to pool them.
    std::shared_ptr<x509::PublicKeyCache> public_key_cache = std::make_shared<x509::PublicKeyCache>();
    std::shared_ptr<const Clock> clock;  // null: system_clock()

    // --- our certificates ---
    // Adds a chain and its key under `id`. id 0 is NX_SECURE_TLS_CERT_ID_INVALID (0x138), a used id
    // NX_SECURE_TLS_CERT_ID_DUPLICATE (0x139); a key that does not match the leaf is NX_SECURE_X509_INVALID_PUBLIC_KEY.
    Result<void> add_certificate(std::uint32_t id, std::vector<x509::Certificate> chain,
                                 std::shared_ptr<const crypto::PrivateKey> key);
    Result<void> remove_certificate(std::uint32_t id);
    const std::vector<CertifiedKey>& certificates() const noexcept { return m_certificates; }

    // --- application protocol (RFC 7301) ---
    // ALPN protocol names in preference order. A client offers them; a server picks the first of its own list that
    // the client offered, and refuses a client whose list has none of them (NX_SECURE_TLS_UNSUPPORTED_FEATURE, alert
    // no_application_protocol). Empty: no ALPN (a server then ignores the client's list).
    std::vector<std::string> alpn_protocols;

    // --- resumption (RFC 8446 §2.2, §4.6.1) ---
    // Server: NewSessionTicket messages sent after the handshake (0: none).
    std::size_t num_tickets = 2;
    // Server: ticket lifetime announced and enforced, seconds (at most 604800).
    std::uint32_t ticket_lifetime = 7200;
    // Server: the keys that seal tickets; share one object between Configs (and rotate it) to resume across them.
    std::shared_ptr<TicketKeys> ticket_keys = std::make_shared<TicketKeys>();
    // Client: the psk_key_exchange_modes offered with a ticket. Server: the modes accepted, in preference order.
    // psk_ke resumes without a new key exchange (no forward secrecy for that connection): opt-in on both sides.
    std::vector<PskMode> psk_modes = {PskMode::kPskDheKe};
    // Server: the largest difference, seconds, between the client's ticket age and ours (RFC 8446 §8.3 window).
    std::uint32_t ticket_age_tolerance = 10;

    // --- external PSKs (RFC 8446 §2.2) ---
    // Adds a PSK. More than max_external_psks is NX_SECURE_TLS_NO_MORE_PSK_SPACE (0x125); an empty or oversized
    // identity or key, or an identity already added, NX_SECURE_TLS_INVALID_STATE (0x103); a hash other than SHA-256
    // or SHA-384 NX_SECURE_TLS_UNSUPPORTED_FEATURE (0x130).
    // Client: the first PSK whose hash fits an offered suite is offered (when no session is resumed); accepted, the
    // server authenticates by it, no certificate. Server: a client's identity is looked up here; an unknown identity
    // falls back to a certificate handshake when the server has a certificate, else it is
    // NX_SECURE_TLS_NO_MATCHING_PSK (0x126, unknown_psk_identity).
    Result<void> add_external_psk(std::vector<std::uint8_t> identity, std::vector<std::uint8_t> key,
                                  crypto::HashAlgorithm hash = crypto::HashAlgorithm::kSha256);
    const std::vector<ExternalPsk>& external_psks() const noexcept { return m_external_psks; }
    std::size_t max_external_psks = 8;

    // --- limits and records ---
    std::size_t max_handshake_message =
        std::size_t{64} * 1024;  // larger messages are refused (Certificate may be this large)
    // record_size_limit (RFC 8449) we advertise and the largest plaintext we send; 2^14 disables the extension.
    std::size_t record_size_limit = 16384;
    std::size_t padding_block = 0;  // TLSInnerPlaintext padding (RFC 8446 §5.4): 0 = none
    // Records one write key protects before the connection updates it by itself: when the key has sealed this many
    // records, a KeyUpdate (update_not_requested, RFC 8446 §4.6.3) goes out before the next application record and
    // the count starts again under the new key (it also restarts on every other key change, e.g. one the peer
    // requested). 0 = the AEAD's safe limit (RFC 8446 §5.5): 2^24.5 records for AES-GCM, 2^23 for AES-CCM and
    // AES-CCM-8 (RFC 9147 §4.5.3), and for ChaCha20-Poly1305 just short of the 64-bit sequence number wrap. A
    // positive value takes effect when it is below that limit (whichever comes first); any value is valid. The count
    // includes handshake and alert records; the KeyUpdate itself (or a closing alert) goes under the old key, one
    // record past the limit, and a write() larger than the records left is split around the KeyUpdate. Records received
    // are not counted against a limit: rekeying is the sender's duty (RFC 8446 §5.5).
    std::uint64_t key_update_after_records = 0;

    // --- observability ---
    KeyLogCallback key_log;  // opt-in: never set by default

    // Deterministic mode for tests and fuzzing: every random value (randoms, key shares) comes from this generator
    // instead of the provider's DRBG. Never set it in production.
    std::shared_ptr<crypto::Rng> rng;

private:
    Role m_role;
    std::shared_ptr<const crypto::Provider> m_provider;
    std::vector<CertifiedKey> m_certificates;
    std::vector<ExternalPsk> m_external_psks;
};

}  // namespace nxs
