// Helpers shared by `nxs client`, `nxs server` and `nxs demo`: files to certificates and keys, name lists to
// algorithms, and the one-line summary of a handshake.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/config.h"
#include "nxs/connection.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "nxs/x509/trust_store.h"

namespace nxs::cli {

struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};
// "example.com:443", "127.0.0.1:4433", "[::1]:4433"; with `allow_no_host`, also "4433" (host empty).
Result<HostPort> parse_host_port(std::string_view text, bool allow_no_host);

// A certificate chain (PEM bundle or DER) and a private key file, checked to belong together, added to `config`.
Result<void> add_certificate_files(Config& config, std::uint32_t id, const std::string& cert_file,
                                   const std::string& key_file);
// Trust anchors from a PEM/DER file, or the system store when `file` is empty.
Result<std::shared_ptr<const x509::TrustStore>> load_trust_anchors(const std::string& file);

// "x25519,p256,secp384r1" → groups; "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256" (or commas) → suites.
Result<std::vector<crypto::NamedGroup>> parse_groups(std::string_view list);
Result<std::vector<CipherSuiteId>> parse_cipher_suites(std::string_view list);

// "h2,http/1.1" → ALPN names (1..255 bytes each).
Result<std::vector<std::string>> parse_alpn(std::string_view list);

// --psk HEX --psk-identity ID (both or neither): adds the external PSK (SHA-256) to `config`. Bad hex or a missing
// half is a usage error (0x130); the store's own checks apply.
Result<void> add_psk_option(Config& config, const std::optional<std::string>& hex,
                            const std::optional<std::string>& identity);

// --key-update-after N: a write key is updated after N records (Config::key_update_after_records); N is 1 or more
// (leave the option out for the AEAD's own limit).
Result<std::uint64_t> parse_key_update_after(std::string_view text);

// A key-log callback that appends NSS SSLKEYLOGFILE lines to `path`.
KeyLogCallback key_log_to_file(std::string path);
// --keylogfile F, else the SSLKEYLOGFILE variable when set and non-empty (opt-in); else an empty callback.
KeyLogCallback key_log_from(const std::optional<std::string>& keylogfile);

// "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 alpn=- resumed=no verify=ok"
std::string brief_summary(const Connection& conn);

// The error line the CLI prints: "NX_SECURE_...: message".
std::string describe_error(const Error& error);

}  // namespace nxs::cli
