// nxs::ConnectionInfo — what a handshake negotiated, as reported by Connection::info().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nxs/config.h"
#include "nxs/crypto/algorithms.h"
#include "nxs/x509/certificate.h"

namespace nxs {

// What was negotiated. Strings are names as in `nxs client --brief`: "TLSv1.3", "TLS_AES_128_GCM_SHA256", "x25519".
struct ConnectionInfo {
    TlsVersion version = TlsVersion::kTls13;
    std::string version_name;
    std::uint16_t cipher_suite = 0;
    std::string cipher_suite_name;
    std::optional<crypto::NamedGroup> group;
    std::string group_name;  // "-" without a key exchange (psk_ke)
    std::optional<crypto::SignatureScheme> peer_signature_scheme;
    std::string alpn;          // empty: none
    bool resumed = false;      // a session ticket was accepted
    std::string psk_identity;  // an external PSK was accepted: its identity (bytes as given); empty otherwise
    bool hello_retry = false;
    std::string server_name;                    // the SNI sent (client) or received (server)
    std::uint32_t certificate_id = 0;           // the server certificate used (server side)
    std::vector<x509::Certificate> peer_chain;  // as sent by the peer, leaf first
    bool peer_verified = false;                 // the chain (and host name) were verified
    // KeyUpdate messages (RFC 8446 §4.6.3) since the handshake: sent (asked for by update_keys(), due under
    // Config::key_update_after_records, or answering the peer's update_requested) and received.
    std::uint64_t key_updates_sent = 0;
    std::uint64_t key_updates_received = 0;
};

}  // namespace nxs
