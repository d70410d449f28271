// A complete TLS 1.3 client with nxs, over a blocking socket, moving the bytes by hand so that every step the
// caller owns is visible: connect, hand received bytes to the connection, send what it queues, read the answer.
//
//   ./example_https_get example.com 443 /            (trust anchors: the system store)
//   ./example_https_get localhost 4433 / ca.pem      (trust anchors: ca.pem)
#include <sys/socket.h>

#include <array>
#include <cstdio>
#include <string>

#include "nxs/connection.h"
#include "nxs/io/tcp_stream.h"

namespace {

// Sends everything the connection has queued (ClientHello, Finished, application data, alerts).
bool send_pending(nxs::Connection& conn, int fd) {
    while (conn.has_pending_output()) {
        const auto out = conn.pending_output();
        const ssize_t sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        conn.consume_output(static_cast<std::size_t>(sent));
    }
    return true;
}

int fail(const nxs::Error& error) {
    std::fprintf(stderr, "%s\n", error.to_string().c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s HOST PORT PATH [CAFILE]\n", argv[0]);
        return 2;
    }
    const std::string host = argv[1];
    const auto port = static_cast<std::uint16_t>(std::stoi(argv[2]));

    // 1. A Config, shared by every connection made from it: trust anchors and defaults (TLS 1.3, all suites).
    auto config = std::make_shared<nxs::Config>(nxs::Role::kClient);
    auto anchors = std::make_shared<nxs::x509::TrustStore>();
    const auto loaded = argc > 4 ? anchors->load_file(argv[4]) : anchors->load_system();
    if (!loaded.ok()) {
        return fail(loaded.error());
    }
    config->trust_anchors = anchors;

    // 2. A socket (nxs::io::TcpSocket is a thin RAII wrapper; any connected socket works).
    auto socket = nxs::io::TcpSocket::connect(host, port);
    if (!socket.ok()) {
        return fail(socket.error());
    }
    const int fd = socket->fd();

    // 3. The connection: the ClientHello is queued at once; the host name is checked against the certificate.
    auto made = nxs::Connection::client(config, host);
    if (!made.ok()) {
        return fail(made.error());
    }
    auto& conn = *made.value();

    // 4. The handshake: send, receive, feed, until done. A fatal error queues an alert: send it before giving up.
    std::array<std::uint8_t, 16384> buffer{};
    while (!conn.is_handshake_done()) {
        if (!send_pending(conn, fd)) {
            return 1;
        }
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            std::fprintf(stderr, "connection closed during the handshake\n");
            return 1;
        }
        if (const auto fed = conn.feed({buffer.data(), static_cast<std::size_t>(n)}); !fed.ok()) {
            send_pending(conn, fd);
            return fail(fed.error());
        }
    }
    const auto& info = conn.info();
    std::fprintf(stderr, "%s %s %s, server certificate %s\n", info.version_name.c_str(), info.cipher_suite_name.c_str(),
                 info.group_name.c_str(), info.peer_chain.front().subject().to_string().c_str());

    // 5. Application data: write queues encrypted records; read returns what feed decrypted.
    const std::string request = std::string("GET ") + argv[3] + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
    if (!conn.write({reinterpret_cast<const std::uint8_t*>(request.data()), request.size()}).ok() ||
        !send_pending(conn, fd)) {
        return 1;
    }
    while (!conn.is_peer_closed()) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            break;  // TCP closed (servers often skip close_notify after HTTP/1.0)
        }
        if (const auto fed = conn.feed({buffer.data(), static_cast<std::size_t>(n)}); !fed.ok()) {
            return fail(fed.error());
        }
        send_pending(conn, fd);  // e.g. the answer to a KeyUpdate
        while (conn.readable() != 0) {
            const auto got = conn.read(buffer);
            std::fwrite(buffer.data(), 1, got.value_or(0), stdout);
        }
    }

    // 6. close_notify.
    (void)conn.close();
    send_pending(conn, fd);
    return 0;
}
