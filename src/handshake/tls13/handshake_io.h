// The seam between a TLS 1.3 handshake state machine and the connection that carries it.
//
// The state machines (client.cpp, server.cpp) decide what to send and which keys to use; the connection
// (src/conn/connection.cpp) owns the records, buffers and events. A state machine sees the connection only through
// HandshakeIo, and the connection drives a state machine only through HandshakeMachine, so each side can be read and
// tested alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "handshake/cipher_suites.h"
#include "nxs/config.h"
#include "nxs/connection.h"
#include "nxs/connection_info.h"
#include "nxs/result.h"
#include "nxs/secret.h"
#include "nxs/session.h"
#include "record/handshake_framer.h"

namespace nxs::tls13 {

using Bytes = std::span<const std::uint8_t>;

class HandshakeIo {
public:
    virtual ~HandshakeIo() = default;

    // Sends one encoded handshake message (header included) under the current write key (plaintext before any).
    virtual Result<void> send_handshake(Bytes encoded_message) = 0;
    // The middlebox-compatibility change_cipher_spec (RFC 8446 Appendix D.4), after the handshake messages sent
    // before it.
    virtual Result<void> send_change_cipher_spec() = 0;
    // Switches a direction to keys derived from `traffic_secret` (RFC 8446 §7.3). Switching the read side fails with
    // NX_SECURE_TLS_UNEXPECTED_MESSAGE if handshake data is left over from the previous key (§5.1).
    virtual Result<void> install_read_key(const handshake::CipherSuiteInfo& suite, const Secret& traffic_secret) = 0;
    virtual Result<void> install_write_key(const handshake::CipherSuiteInfo& suite, const Secret& traffic_secret) = 0;
    // RFC 8449: the largest TLSInnerPlaintext the peer accepts, applied to protected records we send.
    virtual Result<void> set_peer_record_size_limit(std::size_t limit) = 0;
    // RFC 8446 §4.2.10: a server that rejects early data skips records it cannot decrypt, up to this many bytes.
    virtual void skip_undecryptable_records(std::size_t max_bytes) = 0;
    virtual void handshake_complete() = 0;
    virtual void emit(ConnectionEvent event) = 0;
    virtual ConnectionInfo& info() = 0;
    // Client: a NewSessionTicket gave a session to resume with.
    virtual void store_session(Session session) = 0;
    // NSS key log (SSLKEYLOGFILE) line, when the Config asks for one.
    virtual void log_secret(std::string_view label, Bytes client_random, const Secret& secret) = 0;
};

class HandshakeMachine {
public:
    virtual ~HandshakeMachine() = default;
    // Client: sends the ClientHello. Server: nothing.
    virtual Result<void> start() = 0;
    // One whole handshake message from the peer. The machine checks the type against its state before parsing
    // (RFC 8446 §4; NX_SECURE_TLS_UNEXPECTED_MESSAGE).
    virtual Result<void> on_message(const record::HandshakeMessage& message) = 0;
    // A middlebox-compatibility change_cipher_spec is acceptable now (after the first ClientHello, before the peer's
    // Finished).
    virtual bool change_cipher_spec_allowed() const noexcept = 0;
    virtual bool is_done() const noexcept = 0;
    // RFC 8446 §7.5 exporter over the exporter_master_secret; before the handshake: NX_SECURE_TLS_INVALID_STATE.
    virtual Result<Secret> export_keying_material(std::string_view label, Bytes context, std::size_t length) const = 0;
    // Sends a KeyUpdate (request_peer: update_requested) and switches our write key (RFC 8446 §4.6.3).
    virtual Result<void> send_key_update(bool request_peer) = 0;
};

std::unique_ptr<HandshakeMachine> make_client(std::shared_ptr<const Config> config, std::string server_name,
                                              std::optional<Session> session, HandshakeIo& io);
std::unique_ptr<HandshakeMachine> make_server(std::shared_ptr<const Config> config, HandshakeIo& io);

}  // namespace nxs::tls13
