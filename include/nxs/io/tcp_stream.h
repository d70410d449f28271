// Socket adapters around the sans-I/O Connection (ARCHITECTURE.md §2: the only code that touches sockets).
//
//   TcpSocket        a connected TCP socket (connect / listen / accept), closed on destruction
//   TlsStream        a Connection driven over a blocking TcpSocket: handshake(), read(), write(), close()
//   NonBlockingTls   the same for a non-blocking socket in a poll/epoll loop: call on_readable() / on_writable()
//                    when the socket is ready, and wanted_events() says what to wait for next
//
// Transport failures are NX_SECURE_TLS_TCP_SEND_FAILED (sending) and NX_SECURE_TLS_NO_CLOSE_RESPONSE (the peer
// closed the TCP connection without close_notify), with errno's text in the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "nxs/connection.h"
#include "nxs/export.h"
#include "nxs/result.h"

namespace nxs::io {

class NXS_API TcpSocket {
public:
    TcpSocket() = default;
    explicit TcpSocket(int fd) noexcept : m_fd(fd) {}
    ~TcpSocket();
    TcpSocket(TcpSocket&& other) noexcept;
    TcpSocket& operator=(TcpSocket&& other) noexcept;
    TcpSocket(const TcpSocket&) = delete;
    TcpSocket& operator=(const TcpSocket&) = delete;

    // Connects to host:port (names resolved with getaddrinfo, every address tried in turn).
    static Result<TcpSocket> connect(const std::string& host, std::uint16_t port);
    // A listening socket on host:port ("" or "*" = all addresses; port 0 = a free port, see local_port()).
    static Result<TcpSocket> listen(const std::string& host, std::uint16_t port, int backlog = 64);
    Result<TcpSocket> accept() const;

    int fd() const noexcept { return m_fd; }
    bool is_open() const noexcept { return m_fd >= 0; }
    std::uint16_t local_port() const noexcept;
    std::string peer_address() const;  // "127.0.0.1:54321"
    Result<void> set_nonblocking(bool on) const;
    void close() noexcept;

private:
    int m_fd = -1;
};

// Sends every pending byte of `conn` on a blocking socket.
NXS_API Result<void> flush(Connection& conn, const TcpSocket& socket);

class NXS_API TlsStream {
public:
    TlsStream(std::unique_ptr<Connection> conn, TcpSocket socket) noexcept
        : m_conn(std::move(conn)), m_socket(std::move(socket)) {}

    // Runs the handshake to completion (or the first fatal error, whose alert is sent before returning).
    Result<void> handshake();
    // Reads application data: blocks until some arrives; 0 means the peer closed cleanly (close_notify).
    Result<std::size_t> read(std::span<std::uint8_t> out);
    Result<void> write_all(std::span<const std::uint8_t> data);
    // Sends close_notify (and flushes).
    Result<void> close();

    // One recv() into the connection (blocking), then sends what that produced (alerts, KeyUpdate answers).
    // Returns false at TCP end of stream. For callers that poll the socket themselves.
    Result<bool> receive_once();

    Connection& connection() noexcept { return *m_conn; }
    TcpSocket& socket() noexcept { return m_socket; }

private:
    std::unique_ptr<Connection> m_conn;
    TcpSocket m_socket;
};

// For poll/epoll loops: the socket must be non-blocking.
class NXS_API NonBlockingTls {
public:
    NonBlockingTls(std::unique_ptr<Connection> conn, TcpSocket socket) noexcept
        : m_conn(std::move(conn)), m_socket(std::move(socket)) {}

    enum Interest : unsigned { kRead = 1U, kWrite = 2U };
    // What to wait for: kWrite while output is pending, kRead unless the peer closed.
    unsigned wanted_events() const noexcept;
    // Reads what the socket has (until EAGAIN) and feeds it. Returns false at TCP end of stream.
    Result<bool> on_readable();
    // Sends what is pending (until EAGAIN).
    Result<void> on_writable();

    Connection& connection() noexcept { return *m_conn; }
    TcpSocket& socket() noexcept { return m_socket; }

private:
    std::unique_ptr<Connection> m_conn;
    TcpSocket m_socket;
    bool m_eof = false;
};

}  // namespace nxs::io
