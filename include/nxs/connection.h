// nxs::Connection — one TLS connection as a sans-I/O engine: bytes in, bytes out, events.
//
// The connection never touches a socket or a clock. The caller moves bytes:
//
//   auto conn = nxs::Connection::client(config, "example.com").value();
//   for (;;) {
//       send_all(sock, conn->pending_output());  conn->consume_output(n_sent);
//       if (conn->is_handshake_done()) break;
//       n = recv(sock, buf);  if (!conn->feed({buf, n})) { report(conn->fatal_error()); break; }
//   }
//   conn->write(request);  ...  conn->read(out);
//
// A fatal error is sticky: the first one is kept, its alert is queued as output, and every later call returns it.
// Signals that are not failures (close_notify, post-handshake messages) are events, never errors.
// examples/ shows a complete client and server over blocking sockets (io/tcp_stream.h does the moving for you).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/config.h"
#include "nxs/connection_info.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/secret.h"
#include "nxs/session.h"
#include "nxs/x509/certificate.h"

namespace nxs {

enum class ConnectionEvent : std::uint8_t {
    kHandshakeDone,  // keys for application data are in place; info() is complete
    kPeerClosed,     // the peer sent close_notify: read() returns what is left, then 0
    kAlertReceived,  // the peer sent an alert (a fatal one also ends the connection: see fatal_error())
    kSessionTicket,  // a NewSessionTicket arrived (client); session() can be saved for resumption
    kKeyUpdated,     // a traffic key was replaced, one event per direction: a KeyUpdate received, or one sent (by
                     // update_keys(), in answer to update_requested, or by Config::key_update_after_records);
                     // info().key_updates_received / key_updates_sent count each
};

class NXS_API Connection {
public:
    // A client for `server_name` (SNI and host-name check; overrides nothing in the Config). An empty name is allowed
    // only with Config::allow_no_server_name or insecure_skip_verify. The ClientHello is queued as output at once.
    static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const Config> config,
                                                      std::string server_name = {});
    // A client that offers to resume `session` (RFC 8446 §2.2). A session that is expired, for another server name
    // or for a suite whose hash the Config does not offer is not offered: the handshake is a full one.
    static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const Config> config, std::string server_name,
                                                      std::optional<Session> session);
    static Result<std::unique_ptr<Connection>> server(std::shared_ptr<const Config> config);

    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Hands received bytes to the engine, which processes every complete record. On a fatal error the error is
    // returned (and kept), and the alert to send is in pending_output(). `received` is not kept: whole protected
    // records in it are decrypted straight from it into the connection's buffer (feeding whole records, as a
    // socket read of a large buffer usually delivers them, saves a copy), and any partial record is copied.
    Result<void> feed(std::span<const std::uint8_t> received);

    // Bytes to send to the peer; call consume_output() with how many were sent.
    std::span<const std::uint8_t> pending_output() const noexcept;
    void consume_output(std::size_t count) noexcept;
    bool has_pending_output() const noexcept { return !pending_output().empty(); }

    // The next event, oldest first. Events wait until taken, but not without bound: once kMaxQueuedEvents are
    // waiting, an event of a kind already waiting is not queued again (a peer repeating KeyUpdate or
    // NewSessionTicket cannot grow the queue; info() still counts every key update).
    static constexpr std::size_t kMaxQueuedEvents = 64;
    std::optional<ConnectionEvent> next_event();

    // Application data received: copies up to out.size() bytes; 0 when none is buffered.
    Result<std::size_t> read(std::span<std::uint8_t> out);
    std::size_t readable() const noexcept;
    // The same data without the copy: the unread part of the oldest record that has any (empty when nothing is
    // buffered; after a fatal error, check fatal_error()). The view stays valid until the next non-const call;
    // consume_received() drops bytes from its front (at most readable()). read() is these two with a memcpy.
    std::span<const std::uint8_t> received_data() const noexcept;
    void consume_received(std::size_t count) noexcept;
    // Queues application data (only after the handshake: before, NX_SECURE_TLS_INVALID_STATE). Returns data.size().
    // The records are encrypted straight from `data` into pending_output().
    Result<std::size_t> write(std::span<const std::uint8_t> data);
    // Queues close_notify; nothing can be written afterwards.
    Result<void> close();
    // RFC 8446 §7.5 / RFC 5705: `length` bytes of keying material for `label` and `context`, the same on both sides.
    // Only after the handshake (before: NX_SECURE_TLS_INVALID_STATE).
    Result<Secret> export_keying_material(std::string_view label, std::span<const std::uint8_t> context,
                                          std::size_t length) const;
    // Client: the last session ticket received, ready to resume (none yet: nullopt). kSessionTicket announces each.
    std::optional<Session> session() const;
    // Requests new traffic keys in both directions (RFC 8446 §4.6.3).
    Result<void> update_keys();

    bool is_handshake_done() const noexcept;
    bool is_peer_closed() const noexcept;
    bool is_closed() const noexcept;  // close() was called, the peer closed, or a fatal error happened
    const std::optional<Error>& fatal_error() const noexcept;
    // The last alert received from the peer.
    std::optional<AlertDescription> received_alert() const noexcept;
    const ConnectionInfo& info() const noexcept;

    class Impl;

private:
    explicit Connection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace nxs
