// nxs demo — the main job on its own: an ephemeral CA and server certificate made in memory, a server and a client
// on loopback, a verified TLS 1.3 handshake, data both ways, and what was negotiated.
#include <cstdio>
#include <string>
#include <thread>

#include "args.h"
#include "commands.h"
#include "nxs/connection.h"
#include "nxs/io/tcp_stream.h"
#include "nxs/x509/builder.h"
#include "tls_tool_util.h"

namespace nxs::cli {
namespace {

constexpr CommandSpec kSpec{"demo",
                            "",
                            "Makes a throwaway CA and server certificate, runs a TLS 1.3 server and client on\n"
                            "127.0.0.1, verifies the chain and host name, exchanges data, prints what was negotiated.",
                            {}};

constexpr std::string_view kGreeting = "hello from the nxs demo client";

struct DemoPki {
    x509::Certificate ca;
    x509::Certificate server;
    std::shared_ptr<const crypto::PrivateKey> server_key;
};

Result<DemoPki> make_pki(const crypto::Provider& provider, std::int64_t now) {
    NXS_TRY_ASSIGN(const auto ca_key, provider.generate_private_key({crypto::KeyType::kEc, crypto::EcCurve::kP256}));
    x509::CertificateTemplate ca_spec;
    ca_spec.common_name = "nxs demo CA";
    ca_spec.organization = "nxs";
    ca_spec.is_ca = true;
    ca_spec.path_length = 0;
    ca_spec.not_before = now - 3600;
    ca_spec.not_after = now + 86400;
    NXS_TRY_ASSIGN(auto ca, x509::build_certificate(provider, ca_spec, ca_key->public_spki_der(), nullptr, *ca_key));

    NXS_TRY_ASSIGN(auto server_key, provider.generate_private_key({crypto::KeyType::kEc, crypto::EcCurve::kP256}));
    x509::CertificateTemplate server_spec;
    server_spec.common_name = "localhost";
    server_spec.dns_names = {"localhost"};
    server_spec.ip_addresses = {"127.0.0.1"};
    server_spec.server_auth = true;
    server_spec.not_before = now - 3600;
    server_spec.not_after = now + 86400;
    NXS_TRY_ASSIGN(auto server,
                   x509::build_certificate(provider, server_spec, server_key->public_spki_der(), &ca, *ca_key));
    return DemoPki{std::move(ca), std::move(server), std::move(server_key)};
}

// Serves one connection: echoes what the client sends until it closes.
Result<void> serve_one(const io::TcpSocket& listener, std::shared_ptr<const Config> config) {
    NXS_TRY_ASSIGN(auto socket, listener.accept());
    NXS_TRY_ASSIGN(auto conn, Connection::server(std::move(config)));
    io::TlsStream stream(std::move(conn), std::move(socket));
    NXS_TRY(stream.handshake());
    std::array<std::uint8_t, 1024> buffer{};
    for (;;) {
        NXS_TRY_ASSIGN(const auto n, stream.read(buffer));
        if (n == 0) {
            return stream.close();
        }
        NXS_TRY(stream.write_all(std::span<const std::uint8_t>(buffer.data(), n)));
    }
}

Result<void> run_demo() {
    const auto provider = crypto::default_provider();
    const auto now = system_clock()->now();
    NXS_TRY_ASSIGN(auto pki, make_pki(*provider, now));
    std::printf("nxs demo: made an ephemeral CA (%s, P-256) and a server certificate for localhost / 127.0.0.1\n",
                pki.ca.subject().to_string().c_str());

    auto server_config = std::make_shared<Config>(Role::kServer, provider);
    NXS_TRY(server_config->add_certificate(1, {pki.server}, pki.server_key));
    auto anchors = std::make_shared<x509::TrustStore>();
    anchors->add(pki.ca);
    auto client_config = std::make_shared<Config>(Role::kClient, provider);
    client_config->trust_anchors = anchors;

    NXS_TRY_ASSIGN(auto listener, io::TcpSocket::listen("127.0.0.1", 0));
    const auto port = listener.local_port();
    std::printf("nxs demo: server listening on 127.0.0.1:%u\n", static_cast<unsigned>(port));
    Result<void> served = Error(Status::kTlsInvalidState, "the demo server did not run");
    std::thread server([&] { served = serve_one(listener, server_config); });

    auto client_result = [&]() -> Result<std::string> {
        NXS_TRY_ASSIGN(auto socket, io::TcpSocket::connect("127.0.0.1", port));
        NXS_TRY_ASSIGN(auto conn, Connection::client(client_config, "localhost"));
        io::TlsStream stream(std::move(conn), std::move(socket));
        NXS_TRY(stream.handshake());
        const auto& info = stream.connection().info();
        std::printf("nxs demo: handshake complete: %s\n", brief_summary(stream.connection()).c_str());
        std::printf("nxs demo: server certificate %s, verified against the demo CA; host name 'localhost' checked\n",
                    info.peer_chain.front().subject().to_string().c_str());
        if (info.peer_signature_scheme) {
            std::printf("nxs demo: server signed the handshake with %s\n",
                        std::string(crypto::signature_scheme_name(*info.peer_signature_scheme)).c_str());
        }
        NXS_TRY(stream.write_all(
            std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(kGreeting.data()),  // NOLINT
                                          kGreeting.size())));
        std::string echoed;
        std::array<std::uint8_t, 1024> buffer{};
        while (echoed.size() < kGreeting.size()) {
            NXS_TRY_ASSIGN(const auto n, stream.read(buffer));
            if (n == 0) {
                break;
            }
            echoed.append(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
        }
        NXS_TRY(stream.close());
        std::array<std::uint8_t, 16> rest{};
        (void)stream.read(rest);  // the server's close_notify
        return echoed;
    }();
    server.join();
    NXS_TRY(served);
    NXS_TRY_ASSIGN(const auto echoed, std::move(client_result));
    if (echoed != kGreeting) {
        return Error(Status::kTlsInvalidState, "the server echoed '" + echoed + "'");
    }
    std::printf("nxs demo: sent '%.*s' and the server echoed it back; both sides closed with close_notify\n",
                static_cast<int>(kGreeting.size()), kGreeting.data());
    std::printf("nxs demo: OK\n");
    return {};
}

}  // namespace

int cmd_demo(std::span<const std::string_view> argv) {
    const auto parsed = parse_args(kSpec, argv);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    if (parsed.args().has("--help")) {
        return print_help(kSpec);
    }
    if (!parsed.args().positional().empty()) {
        return usage_error(kSpec, "demo takes no arguments");
    }
    const auto result = run_demo();
    if (!result.ok()) {
        std::fprintf(stderr, "nxs demo: %s\n", describe_error(result.error()).c_str());
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace nxs::cli
