// KeyUpdate (RFC 8446 §4.6.3, §7.2): the application traffic secrets of both directions after the handshake, and
// the steps that move each one to its next generation.
#pragma once

#include <optional>

#include "handshake/cipher_suites.h"
#include "handshake/tls13/handshake_io.h"
#include "handshake/tls13/key_schedule.h"
#include "nxs/config.h"
#include "nxs/secret.h"
#include "record/handshake_framer.h"

namespace nxs::tls13 {

class KeyUpdater {
public:
    // Takes the application traffic secrets once the handshake is done.
    void start(const Hkdf& hkdf, const handshake::CipherSuiteInfo& suite, Secret client_secret, Secret server_secret,
               Role role);

    // A KeyUpdate from the peer: switch the read key; when asked, answer with our own KeyUpdate first.
    Result<void> on_key_update(const record::HandshakeMessage& message, HandshakeIo& io);
    // Sends a KeyUpdate under the current key, then switches the write key.
    Result<void> send(bool request_peer, HandshakeIo& io);

private:
    std::optional<Hkdf> m_hkdf;
    const handshake::CipherSuiteInfo* m_suite = nullptr;
    Secret m_write_secret;
    Secret m_read_secret;
};

}  // namespace nxs::tls13
