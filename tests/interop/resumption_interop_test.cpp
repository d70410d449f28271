// Resumption, ALPN and key logging against OpenSSL: `openssl s_client -sess_out/-sess_in` resuming with
// `nxs server`, `nxs client --sess-out/--sess-in` resuming with `openssl s_server`, ALPN chosen and refused both ways,
// and `nxs client --keylogfile`.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

class ResumptionInterop : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kOpenssl, "openssl");
    }

    static std::vector<std::string> s_client_argv(std::uint16_t port, const std::vector<std::string>& extra) {
        std::vector<std::string> argv{
            kOpenssl,      "s_client",         "-tls1_3", "-connect",         "127.0.0.1:" + std::to_string(port),
            "-servername", "test.nxs.example", "-CAfile", tls_file("ca.pem"), "-verify_return_error",
            "-ign_eof"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    }

    static BackgroundServer start_s_server(int connections, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> argv{kOpenssl,
                                      "s_server",
                                      "-tls1_3",
                                      "-accept",
                                      "127.0.0.1:0",
                                      "-naccept",
                                      std::to_string(connections),
                                      "-cert",
                                      tls_file("server-p256.pem"),
                                      "-key",
                                      tls_file("server-p256.key"),
                                      "-www"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return start_accepting_server(std::move(argv));
    }

    static PeerRun run_nxs_client(std::uint16_t port, const std::vector<std::string>& extra) {
        std::vector<std::string> argv{kNxsTool,           "client",           "127.0.0.1:" + std::to_string(port),
                                      "--servername",     "test.nxs.example", "--cafile",
                                      tls_file("ca.pem"), "--brief"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_to_end(std::move(argv), kGetRequest);
    }
};

TEST_F(ResumptionInterop, OpensslClientResumesWithNxsServer) {
    auto server = start_nxs_server("server-p256", {"--www"}, 2);
    ASSERT_NE(server.port, 0);
    const std::string session = temp_path("openssl.sess");
    std::remove(session.c_str());
    const auto first = run_to_end(s_client_argv(server.port, {"-sess_out", session}), kGetRequest);
    EXPECT_TRUE(exited_with(first, 0));
    EXPECT_NE(first.out.find("New, TLSv1.3"), std::string::npos) << describe(first);
    const auto second = run_to_end(s_client_argv(server.port, {"-sess_in", session}), kGetRequest);
    EXPECT_TRUE(exited_with(second, 0));
    EXPECT_NE(second.out.find("Reused, TLSv1.3"), std::string::npos) << describe(second);
    EXPECT_NE(second.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(second);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    EXPECT_NE(server.process->err().find("resumed=yes"), std::string::npos) << describe(*server.process);
    std::remove(session.c_str());
}

TEST_F(ResumptionInterop, NxsClientResumesWithOpensslServer) {
    auto server = start_s_server(2);
    ASSERT_NE(server.port, 0);
    const std::string session = temp_path("nxs.sess");
    std::remove(session.c_str());
    const auto first = run_nxs_client(server.port, {"--sess-out", session});
    EXPECT_TRUE(exited_with(first, 0));
    EXPECT_NE(brief_line(first.err).find("resumed=no"), std::string::npos) << describe(first);
    const auto second = run_nxs_client(server.port, {"--sess-in", session});
    EXPECT_TRUE(exited_with(second, 0));
    EXPECT_NE(brief_line(second.err).find("resumed=yes"), std::string::npos) << describe(second);
    EXPECT_NE(second.out.find("Reused, TLSv1.3"), std::string::npos) << describe(second);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    std::remove(session.c_str());
}

TEST_F(ResumptionInterop, DamagedSessionFileIsAWarningAndAFullHandshake) {
    auto server = start_s_server(1);
    ASSERT_NE(server.port, 0);
    const std::string session = temp_path("damaged.sess");
    std::ofstream(session, std::ios::binary) << "not a session";
    const auto run = run_nxs_client(server.port, {"--sess-in", session});
    EXPECT_TRUE(exited_with(run, 0));
    EXPECT_NE(run.err.find("warning"), std::string::npos) << describe(run);
    EXPECT_NE(brief_line(run.err).find("resumed=no"), std::string::npos) << describe(run);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    std::remove(session.c_str());
}

TEST_F(ResumptionInterop, OpensslClientGetsTheAlpnNxsServerPrefers) {
    // The server's order wins (RFC 7301 §3.2). The --www page speaks HTTP/1.x, so the lists are HTTP/1.x names.
    auto server = start_nxs_server("server-p256", {"--www", "--alpn", "http/1.1,http/1.0"});
    ASSERT_NE(server.port, 0);
    const auto client = run_to_end(s_client_argv(server.port, {"-alpn", "http/1.0,http/1.1"}), kGetRequest);
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("ALPN protocol: http/1.1"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    EXPECT_NE(server.process->err().find("alpn=http/1.1"), std::string::npos) << describe(*server.process);
}

TEST_F(ResumptionInterop, NxsServerRefusesAnAlpnItDoesNotSpeak) {
    auto server = start_nxs_server("server-p256", {"--www", "--alpn", "http/1.1"});
    ASSERT_NE(server.port, 0);
    const auto client = run_to_end(s_client_argv(server.port, {"-alpn", "imap"}), kGetRequest);
    EXPECT_FALSE(exited_with(client, 0));
    EXPECT_NE((client.out + client.err).find("no application protocol"), std::string::npos) << describe(client);
    server.process->wait(deadline_in(kTimeout));
    EXPECT_NE(server.process->err().find("NX_SECURE_TLS_UNSUPPORTED_FEATURE"), std::string::npos)
        << describe(*server.process);
}

TEST_F(ResumptionInterop, NxsClientAlpnWithOpensslServer) {
    auto server = start_s_server(1, {"-alpn", "h2"});
    ASSERT_NE(server.port, 0);
    const auto client = run_nxs_client(server.port, {"--alpn", "http/1.1,h2"});
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(brief_line(client.err).find("alpn=h2"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

TEST_F(ResumptionInterop, NxsClientWritesAKeyLog) {
    auto server = start_s_server(1);
    ASSERT_NE(server.port, 0);
    const std::string keylog = temp_path("keylog.txt");
    std::remove(keylog.c_str());
    const auto client = run_nxs_client(server.port, {"--keylogfile", keylog});
    EXPECT_TRUE(exited_with(client, 0));
    const std::string lines = read_text(keylog);
    for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_HANDSHAKE_TRAFFIC_SECRET ",
                              "CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 ", "EXPORTER_SECRET "}) {
        EXPECT_NE(lines.find(label), std::string::npos) << label << " missing from\n" << lines;
    }
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    std::remove(keylog.c_str());
}

constexpr const char* kPskHex = "0102030405060708090a0b0c0d0e0f10";

TEST_F(ResumptionInterop, NxsClientExternalPskWithOpensslServerWithoutCertificate) {
    auto server = start_accepting_server({kOpenssl, "s_server", "-tls1_3", "-accept", "127.0.0.1:0", "-naccept", "1",
                                          "-nocert", "-psk", kPskHex, "-psk_identity", "device-1", "-www"});
    ASSERT_NE(server.port, 0);
    const auto client = run_to_end({kNxsTool, "client", "127.0.0.1:" + std::to_string(server.port), "--insecure",
                                    "--brief", "--psk", kPskHex, "--psk-identity", "device-1"},
                                   kGetRequest);
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("HTTP/1.0 200 ok"), std::string::npos) << describe(client);  // s_server -www
    // OpenSSL reports a PSK handshake as "Reused".
    EXPECT_NE(client.out.find("Reused, TLSv1.3"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

TEST_F(ResumptionInterop, OpensslClientExternalPskWithNxsServerWithoutCertificate) {
    auto server = start_accepting_server({kNxsTool, "server", "--accept", "127.0.0.1:0", "--naccept", "1", "--psk",
                                          kPskHex, "--psk-identity", "device-1", "--www"});
    ASSERT_NE(server.port, 0);
    const auto client =
        run_to_end({kOpenssl, "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(server.port), "-psk",
                    kPskHex, "-psk_identity", "device-1", "-ign_eof"},
                   kGetRequest);
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("Reused, TLSv1.3"), std::string::npos) << describe(client);
    EXPECT_NE(client.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

TEST_F(ResumptionInterop, OpensslClientWithAnUnknownPskIdentityIsRefused) {
    auto server = start_accepting_server({kNxsTool, "server", "--accept", "127.0.0.1:0", "--naccept", "1", "--psk",
                                          kPskHex, "--psk-identity", "device-1", "--www"});
    ASSERT_NE(server.port, 0);
    const auto client =
        run_to_end({kOpenssl, "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(server.port), "-psk",
                    kPskHex, "-psk_identity", "device-2", "-ign_eof"},
                   kGetRequest);
    EXPECT_FALSE(exited_with(client, 0));
    server.process->wait(deadline_in(kTimeout));
    EXPECT_NE(server.process->err().find("NX_SECURE_TLS_NO_MATCHING_PSK"), std::string::npos)
        << describe(*server.process);
}

TEST_F(ResumptionInterop, ExpiredSessionFileIsAWarningAndAFullHandshake) {
    auto server = start_s_server(1);
    ASSERT_NE(server.port, 0);
    // A well-formed session (format 1) received at time 1000 with a lifetime of 7200 s: long expired.
    std::string bytes{1, 0, 1, 'T', 32};
    bytes.append(32, '\x11');
    bytes += std::string{0x13, 0x01, 16} + "test.nxs.example" + std::string{0, 0, 0, 0x1C, 0x20, 0, 0, 0, 0};
    bytes += std::string{0, 0, 0, 0, 0, 0, 0x03, static_cast<char>(0xE8)};
    const std::string session = temp_path("expired.sess");
    std::ofstream(session, std::ios::binary) << bytes;
    const auto run = run_nxs_client(server.port, {"--sess-in", session});
    EXPECT_TRUE(exited_with(run, 0));
    EXPECT_NE(run.err.find("has expired"), std::string::npos) << describe(run);
    EXPECT_NE(brief_line(run.err).find("resumed=no"), std::string::npos) << describe(run);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    std::remove(session.c_str());
}

// Option values the tools refuse before they connect (port 1: nothing is contacted).
TEST_F(ResumptionInterop, BadOptionValuesAreRefused) {
    const auto client = [](std::vector<std::string> extra) {
        std::vector<std::string> argv{kNxsTool, "client", "127.0.0.1:1", "--insecure"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_to_end(std::move(argv), "");
    };
    const auto empty_name = client({"--alpn", "h2,,http/1.1"});
    EXPECT_TRUE(exited_with(empty_name, 1));
    EXPECT_NE(empty_name.err.find("ALPN protocol names"), std::string::npos) << describe(empty_name);
    const auto long_name = client({"--alpn", std::string(256, 'a')});
    EXPECT_TRUE(exited_with(long_name, 1));
    const auto bad_hex = client({"--psk", "zz", "--psk-identity", "x"});
    EXPECT_TRUE(exited_with(bad_hex, 1));
    EXPECT_NE(bad_hex.err.find("hex"), std::string::npos) << describe(bad_hex);
    const auto half = client({"--psk", "0102"});
    EXPECT_TRUE(exited_with(half, 1));
    EXPECT_NE(half.err.find("go together"), std::string::npos) << describe(half);

    const auto tickets =
        run_to_end({kNxsTool, "server", "--accept", "127.0.0.1:0", "--cert", tls_file("server-p256.pem"), "--key",
                    tls_file("server-p256.key"), "--echo", "--num-tickets", "99"},
                   "");
    EXPECT_TRUE(exited_with(tickets, 1));
    EXPECT_NE(tickets.err.find("--num-tickets"), std::string::npos) << describe(tickets);
    const auto no_credentials = run_to_end({kNxsTool, "server", "--accept", "127.0.0.1:0", "--echo"}, "");
    EXPECT_TRUE(exited_with(no_credentials, 2));
    // The --www page is HTTP/1.x: a server that would select h2 and then answer in HTTP/1.0 is refused at start.
    const auto www_h2 =
        run_to_end({kNxsTool, "server", "--accept", "127.0.0.1:0", "--cert", tls_file("server-p256.pem"), "--key",
                    tls_file("server-p256.key"), "--www", "--alpn", "h2,http/1.1"},
                   "");
    EXPECT_TRUE(exited_with(www_h2, 2));
    EXPECT_NE(www_h2.err.find("HTTP/1.x only"), std::string::npos) << describe(www_h2);
}

}  // namespace
}  // namespace nxs::interop
