// nxs server — a TLS server in the manner of `openssl s_server`: serves connections until stopped (or --naccept N
// of them), each either echoed (--echo) or answered with a small HTML page (--www). Many connections are served at
// once from one poll loop. A failed handshake is logged with its code and the server keeps serving.
#include <poll.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <optional>
#include <string>

#include "args.h"
#include "commands.h"
#include "nxs/connection.h"
#include "nxs/io/tcp_stream.h"
#include "tls_tool_util.h"

namespace nxs::cli {
namespace {

constexpr Option kOptions[] = {
    {"--accept", "[HOST:]PORT", "where to listen (PORT 0 picks a free port; the ACCEPT line on stdout names it)"},
    {"--cert", "FILE", "certificate chain, PEM (leaf first)"},
    {"--key", "FILE", "private key of --cert, PEM or DER"},
    {"--cert2", "FILE", "a second certificate chain (chosen by SNI and signature schemes)"},
    {"--key2", "FILE", "private key of --cert2"},
    {"--cafile", "FILE", "trust anchors for client certificates"},
    {"--verify-client", "", "ask for a client certificate; verify it when sent"},
    {"--require-client", "", "require a client certificate"},
    {"--groups", "LIST", "key exchange groups in preference order"},
    {"--ciphersuites", "LIST", "TLS 1.3 suites in preference order"},
    {"--echo", "", "send back what each client sends"},
    {"--www", "", "answer an HTTP GET with a page naming what was negotiated"},
    {"--naccept", "N", "exit after N connections"},
    {"--alpn", "LIST", "application protocols in preference order, e.g. h2,http/1.1 (--www: http/1.1, http/1.0)"},
    {"--num-tickets", "N", "session tickets sent after each handshake (default 2; 0 disables resumption)"},
    {"--keylogfile", "FILE", "append NSS key log lines (default: $SSLKEYLOGFILE when set)"},
    {"--psk", "HEX", "an external PSK (SHA-256) clients may use, with --psk-identity (then --cert is optional)"},
    {"--psk-identity", "ID", "the identity of --psk"},
    {"--key-update-after", "N", "send a KeyUpdate after every N records under one key (default: the cipher's limit)"},
};

constexpr CommandSpec kSpec{
    "server", "--accept [HOST:]PORT (--cert F --key F | --psk HEX --psk-identity ID) (--echo | --www) [options]",
    "Serves TLS 1.3 connections until stopped.", kOptions};

int fail(const Error& error) {
    std::fprintf(stderr, "nxs server: %s\n", describe_error(error).c_str());
    return kExitFailure;
}

Result<std::shared_ptr<const Config>> make_config(const ParsedArgs& args) {
    auto config = std::make_shared<Config>(Role::kServer);
    if (args.has("--cert")) {
        NXS_TRY(add_certificate_files(*config, 1, *args.value("--cert"), *args.value("--key")));
    }
    if (args.has("--cert2")) {
        NXS_TRY(add_certificate_files(*config, 2, *args.value("--cert2"), args.value("--key2").value_or("")));
    }
    if (args.has("--verify-client") || args.has("--require-client")) {
        NXS_TRY_ASSIGN(config->trust_anchors, load_trust_anchors(args.value("--cafile").value_or("")));
        config->client_auth = args.has("--require-client") ? ClientAuth::kRequired : ClientAuth::kOptional;
    }
    if (const auto groups = args.value("--groups")) {
        NXS_TRY_ASSIGN(config->groups, parse_groups(*groups));
    }
    if (const auto suites = args.value("--ciphersuites")) {
        NXS_TRY_ASSIGN(config->cipher_suites, parse_cipher_suites(*suites));
    }
    if (const auto alpn = args.value("--alpn")) {
        NXS_TRY_ASSIGN(config->alpn_protocols, parse_alpn(*alpn));
    }
    if (const auto tickets = args.value("--num-tickets")) {
        char* end = nullptr;
        const long n = std::strtol(tickets->c_str(), &end, 10);
        if (tickets->empty() || *end != '\0' || n < 0 || n > 16) {
            return Error(Status::kTlsUnsupportedFeature, "--num-tickets needs a number from 0 to 16");
        }
        config->num_tickets = static_cast<std::size_t>(n);
    }
    if (const auto records = args.value("--key-update-after")) {
        NXS_TRY_ASSIGN(config->key_update_after_records, parse_key_update_after(*records));
    }
    config->key_log = key_log_from(args.value("--keylogfile"));
    NXS_TRY(add_psk_option(*config, args.value("--psk"), args.value("--psk-identity")));
    return std::shared_ptr<const Config>(std::move(config));
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string www_page(const Connection& conn) {
    const auto& info = conn.info();
    const std::string client =
        info.peer_chain.empty() ? std::string("none") : html_escape(info.peer_chain.front().subject().to_string());
    const std::string body =
        "<!DOCTYPE html>\n<html><head><title>nxs</title></head><body>\n<h1>nxs server</h1>\n<ul>\n"
        "<li>protocol: " +
        info.version_name + "</li>\n<li>cipher suite: " + info.cipher_suite_name +
        "</li>\n<li>group: " + info.group_name +
        "</li>\n<li>server name: " + html_escape(info.server_name.empty() ? "-" : info.server_name) +
        "</li>\n<li>client certificate: " + client + "</li>\n</ul>\n</body></html>\n";
    return "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// True when every protocol of an --alpn list is one the --www page can be served in (RFC 7301 §6 registry names).
bool www_speaks_every_alpn(const std::optional<std::string>& alpn) {
    if (!alpn) {
        return true;
    }
    const auto protocols = parse_alpn(*alpn);
    if (!protocols.ok()) {
        return true;  // make_config reports the malformed list itself
    }
    for (const auto& protocol : *protocols) {
        if (protocol != "http/1.1" && protocol != "http/1.0") {
            return false;
        }
    }
    return true;
}

struct Session {
    io::NonBlockingTls tls;
    std::string peer;
    std::string request;  // --www: what arrived so far
    bool handshake_logged = false;
    bool finished = false;
};

enum class Mode { kEcho, kWww };

// When a connection ends: how many KeyUpdates went each way, if any did.
void log_key_updates(Session& session) {
    const auto& info = session.tls.connection().info();
    if (info.key_updates_sent == 0 && info.key_updates_received == 0) {
        return;
    }
    std::fprintf(stderr, "nxs server: %s key_updates sent=%s received=%s\n", session.peer.c_str(),
                 std::to_string(info.key_updates_sent).c_str(), std::to_string(info.key_updates_received).c_str());
}

// Moves one session forward after its socket was readable; false when it is over.
bool serve(Session& session, Mode mode) {
    auto& conn = session.tls.connection();
    auto received = session.tls.on_readable();
    if (!received.ok()) {
        std::fprintf(stderr, "nxs server: %s %s: %s\n", session.peer.c_str(),
                     conn.is_handshake_done() ? "connection failed" : "handshake failed",
                     describe_error(received.error()).c_str());
        (void)session.tls.on_writable();  // the alert
        return false;
    }
    if (conn.is_handshake_done() && !session.handshake_logged) {
        session.handshake_logged = true;
        std::fprintf(stderr, "nxs server: %s %s\n", session.peer.c_str(), brief_summary(conn).c_str());
    }
    std::array<std::uint8_t, std::size_t{16} * 1024> buffer{};
    while (conn.readable() != 0) {
        const auto n = conn.read(buffer);
        if (!n.ok()) {
            return false;
        }
        const auto data = std::span<const std::uint8_t>(buffer.data(), *n);
        if (mode == Mode::kEcho) {
            (void)conn.write(data);
        } else {
            session.request.append(data.begin(), data.end());
            if (session.request.find("\r\n\r\n") != std::string::npos && !session.finished) {
                const auto page = www_page(conn);
                (void)conn.write(
                    std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(page.data()),  // NOLINT
                                                  page.size()));
                (void)conn.close();
                session.finished = true;
            }
        }
    }
    if (conn.is_peer_closed() && !conn.is_closed()) {
        (void)conn.close();
    }
    if (conn.is_peer_closed()) {
        (void)conn.close();
        session.finished = true;
    }
    if (!received.value() && !conn.is_peer_closed()) {
        return false;  // TCP closed without close_notify
    }
    return true;
}

}  // namespace

int cmd_server(std::span<const std::string_view> argv) {
    const auto parsed = parse_args(kSpec, argv);
    if (!parsed.ok()) {
        return usage_error(kSpec, parsed.error());
    }
    const auto& args = parsed.args();
    if (args.has("--help")) {
        return print_help(kSpec);
    }
    if (!args.has("--accept") || args.has("--cert") != args.has("--key") ||
        (!args.has("--cert") && !args.has("--psk"))) {
        return usage_error(kSpec, "--accept and --cert with --key (or --psk) are required");
    }
    if (args.has("--echo") == args.has("--www")) {
        return usage_error(kSpec, "choose one of --echo and --www");
    }
    const Mode mode = args.has("--echo") ? Mode::kEcho : Mode::kWww;
    if (mode == Mode::kWww && !www_speaks_every_alpn(args.value("--alpn"))) {
        // Selecting h2 (or anything else) and then answering in HTTP/1.0 would break the client after the handshake.
        return usage_error(kSpec, "--www answers in HTTP/1.x only: with it, --alpn may name http/1.1 and http/1.0");
    }
    const auto where = parse_host_port(*args.value("--accept"), true);
    if (!where.ok()) {
        return usage_error(kSpec, where.error().message());
    }
    long limit = -1;
    if (const auto n = args.value("--naccept")) {
        limit = std::strtol(n->c_str(), nullptr, 10);
        if (limit <= 0) {
            return usage_error(kSpec, "--naccept needs a positive number");
        }
    }
    const auto config = make_config(args);
    if (!config.ok()) {
        return fail(config.error());
    }
    auto listener = io::TcpSocket::listen(where->host.empty() ? "127.0.0.1" : where->host, where->port);
    if (!listener.ok()) {
        return fail(listener.error());
    }
    std::printf("ACCEPT %s:%u\n", where->host.empty() ? "127.0.0.1" : where->host.c_str(),
                static_cast<unsigned>(listener->local_port()));
    std::fflush(stdout);

    std::list<Session> sessions;
    long accepted = 0;
    for (;;) {
        if (limit >= 0 && accepted >= limit && sessions.empty()) {
            return kExitOk;
        }
        std::vector<pollfd> fds;
        const bool accepting = limit < 0 || accepted < limit;
        fds.push_back({accepting ? listener->fd() : -1, POLLIN, 0});
        for (auto& session : sessions) {
            const unsigned wanted = session.tls.wanted_events();
            short events = 0;
            if ((wanted & io::NonBlockingTls::kRead) != 0) {
                events = static_cast<short>(events | POLLIN);
            }
            if ((wanted & io::NonBlockingTls::kWrite) != 0) {
                events = static_cast<short>(events | POLLOUT);
            }
            fds.push_back({session.tls.socket().fd(), events, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            continue;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            auto socket = listener->accept();
            if (socket.ok() && socket->set_nonblocking(true).ok()) {
                ++accepted;
                const auto peer = socket->peer_address();
                auto conn = Connection::server(*config);
                if (conn.ok()) {
                    sessions.push_back(Session{io::NonBlockingTls(std::move(conn).value(), std::move(socket).value()),
                                               peer,
                                               {},
                                               false,
                                               false});
                }
            }
        }
        std::size_t index = 1;
        for (auto it = sessions.begin(); it != sessions.end(); ++index) {
            const short revents = index < fds.size() ? fds[index].revents : 0;
            bool keep = true;
            if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                keep = serve(*it, mode);
            }
            if (keep) {
                keep = it->tls.on_writable().ok();
            }
            if (keep && it->finished && !it->tls.connection().has_pending_output()) {
                keep = false;
            }
            if (!keep) {
                log_key_updates(*it);
            }
            it = keep ? std::next(it) : sessions.erase(it);
        }
    }
}

}  // namespace nxs::cli
