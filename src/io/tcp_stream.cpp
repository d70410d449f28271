#include "nxs/io/tcp_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

namespace nxs::io {
namespace {

std::string errno_text(std::string_view what) {
    return std::string(what) + ": " + std::strerror(errno);
}

// A transport failure: the connection cannot go on, but it is not a TLS protocol error.
Error transport_error(std::string_view what) {
    return Error(Status::kTlsTcpSendFailed, errno_text(what));
}

Error closed_without_close_notify() {
    return Error(Status::kTlsNoCloseResponse, "the peer closed the TCP connection without sending close_notify");
}

}  // namespace

TcpSocket::~TcpSocket() {
    close();
}

TcpSocket::TcpSocket(TcpSocket&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

TcpSocket& TcpSocket::operator=(TcpSocket&& other) noexcept {
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void TcpSocket::close() noexcept {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

Result<TcpSocket> TcpSocket::connect(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        return Error(Status::kTlsTcpSendFailed, "cannot resolve " + host + ": " + ::gai_strerror(rc));
    }
    std::string last_error = "no address";
    for (auto* ai = found; ai != nullptr; ai = ai->ai_next) {
        TcpSocket socket(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
        if (!socket.is_open()) {
            last_error = errno_text("socket");
            continue;
        }
        if (::connect(socket.fd(), ai->ai_addr, ai->ai_addrlen) == 0) {
            ::freeaddrinfo(found);
            const int one = 1;
            ::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return socket;
        }
        std::string what = "connect to ";
        what.append(host).append(":").append(service);
        last_error = errno_text(what);
    }
    ::freeaddrinfo(found);
    return Error(Status::kTlsTcpSendFailed, last_error);
}

Result<TcpSocket> TcpSocket::listen(const std::string& host, std::uint16_t port, int backlog) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    const char* node = (host.empty() || host == "*") ? nullptr : host.c_str();
    if (const int rc = ::getaddrinfo(node, service.c_str(), &hints, &found); rc != 0) {
        return Error(Status::kTlsTcpSendFailed, "cannot resolve " + host + ": " + ::gai_strerror(rc));
    }
    std::string last_error = "no address";
    for (auto* ai = found; ai != nullptr; ai = ai->ai_next) {
        TcpSocket socket(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
        if (!socket.is_open()) {
            last_error = errno_text("socket");
            continue;
        }
        const int one = 1;
        ::setsockopt(socket.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(socket.fd(), ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(socket.fd(), backlog) == 0) {
            ::freeaddrinfo(found);
            return socket;
        }
        last_error = errno_text("bind/listen on port " + service);
    }
    ::freeaddrinfo(found);
    return Error(Status::kTlsTcpSendFailed, last_error);
}

Result<TcpSocket> TcpSocket::accept() const {
    for (;;) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return TcpSocket(fd);
        }
        if (errno != EINTR && errno != ECONNABORTED) {
            return transport_error("accept");
        }
    }
}

std::uint16_t TcpSocket::local_port() const noexcept {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {  // NOLINT: the sockets API
        return 0;
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);  // NOLINT: the sockets API
    }
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);  // NOLINT: the sockets API
}

std::string TcpSocket::peer_address() const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {  // NOLINT: the sockets API
        return "?";
    }
    std::array<char, INET6_ADDRSTRLEN> text{};
    std::uint16_t port = 0;
    if (address.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);  // NOLINT: the sockets API
        ::inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), text.size());
        port = ntohs(in6->sin6_port);
        return "[" + std::string(text.data()) + "]:" + std::to_string(port);
    }
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&address);  // NOLINT: the sockets API
    ::inet_ntop(AF_INET, &in4->sin_addr, text.data(), text.size());
    port = ntohs(in4->sin_port);
    return std::string(text.data()) + ":" + std::to_string(port);
}

Result<void> TcpSocket::set_nonblocking(bool on) const {
    const int flags = ::fcntl(m_fd, F_GETFL, 0);
    if (flags < 0 || ::fcntl(m_fd, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK)) != 0) {
        return transport_error("fcntl");
    }
    return {};
}

Result<void> flush(Connection& conn, const TcpSocket& socket) {
    while (conn.has_pending_output()) {
        const auto out = conn.pending_output();
        const ssize_t sent = ::send(socket.fd(), out.data(), out.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return transport_error("send");
        }
        conn.consume_output(static_cast<std::size_t>(sent));
    }
    return {};
}

Result<bool> TlsStream::receive_once() {
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    for (;;) {
        const ssize_t received = ::recv(m_socket.fd(), buffer.data(), buffer.size(), 0);
        if (received < 0 && errno == EINTR) {
            continue;
        }
        if (received < 0) {
            return transport_error("recv");
        }
        if (received == 0) {
            return false;
        }
        const auto fed = m_conn->feed(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(received)));
        if (!fed.ok()) {
            (void)flush(*m_conn, m_socket);  // send the alert the failure queued
            return fed.error();
        }
        NXS_TRY(flush(*m_conn, m_socket));
        return true;
    }
}

Result<void> TlsStream::handshake() {
    for (;;) {
        NXS_TRY(flush(*m_conn, m_socket));
        if (m_conn->is_handshake_done()) {
            return {};
        }
        NXS_TRY_ASSIGN(const bool open, receive_once());
        if (!open) {
            return Error(Status::kTlsNoCloseResponse, "the peer closed the TCP connection during the handshake");
        }
    }
}

Result<std::size_t> TlsStream::read(std::span<std::uint8_t> out) {
    for (;;) {
        NXS_TRY_ASSIGN(const auto count, m_conn->read(out));
        NXS_TRY(flush(*m_conn, m_socket));  // KeyUpdate answers and the like
        if (count != 0 || out.empty()) {
            return count;
        }
        if (m_conn->is_peer_closed()) {
            return std::size_t{0};
        }
        NXS_TRY_ASSIGN(const bool open, receive_once());
        if (!open) {
            if (m_conn->readable() == 0 && !m_conn->is_peer_closed()) {
                return closed_without_close_notify();
            }
        }
    }
}

Result<void> TlsStream::write_all(std::span<const std::uint8_t> data) {
    NXS_TRY(m_conn->write(data));
    return flush(*m_conn, m_socket);
}

Result<void> TlsStream::close() {
    NXS_TRY(m_conn->close());
    return flush(*m_conn, m_socket);
}

unsigned NonBlockingTls::wanted_events() const noexcept {
    unsigned events = 0;
    if (m_conn->has_pending_output()) {
        events |= kWrite;
    }
    if (!m_eof && !m_conn->is_peer_closed() && !m_conn->fatal_error()) {
        events |= kRead;
    }
    return events;
}

Result<bool> NonBlockingTls::on_readable() {
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    for (;;) {
        const ssize_t received = ::recv(m_socket.fd(), buffer.data(), buffer.size(), 0);
        if (received < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true;
            }
            return transport_error("recv");
        }
        if (received == 0) {
            m_eof = true;
            return false;
        }
        NXS_TRY(m_conn->feed(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(received))));
    }
}

Result<void> NonBlockingTls::on_writable() {
    while (m_conn->has_pending_output()) {
        const auto out = m_conn->pending_output();
        const ssize_t sent = ::send(m_socket.fd(), out.data(), out.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return {};
            }
            return transport_error("send");
        }
        m_conn->consume_output(static_cast<std::size_t>(sent));
    }
    return {};
}

}  // namespace nxs::io
