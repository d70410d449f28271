// `openssl s_client -tls1_3` against `nxs server`: s_client verifies nxs's chain and host name, and the page of
// `nxs server --www` names what nxs negotiated; s_client's own summary must say the same.
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

class OpensslClientToNxsServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kOpenssl, "openssl");
    }

    static std::vector<std::string> s_client_argv(std::uint16_t port, const std::vector<std::string>& extra) {
        std::vector<std::string> argv{kOpenssl,
                                      "s_client",
                                      "-tls1_3",
                                      "-connect",
                                      "127.0.0.1:" + std::to_string(port),
                                      "-servername",
                                      "test.nxs.example",
                                      "-verify_hostname",
                                      "test.nxs.example",
                                      "-CAfile",
                                      tls_file("ca.pem"),
                                      "-verify_return_error"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    }

    // s_client sends a GET and, with -ign_eof, reads the page until nxs closes.
    static PeerRun get_page(std::uint16_t port, const std::vector<std::string>& extra = {}) {
        auto argv = s_client_argv(port, extra);
        argv.emplace_back("-ign_eof");
        return run_to_end(std::move(argv), kGetRequest);
    }

    // The suite s_client reports ("New, TLSv1.3, Cipher is ..."), or "".
    static std::string negotiated_suite(const PeerRun& client) {
        constexpr std::string_view kMarker = "New, TLSv1.3, Cipher is ";
        const auto start = client.out.find(kMarker);
        if (start == std::string::npos) {
            return "";
        }
        const auto end = client.out.find('\n', start);
        return client.out.substr(start + kMarker.size(), end - start - kMarker.size());
    }

    // The page came back naming TLS 1.3, the suite s_client reports (SUITE when it is given) and GROUP; s_client
    // verified the chain.
    static void expect_page(const PeerRun& client, BackgroundServer& server, std::string_view group,
                            std::string_view suite = "") {
        EXPECT_TRUE(exited_with(client, 0));
        const std::string negotiated = negotiated_suite(client);
        if (!suite.empty()) {
            EXPECT_EQ(negotiated, suite) << describe(client);
        }
        EXPECT_NE(client.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("<li>protocol: TLSv1.3</li>"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("<li>cipher suite: " + negotiated + "</li>"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("<li>group: " + std::string(group) + "</li>"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("Verify return code: 0 (ok)"), std::string::npos) << describe(client);
        EXPECT_TRUE(server_exits_cleanly(*server.process));
        EXPECT_NE(server.process->err().find("version=TLSv1.3 suite=" + negotiated + " group=" + std::string(group)),
                  std::string::npos)
            << describe(*server.process);
    }
};

class OpensslClientToNxsServerSuite : public OpensslClientToNxsServer,
                                      public ::testing::WithParamInterface<SuiteNames> {};

TEST_P(OpensslClientToNxsServerSuite, ServesWithTheOnlySuiteTheClientOffers) {
    const std::string suite(GetParam().iana);
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    expect_page(get_page(server.port, {"-ciphersuites", suite}), server, "x25519", suite);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, OpensslClientToNxsServerSuite, ::testing::ValuesIn(kSuites), suite_test_name);

class OpensslClientToNxsServerGroup : public OpensslClientToNxsServer,
                                      public ::testing::WithParamInterface<GroupNames> {};

TEST_P(OpensslClientToNxsServerGroup, ServesWithTheOnlyGroupTheClientOffers) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port, {"-groups", std::string(GetParam().openssl)});
    expect_page(client, server, GetParam().reported);
    EXPECT_NE(client.out.find("Server Temp Key: " + std::string(GetParam().openssl_temp_key) + ","), std::string::npos)
        << describe(client);
}

INSTANTIATE_TEST_SUITE_P(AllGroups, OpensslClientToNxsServerGroup, ::testing::ValuesIn(kGroups), group_test_name);

TEST_F(OpensslClientToNxsServer, EcdsaP256Certificate) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port);
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("Peer signature type: ECDSA"), std::string::npos) << describe(client);
}

TEST_F(OpensslClientToNxsServer, EcdsaP384Certificate) {
    auto server = start_nxs_server("server-p384", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port);
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("Peer signing digest: SHA384"), std::string::npos) << describe(client);
}

TEST_F(OpensslClientToNxsServer, RsaCertificateSignsWithPss) {
    auto server = start_nxs_server("server-rsa", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port);
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("Peer signature type: RSA-PSS"), std::string::npos) << describe(client);
}

TEST_F(OpensslClientToNxsServer, Ed25519Certificate) {
    auto server = start_nxs_server("server-ed25519", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port);
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("Peer signature type: ed25519"), std::string::npos) << describe(client);
}

TEST_F(OpensslClientToNxsServer, ClientCertificate) {
    auto server = start_nxs_server("server-p256", {"--www", "--cafile", tls_file("ca.pem"), "--require-client"});
    ASSERT_NE(server.port, 0);
    const PeerRun client =
        get_page(server.port, {"-cert", tls_file("client-p256.pem"), "-key", tls_file("client-p256.key")});
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("<li>client certificate: CN=nxs test client</li>"), std::string::npos)
        << describe(client);
}

// Without a certificate the handshake fails on the server with 0x145 and alert certificate_required (116); the server
// logs it and goes on serving: the next client, with a certificate, gets its page.
TEST_F(OpensslClientToNxsServer, ClientWithoutRequiredCertificateIsRefusedAndServerGoesOn) {
    auto server = start_nxs_server("server-p256", {"--www", "--cafile", tls_file("ca.pem"), "--require-client"}, 2);
    ASSERT_NE(server.port, 0);
    const PeerRun refused = get_page(server.port);
    EXPECT_EQ(refused.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(refused);
    EXPECT_NE(refused.err.find("SSL alert number 116"), std::string::npos) << describe(refused);
    EXPECT_TRUE(server.process->read_stderr_until("NX_SECURE_TLS_CERTIFICATE_REQUIRED", deadline_in(kTimeout)))
        << describe(*server.process);

    const PeerRun accepted =
        get_page(server.port, {"-cert", tls_file("client-p256.pem"), "-key", tls_file("client-p256.key")});
    expect_page(accepted, server, "x25519");
}

// nxs accepts only P-384; s_client's first ClientHello carries an X25519 key share, so nxs asks again (HRR).
TEST_F(OpensslClientToNxsServer, HelloRetryRequestToP384) {
    auto server = start_nxs_server("server-p256", {"--www", "--groups", "p384"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port);
    expect_page(client, server, "secp384r1");
    EXPECT_NE(client.out.find("Server Temp Key: ECDH, secp384r1"), std::string::npos) << describe(client);
}

TEST_F(OpensslClientToNxsServer, Echo) {
    auto server = start_nxs_server("server-p256", {"--echo"});
    ASSERT_NE(server.port, 0);
    auto argv = s_client_argv(server.port, {"-quiet", "-no_ign_eof"});
    Process client(std::move(argv));
    ASSERT_TRUE(client.started()) << client.error();
    constexpr std::string_view kLine = "hello from openssl s_client\n";
    const Deadline deadline = deadline_in(kTimeout);
    ASSERT_TRUE(client.write_stdin(kLine, deadline));
    EXPECT_TRUE(client.read_stdout_until(kLine, deadline)) << describe(client);
    client.close_stdin();
    client.read_to_eof(deadline);
    const auto exit = client.wait(deadline);
    ASSERT_TRUE(exit.has_value()) << describe(client);
    EXPECT_EQ(exit->code, 0) << describe(client);
    EXPECT_EQ(client.out(), kLine);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

// s_client's "K" command sends a KeyUpdate that requests one back, "k" one that does not (RFC 8446 §4.6.3); the echo
// must go on under the new keys in both directions, and nxs answers K (only K) with a KeyUpdate of its own.
TEST_F(OpensslClientToNxsServer, EchoAcrossKeyUpdates) {
    auto server = start_nxs_server("server-p256", {"--echo"});
    ASSERT_NE(server.port, 0);
    Process client(s_client_argv(server.port, {"-no_ign_eof", "-msg"}));
    ASSERT_TRUE(client.started()) << client.error();
    const Deadline deadline = deadline_in(kTimeout);
    // A command is not sent as data. s_client drops whatever else its read of stdin returned with the command, so
    // the next line goes only after it reported the command ("KEYUPDATE" on stderr); that line then travels with the
    // KeyUpdate, under the new keys.
    std::size_t updates = 0;
    for (const std::string_view step :
         {"before any update\n", "K\n", "after a requested update\n", "k\n", "after an unrequested update\n"}) {
        ASSERT_TRUE(client.write_stdin(step, deadline)) << describe(client);
        if (step.size() == 2) {
            ASSERT_TRUE(client.read_stderr_until("KEYUPDATE", deadline, ++updates)) << describe(client);
        } else {
            ASSERT_TRUE(client.read_stdout_until(step, deadline)) << describe(client);
        }
    }
    client.close_stdin();
    const auto exit = client.wait(deadline);
    ASSERT_TRUE(exit.has_value()) << describe(client);
    EXPECT_EQ(exit->code, 0) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    // s_client's -msg trace: the KeyUpdates it received from nxs.
    const std::string out = client.out();
    constexpr std::string_view kReceived = "<<< TLS 1.3, Handshake [length 0005], KeyUpdate";
    const auto first = out.find(kReceived);
    EXPECT_NE(first, std::string::npos) << "nxs did not answer K\n" << describe(client);
    EXPECT_EQ(out.find(kReceived, first + 1), std::string::npos) << "nxs answered k too\n" << describe(client);
    EXPECT_NE(server.process->err().find("key_updates sent=1 received=2"), std::string::npos)
        << describe(*server.process);
}

// Two certificates: nxs picks the one whose names match the client's server_name (other.nxs.example) ...
TEST_F(OpensslClientToNxsServer, ChoosesTheCertificateBySni) {
    auto server = start_nxs_server(
        "server-p256", {"--www", "--cert2", tls_file("other-p256.pem"), "--key2", tls_file("other-p256.key")});
    ASSERT_NE(server.port, 0);
    std::vector<std::string> argv{kOpenssl,
                                  "s_client",
                                  "-tls1_3",
                                  "-connect",
                                  "127.0.0.1:" + std::to_string(server.port),
                                  "-servername",
                                  "other.nxs.example",
                                  "-verify_hostname",
                                  "other.nxs.example",
                                  "-CAfile",
                                  tls_file("ca.pem"),
                                  "-verify_return_error",
                                  "-ign_eof"};
    const PeerRun client = run_to_end(std::move(argv), kGetRequest);
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("subject=CN = other.nxs.example"), std::string::npos) << describe(client);
    EXPECT_NE(client.out.find("<li>server name: other.nxs.example</li>"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

// ... and the one the client's signature_algorithms allow: an RSA-PSS-only client gets the RSA certificate.
TEST_F(OpensslClientToNxsServer, ChoosesTheCertificateBySignatureScheme) {
    auto server = start_nxs_server(
        "server-p256", {"--www", "--cert2", tls_file("server-rsa.pem"), "--key2", tls_file("server-rsa.key")});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port, {"-sigalgs", "rsa_pss_rsae_sha256"});
    expect_page(client, server, "x25519");
    EXPECT_NE(client.out.find("Peer signature type: RSA-PSS"), std::string::npos) << describe(client);
}

// Until nxs speaks TLS 1.2, a TLS 1.2-only client gets protocol_version (70) and the server logs 0x110.
TEST_F(OpensslClientToNxsServer, RefusesATls12OnlyClient) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    std::vector<std::string> argv{
        kOpenssl,      "s_client",         "-tls1_2", "-connect",         "127.0.0.1:" + std::to_string(server.port),
        "-servername", "test.nxs.example", "-CAfile", tls_file("ca.pem"), "-ign_eof"};
    const PeerRun client = run_to_end(std::move(argv), kGetRequest);
    EXPECT_TRUE(exited_with(client, 1));
    EXPECT_NE(client.err.find("SSL alert number 70"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
    EXPECT_NE(server.process->err().find("NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION"), std::string::npos)
        << describe(*server.process);
}

}  // namespace
}  // namespace nxs::interop
