// KeyUpdater — the secrets a TLS 1.3 connection keeps after its handshake, and what is done with them: the
// application traffic secrets of both directions with the steps that move each one to its next generation
// (KeyUpdate, RFC 8446 §4.6.3, §7.2), and the exporter_master_secret (RFC 8446 §7.5). Client and server hand their
// secrets over when the handshake completes, so "is the handshake done?" has one answer for both: start() was
// called. Before that, every call is NX_SECURE_TLS_INVALID_STATE.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "handshake/cipher_suites.h"
#include "handshake/tls13/handshake_io.h"
#include "handshake/tls13/key_schedule.h"
#include "nxs/config.h"
#include "nxs/secret.h"
#include "record/handshake_framer.h"

namespace nxs::tls13 {

class KeyUpdater {
public:
    // Takes the application traffic secrets and the exporter secret once the handshake is done.
    void start(const Hkdf& hkdf, const handshake::CipherSuiteInfo& suite, Secret client_secret, Secret server_secret,
               Secret exporter_secret, Role role);
    bool started() const noexcept { return m_suite != nullptr; }

    // A KeyUpdate from the peer: switch the read key; when asked, answer with our own KeyUpdate first.
    Result<void> on_key_update(const record::HandshakeMessage& message, HandshakeIo& io);
    // Sends a KeyUpdate under the current key, then switches the write key.
    Result<void> send(bool request_peer, HandshakeIo& io);

    // RFC 8446 §7.5 exporter over the exporter_master_secret.
    Result<Secret> export_keying_material(std::string_view label, Bytes context, std::size_t length) const;

private:
    std::optional<Hkdf> m_hkdf;
    const handshake::CipherSuiteInfo* m_suite = nullptr;
    Secret m_write_secret;
    Secret m_read_secret;
    Secret m_exporter_secret;
};

}  // namespace nxs::tls13
