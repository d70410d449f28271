// nxs client — a TLS client in the manner of `openssl s_client`: stdin goes to the server, the server's data to
// stdout. Failures print the NX_SECURE_* name and the explanation on stderr and exit 1.
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "args.h"
#include "commands.h"
#include "nxs/connection.h"
#include "nxs/io/tcp_stream.h"
#include "tls_tool_util.h"
#include "x509_commands.h"

namespace nxs::cli {
namespace {

constexpr Option kOptions[] = {
    {"--servername", "NAME", "server name for SNI and the certificate check (default: HOST)"},
    {"--cafile", "FILE", "trust anchors, PEM or DER (default: the system store)"},
    {"--cert", "FILE", "client certificate chain, PEM (with --key)"},
    {"--key", "FILE", "client private key, PEM or DER"},
    {"--groups", "LIST", "key exchange groups in order: x25519,p256,p384,p521,x448,ffdhe2048..ffdhe8192"},
    {"--ciphersuites", "LIST", "TLS 1.3 suites in order, e.g. TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"},
    {"--insecure", "", "do not verify the server's certificate (for tests only)"},
    {"--psl", "FILE", "Public Suffix List for wildcard names (default: the system list when installed)"},
    {"--no-psl", "", "no Public Suffix List: a wildcard such as *.co.uk may match"},
    {"--brief", "", "print one summary line of the handshake on stderr (at the end also KeyUpdate counts, if any)"},
    {"--alpn", "LIST", "application protocols to offer, in preference order, e.g. h2,http/1.1"},
    {"--sess-out", "FILE", "write the last session ticket received to FILE (for --sess-in)"},
    {"--sess-in", "FILE", "resume the session in FILE (stale or damaged: a warning and a full handshake)"},
    {"--keylogfile", "FILE", "append NSS key log lines (default: $SSLKEYLOGFILE when set)"},
    {"--psk", "HEX", "an external PSK (SHA-256) to offer, with --psk-identity"},
    {"--psk-identity", "ID", "the identity of --psk"},
    {"--key-update-after", "N", "send a KeyUpdate after every N records under one key (default: the cipher's limit)"},
};

constexpr CommandSpec kSpec{
    "client", "HOST:PORT [options]",
    "Connects with TLS 1.3, then copies stdin to the connection and the connection to stdout.\n"
    "At the end of stdin, close_notify is sent and the rest of the server's data is still read.",
    kOptions};

int fail(const Error& error) {
    std::fprintf(stderr, "nxs client: %s\n", describe_error(error).c_str());
    return kExitFailure;
}

Result<std::shared_ptr<const Config>> make_config(const ParsedArgs& args) {
    auto config = std::make_shared<Config>(Role::kClient);
    if (args.has("--insecure")) {
        config->insecure_skip_verify = true;
    } else {
        NXS_TRY_ASSIGN(config->trust_anchors, load_trust_anchors(args.value("--cafile").value_or("")));
        NXS_TRY_ASSIGN(config->public_suffixes, load_public_suffixes(args.value("--psl"), args.has("--no-psl")));
    }
    if (const auto groups = args.value("--groups")) {
        NXS_TRY_ASSIGN(config->groups, parse_groups(*groups));
        config->key_share_groups = {config->groups.front()};
    }
    if (const auto suites = args.value("--ciphersuites")) {
        NXS_TRY_ASSIGN(config->cipher_suites, parse_cipher_suites(*suites));
    }
    if (args.has("--cert") != args.has("--key")) {
        return Error(Status::kTlsCertificateNotFound, "--cert and --key go together");
    }
    if (args.has("--cert")) {
        NXS_TRY(add_certificate_files(*config, 1, *args.value("--cert"), *args.value("--key")));
    }
    if (const auto alpn = args.value("--alpn")) {
        NXS_TRY_ASSIGN(config->alpn_protocols, parse_alpn(*alpn));
    }
    if (const auto records = args.value("--key-update-after")) {
        NXS_TRY_ASSIGN(config->key_update_after_records, parse_key_update_after(*records));
    }
    config->key_log = key_log_from(args.value("--keylogfile"));
    NXS_TRY(add_psk_option(*config, args.value("--psk"), args.value("--psk-identity")));
    return std::shared_ptr<const Config>(std::move(config));
}

// --sess-in: a session to offer, or none (with a warning) when the file is missing, damaged or stale.
std::optional<Session> load_session(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "nxs client: warning: cannot read %s; doing a full handshake\n", path.c_str());
        return std::nullopt;
    }
    auto session = Session::from_bytes(bytes);
    if (!session.ok()) {
        std::fprintf(stderr, "nxs client: warning: %s is not a usable session (%s); doing a full handshake\n",
                     path.c_str(), describe_error(session.error()).c_str());
        return std::nullopt;
    }
    if (!session->usable_at(system_clock()->now())) {
        std::fprintf(stderr, "nxs client: warning: the session in %s has expired; doing a full handshake\n",
                     path.c_str());
        return std::nullopt;
    }
    return std::move(session).value();
}

void save_session(const Connection& conn, const std::string& path) {
    const auto session = conn.session();
    if (!session) {
        std::fprintf(stderr, "nxs client: warning: no session ticket arrived; %s not written\n", path.c_str());
        return;
    }
    const auto bytes = session->to_bytes();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));  // NOLINT
    if (!out.good()) {
        std::fprintf(stderr, "nxs client: warning: cannot write %s\n", path.c_str());
    }
}

// Tickets follow the server's handshake flight (RFC 8446 §4.6.1): wait up to `timeout_ms` for one.
void wait_for_ticket(io::TlsStream& stream, int timeout_ms) {
    auto& conn = stream.connection();
    while (!conn.session() && timeout_ms > 0 && !conn.is_peer_closed()) {
        pollfd fd{stream.socket().fd(), POLLIN, 0};
        const int ready = ::poll(&fd, 1, 50);
        timeout_ms -= 50;
        if (ready > 0) {
            const auto open = stream.receive_once();
            if (!open.ok() || !*open) {
                return;
            }
        }
    }
}

void flush_readable(Connection& conn) {
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    while (conn.readable() != 0) {
        const auto n = conn.read(buffer);
        if (!n.ok()) {
            return;
        }
        std::fwrite(buffer.data(), 1, *n, stdout);
    }
    std::fflush(stdout);
}

// Copies stdin → connection and connection → stdout until the server closes.
Result<void> pump(io::TlsStream& stream) {
    auto& conn = stream.connection();
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    bool stdin_open = true;
    if (conn.is_peer_closed()) {
        return {};  // the server closed while we waited for a ticket
    }
    for (;;) {
        std::array<pollfd, 2> fds{{{stream.socket().fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}}};
        const nfds_t count = stdin_open ? 2 : 1;
        if (::poll(fds.data(), count, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Error(Status::kTlsTcpSendFailed, "poll failed");
        }
        if (stdin_open && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
            const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
            if (n > 0) {
                NXS_TRY(stream.write_all(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n))));
            } else {
                stdin_open = false;
                NXS_TRY(stream.close());
            }
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            NXS_TRY_ASSIGN(const bool open, stream.receive_once());
            while (conn.readable() != 0) {
                NXS_TRY_ASSIGN(const auto n, conn.read(buffer));
                std::fwrite(buffer.data(), 1, n, stdout);
            }
            std::fflush(stdout);
            if (conn.is_peer_closed()) {
                return {};
            }
            if (!open) {
                return Error(Status::kTlsNoCloseResponse,
                             "the server closed the TCP connection without sending close_notify");
            }
        }
    }
}

}  // namespace

int cmd_client(std::span<const std::string_view> argv) {
    const auto parsed = parse_args(kSpec, argv);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    const auto& args = parsed.args();
    if (args.has("--help")) {
        return print_help(kSpec);
    }
    if (args.positional().size() != 1) {
        return usage_error(kSpec, "give exactly one HOST:PORT");
    }
    if (args.has("--psl") && args.has("--no-psl")) {
        return usage_error(kSpec, "--psl and --no-psl exclude each other");
    }
    const auto target = parse_host_port(args.positional().front(), false);
    if (!target.ok()) {
        return usage_error(kSpec, target.error().message());
    }
    const auto config = make_config(args);
    if (!config.ok()) {
        return fail(config.error());
    }
    auto socket = io::TcpSocket::connect(target->host, target->port);
    if (!socket.ok()) {
        return fail(socket.error());
    }
    std::optional<Session> session;
    if (const auto sess_in = args.value("--sess-in")) {
        session = load_session(*sess_in);
    }
    auto conn = Connection::client(*config, args.value("--servername").value_or(target->host), std::move(session));
    if (!conn.ok()) {
        return fail(conn.error());
    }
    io::TlsStream stream(std::move(conn).value(), std::move(socket).value());
    if (const auto done = stream.handshake(); !done.ok()) {
        return fail(done.error());
    }
    if (args.has("--brief")) {
        std::fprintf(stderr, "%s\n", brief_summary(stream.connection()).c_str());
    }
    const auto sess_out = args.value("--sess-out");
    if (sess_out) {
        wait_for_ticket(stream, 1000);
        flush_readable(stream.connection());
    }
    const auto pumped = pump(stream);
    if (sess_out) {
        save_session(stream.connection(), *sess_out);
    }
    if (const auto& info = stream.connection().info();
        args.has("--brief") && (info.key_updates_sent != 0 || info.key_updates_received != 0)) {
        std::fprintf(stderr, "key_updates sent=%s received=%s\n", std::to_string(info.key_updates_sent).c_str(),
                     std::to_string(info.key_updates_received).c_str());
    }
    if (!pumped.ok()) {
        return fail(pumped.error());
    }
    return kExitOk;
}

}  // namespace nxs::cli
