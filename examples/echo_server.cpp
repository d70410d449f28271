// A TLS 1.3 echo server with nxs::io::TlsStream, which moves the bytes between a blocking socket and the
// connection. One connection at a time; `nxs server` shows a poll loop serving many.
//
//   ./example_echo_server 4433 cert.pem key.pem
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "nxs/connection.h"
#include "nxs/io/tcp_stream.h"
#include "nxs/x509/private_key.h"

namespace {

std::vector<std::uint8_t> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s PORT CERT.pem KEY.pem\n", argv[0]);
        return 2;
    }
    auto config = std::make_shared<nxs::Config>(nxs::Role::kServer);
    auto chain = nxs::x509::parse_certificates(read_file(argv[2]));
    auto key = nxs::x509::load_private_key(config->provider(), read_file(argv[3]));
    if (!chain.ok() || !key.ok()) {
        std::fprintf(stderr, "%s\n", (!chain.ok() ? chain.error() : key.error()).to_string().c_str());
        return 1;
    }
    // ID 1; a server may hold several certificates and picks one by SNI and signature scheme.
    if (const auto added = config->add_certificate(1, std::move(chain).value(), std::move(key).value()); !added.ok()) {
        std::fprintf(stderr, "%s\n", added.error().to_string().c_str());
        return 1;
    }
    auto listener = nxs::io::TcpSocket::listen("127.0.0.1", static_cast<std::uint16_t>(std::stoi(argv[1])));
    if (!listener.ok()) {
        std::fprintf(stderr, "%s\n", listener.error().to_string().c_str());
        return 1;
    }
    for (;;) {
        auto socket = listener->accept();
        auto conn = nxs::Connection::server(config);
        if (!socket.ok() || !conn.ok()) {
            continue;
        }
        nxs::io::TlsStream stream(std::move(conn).value(), std::move(socket).value());
        if (const auto done = stream.handshake(); !done.ok()) {
            std::fprintf(stderr, "handshake failed: %s\n", done.error().to_string().c_str());
            continue;
        }
        std::array<std::uint8_t, 16384> buffer{};
        for (;;) {
            const auto n = stream.read(buffer);
            if (!n.ok() || *n == 0 || !stream.write_all({buffer.data(), *n}).ok()) {
                break;
            }
        }
        (void)stream.close();
    }
}
