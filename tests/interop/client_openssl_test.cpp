// `nxs client` against `openssl s_server -tls1_3 -www`: s_server's page names the protocol and the suite it chose,
// nxs's --brief line what nxs negotiated; both must agree.
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

class NxsClientToOpensslServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kOpenssl, "openssl");
    }

    // `openssl s_server -tls1_3 -www` for one connection with certificate CERT.pem and key KEY.key.
    static BackgroundServer start_s_server(const std::string& cert, const std::string& key,
                                           const std::vector<std::string>& extra = {}) {
        std::vector<std::string> argv{kOpenssl,
                                      "s_server",
                                      "-tls1_3",
                                      "-accept",
                                      "127.0.0.1:0",
                                      "-naccept",
                                      "1",
                                      "-cert",
                                      tls_file(cert + ".pem"),
                                      "-key",
                                      tls_file(key + ".key"),
                                      "-www"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return start_accepting_server(std::move(argv));
    }

    // `nxs client 127.0.0.1:PORT --servername NAME --cafile ca.pem --brief EXTRA` with a GET on stdin.
    static PeerRun run_client(std::uint16_t port, const std::vector<std::string>& extra = {},
                              const std::string& servername = "test.nxs.example") {
        std::vector<std::string> argv{kNxsTool,           "client",   "127.0.0.1:" + std::to_string(port),
                                      "--servername",     servername, "--cafile",
                                      tls_file("ca.pem"), "--brief"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_to_end(std::move(argv), kGetRequest);
    }

    // A completed handshake with SUITE and GROUP as both sides report them, and the page delivered.
    static void expect_success(const PeerRun& client, BackgroundServer& server, std::string_view suite,
                               std::string_view group) {
        EXPECT_TRUE(exited_with(client, 0));
        const std::string brief = brief_line(client.err);
        EXPECT_EQ(brief, "version=TLSv1.3 suite=" + std::string(suite) + " group=" + std::string(group) +
                             " alpn=- resumed=no verify=ok")
            << describe(client);
        EXPECT_NE(client.out.find("New, TLSv1.3, Cipher is " + std::string(suite)), std::string::npos)
            << describe(client);
        EXPECT_TRUE(server_exits_cleanly(*server.process));
    }

    // nxs refused the server with CODE; s_server received the alert with number ALERT.
    static void expect_refusal(const PeerRun& client, BackgroundServer& server, std::string_view code, int alert) {
        EXPECT_TRUE(exited_with(client, 1));
        EXPECT_NE(client.err.find("nxs client: " + std::string(code)), std::string::npos) << describe(client);
        EXPECT_EQ(client.out, "");
        server.process->wait(deadline_in(kTimeout));
        EXPECT_NE(server.process->err().find("SSL alert number " + std::to_string(alert)), std::string::npos)
            << "s_server did not receive alert " << alert << "\n"
            << describe(*server.process);
    }
};

class NxsClientToOpensslServerSuite : public NxsClientToOpensslServer,
                                      public ::testing::WithParamInterface<SuiteNames> {};

TEST_P(NxsClientToOpensslServerSuite, NegotiatesTheOnlySuiteTheServerAllows) {
    const std::string suite(GetParam().iana);
    auto server = start_s_server("server-p256", "server-p256", {"-ciphersuites", suite});
    ASSERT_NE(server.port, 0);
    const PeerRun client = run_client(server.port, {"--ciphersuites", suite});
    expect_success(client, server, suite, "x25519");
}

INSTANTIATE_TEST_SUITE_P(AllSuites, NxsClientToOpensslServerSuite, ::testing::ValuesIn(kSuites), suite_test_name);

class NxsClientToOpensslServerGroup : public NxsClientToOpensslServer,
                                      public ::testing::WithParamInterface<GroupNames> {};

// The server allows one group and nxs offers (and sends a key share for) only that group: no HelloRetryRequest.
TEST_P(NxsClientToOpensslServerGroup, NegotiatesTheOnlyGroupTheServerAllows) {
    auto server = start_s_server("server-p256", "server-p256", {"-groups", std::string(GetParam().openssl)});
    ASSERT_NE(server.port, 0);
    expect_success(run_client(server.port, {"--groups", std::string(GetParam().nxs)}), server, "TLS_AES_128_GCM_SHA256",
                   GetParam().reported);
}

INSTANTIATE_TEST_SUITE_P(AllGroups, NxsClientToOpensslServerGroup, ::testing::ValuesIn(kGroups), group_test_name);

TEST_F(NxsClientToOpensslServer, EcdsaP384Certificate) {
    auto server = start_s_server("server-p384", "server-p384");
    ASSERT_NE(server.port, 0);
    expect_success(run_client(server.port), server, "TLS_AES_128_GCM_SHA256", "x25519");
}

// An RSA key in TLS 1.3 signs with RSASSA-PSS (rsa_pss_rsae_*): PKCS#1 v1.5 is not allowed in CertificateVerify.
TEST_F(NxsClientToOpensslServer, RsaCertificateSignsWithPss) {
    auto server = start_s_server("server-rsa", "server-rsa");
    ASSERT_NE(server.port, 0);
    expect_success(run_client(server.port), server, "TLS_AES_128_GCM_SHA256", "x25519");
}

TEST_F(NxsClientToOpensslServer, Ed25519Certificate) {
    auto server = start_s_server("server-ed25519", "server-ed25519");
    ASSERT_NE(server.port, 0);
    expect_success(run_client(server.port), server, "TLS_AES_128_GCM_SHA256", "x25519");
}

TEST_F(NxsClientToOpensslServer, ClientCertificate) {
    auto server = start_s_server("server-p256", "server-p256", {"-Verify", "1", "-CAfile", tls_file("ca.pem")});
    ASSERT_NE(server.port, 0);
    const PeerRun client =
        run_client(server.port, {"--cert", tls_file("client-p256.pem"), "--key", tls_file("client-p256.key")});
    expect_success(client, server, "TLS_AES_128_GCM_SHA256", "x25519");
    // s_server verified the client's chain and printed it.
    EXPECT_NE(server.process->err().find("CN = nxs test client"), std::string::npos) << describe(*server.process);
}

// s_server -Verify requires a certificate; a client without one gets certificate_required (116) after its Finished,
// so nxs fails while reading and reports the alert.
TEST_F(NxsClientToOpensslServer, ClientWithoutRequiredCertificateIsRefused) {
    auto server = start_s_server("server-p256", "server-p256", {"-Verify", "1", "-CAfile", tls_file("ca.pem")});
    ASSERT_NE(server.port, 0);
    const PeerRun client = run_client(server.port);
    EXPECT_TRUE(exited_with(client, 1));
    EXPECT_NE(client.err.find("nxs client: NX_SECURE_TLS_ALERT_RECEIVED"), std::string::npos) << describe(client);
    EXPECT_NE(client.err.find("certificate_required"), std::string::npos) << describe(client);
    EXPECT_EQ(client.out.find("New, TLSv1.3"), std::string::npos) << describe(client);
}

// The server accepts only P-384; nxs sends an X25519 key share first, gets a HelloRetryRequest and retries with P-384.
TEST_F(NxsClientToOpensslServer, HelloRetryRequestToP384) {
    auto server = start_s_server("server-p256", "server-p256", {"-groups", "P-384"});
    ASSERT_NE(server.port, 0);
    expect_success(run_client(server.port), server, "TLS_AES_128_GCM_SHA256", "secp384r1");
}

TEST_F(NxsClientToOpensslServer, RefusesAnUntrustedCa) {
    auto server = start_s_server("server-untrusted", "server-p256");
    ASSERT_NE(server.port, 0);
    expect_refusal(run_client(server.port), server, "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 48);  // unknown_ca
}

TEST_F(NxsClientToOpensslServer, RefusesAWrongHostName) {
    auto server = start_s_server("server-p256", "server-p256");
    ASSERT_NE(server.port, 0);
    expect_refusal(run_client(server.port, {}, "wrong.nxs.example"), server, "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH",
                   42);  // bad_certificate
}

}  // namespace
}  // namespace nxs::interop
