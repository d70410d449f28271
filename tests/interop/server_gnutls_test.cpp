// `gnutls-cli` restricted to TLS 1.3 against `nxs server --www`: gnutls-cli verifies nxs's chain and host name, sends a
// GET and prints the page, which names what nxs negotiated; gnutls-cli's own "- Description:" line must agree.
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

constexpr std::string_view kTls13Only = "NORMAL:-VERS-ALL:+VERS-TLS1.3";

class GnutlsClientToNxsServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kGnutlsCli, "gnutls-cli");
    }

    // gnutls-cli leaves as soon as its stdin ends, so stdin stays open until nxs has sent the page and closed.
    static PeerRun get_page(std::uint16_t port, const std::string& priority,
                            const std::vector<std::string>& extra = {}) {
        std::vector<std::string> argv{kGnutlsCli,           "127.0.0.1",        "-p",
                                      std::to_string(port), "--x509cafile",     tls_file("ca.pem"),
                                      "--sni-hostname",     "test.nxs.example", "--verify-hostname",
                                      "test.nxs.example",   "--priority",       priority};
        argv.insert(argv.end(), extra.begin(), extra.end());
        Process client(std::move(argv));
        PeerRun run;
        run.command = client.command_line();
        if (!client.started()) {
            run.err = client.error();
            return run;
        }
        const Deadline deadline = deadline_in(kTimeout);
        client.write_stdin(kGetRequest, deadline);
        client.read_to_eof(deadline);
        client.close_stdin();
        run.exit = client.wait(deadline);
        run.out = client.out();
        run.err = client.err();
        return run;
    }

    // The page names TLS 1.3, GROUP and a suite (SUITE when given); gnutls-cli's description names the same cipher
    // and CURVE.
    static void expect_page(const PeerRun& client, BackgroundServer& server, std::string_view group,
                            std::string_view curve, std::string_view suite = "") {
        EXPECT_TRUE(exited_with(client, 0));
        EXPECT_NE(client.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("<li>protocol: TLSv1.3</li>"), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("<li>group: " + std::string(group) + "</li>"), std::string::npos) << describe(client);
        const SuiteNames* negotiated = nullptr;
        for (const auto& names : kSuites) {
            if (client.out.find("<li>cipher suite: " + std::string(names.iana) + "</li>") != std::string::npos) {
                negotiated = &names;
            }
        }
        ASSERT_NE(negotiated, nullptr) << describe(client);
        if (!suite.empty()) {
            EXPECT_EQ(negotiated->iana, suite);
        }
        const std::string description = "- Description: (TLS1.3-X.509)-(ECDHE-" + std::string(curve) + ")-";
        EXPECT_NE(client.out.find(description), std::string::npos) << describe(client);
        EXPECT_NE(client.out.find("-(" + std::string(negotiated->gnutls) + ")\n"), std::string::npos)
            << describe(client);
        EXPECT_TRUE(server_exits_cleanly(*server.process));
    }
};

class GnutlsClientToNxsServerSuite : public GnutlsClientToNxsServer,
                                     public ::testing::WithParamInterface<SuiteNames> {};

TEST_P(GnutlsClientToNxsServerSuite, ServesWithTheOnlySuiteTheClientOffers) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client =
        get_page(server.port, std::string(kTls13Only) + ":-CIPHER-ALL:+" + std::string(GetParam().gnutls));
    expect_page(client, server, "x25519", "X25519", GetParam().iana);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, GnutlsClientToNxsServerSuite, ::testing::ValuesIn(kSuites), suite_test_name);

class GnutlsClientToNxsServerGroup : public GnutlsClientToNxsServer,
                                     public ::testing::WithParamInterface<GroupNames> {};

TEST_P(GnutlsClientToNxsServerGroup, ServesWithTheOnlyGroupTheClientOffers) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client =
        get_page(server.port, std::string(kTls13Only) + ":-GROUP-ALL:+GROUP-" + std::string(GetParam().gnutls));
    expect_page(client, server, GetParam().reported, GetParam().gnutls);
}

INSTANTIATE_TEST_SUITE_P(AllGroups, GnutlsClientToNxsServerGroup, ::testing::ValuesIn(kGroups), group_test_name);

TEST_F(GnutlsClientToNxsServer, RsaPssCertificate) {
    auto server = start_nxs_server("server-rsa", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port, std::string(kTls13Only));
    expect_page(client, server, "x25519", "X25519");
    EXPECT_NE(client.out.find(")-(RSA-PSS-RSAE-SHA"), std::string::npos) << describe(client);
}

TEST_F(GnutlsClientToNxsServer, ClientCertificate) {
    auto server = start_nxs_server("server-p256", {"--www", "--cafile", tls_file("ca.pem"), "--require-client"});
    ASSERT_NE(server.port, 0);
    const PeerRun client =
        get_page(server.port, std::string(kTls13Only),
                 {"--x509certfile", tls_file("client-p256.pem"), "--x509keyfile", tls_file("client-p256.key")});
    expect_page(client, server, "x25519", "X25519");
    EXPECT_NE(client.out.find("<li>client certificate: CN=nxs test client</li>"), std::string::npos)
        << describe(client);
}

// gnutls-cli sends key shares for its first groups (X25519, P-256); nxs accepts only P-384 and asks again (HRR).
TEST_F(GnutlsClientToNxsServer, HelloRetryRequestToP384) {
    auto server = start_nxs_server("server-p256", {"--www", "--groups", "p384"});
    ASSERT_NE(server.port, 0);
    expect_page(get_page(server.port, std::string(kTls13Only)), server, "secp384r1", "SECP384R1");
}

TEST_F(GnutlsClientToNxsServer, RefusesAWrongHostName) {
    auto server = start_nxs_server("other-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = get_page(server.port, std::string(kTls13Only));
    EXPECT_TRUE(exited_with(client, 1));
    EXPECT_EQ(client.out.find("HTTP/1.0 200 OK"), std::string::npos) << describe(client);
    EXPECT_NE((client.out + client.err).find("The certificate is NOT trusted"), std::string::npos) << describe(client);
}

}  // namespace
}  // namespace nxs::interop
