// `nxs client` against `gnutls-serv --echo` restricted to TLS 1.3: a line sent through nxs comes back, and
// gnutls-serv's connection report (stdout) names the version, cipher and curve it negotiated.
#include <memory>
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

constexpr std::string_view kTls13Only = "NORMAL:-VERS-ALL:+VERS-TLS1.3";

class NxsClientToGnutlsServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kGnutlsServ, "gnutls-serv");
    }

    // `gnutls-serv --echo` on a free port with CERT.pem / KEY.key and PRIORITY. gnutls-serv prints no port of its own,
    // so the port is picked here and found listening by connecting; a port taken meanwhile makes it exit: try again.
    static std::unique_ptr<Process> start_gnutls_serv(std::uint16_t& port, const std::string& cert,
                                                      const std::string& key, const std::string& priority,
                                                      const std::vector<std::string>& extra = {}) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            port = free_port();
            std::vector<std::string> argv{kGnutlsServ,
                                          "--echo",
                                          "-p",
                                          std::to_string(port),
                                          "--x509certfile",
                                          tls_file(cert + ".pem"),
                                          "--x509keyfile",
                                          tls_file(key + ".key"),
                                          "--priority",
                                          priority};
            argv.insert(argv.end(), extra.begin(), extra.end());
            auto server = std::make_unique<Process>(std::move(argv));
            if (!server->started()) {
                ADD_FAILURE() << server->error();
                return nullptr;
            }
            if (wait_until_listening(port, deadline_in(kTimeout)) && !server->wait(SteadyClock::now())) {
                return server;
            }
        }
        ADD_FAILURE() << "gnutls-serv did not start listening";
        port = 0;
        return nullptr;
    }

    // Runs `nxs client` with EXTRA, sends one line and waits for it to come back before closing stdin.
    static PeerRun echo_through_client(std::uint16_t port, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> argv{kNxsTool,           "client",           "127.0.0.1:" + std::to_string(port),
                                      "--servername",     "test.nxs.example", "--cafile",
                                      tls_file("ca.pem"), "--brief"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        Process client(std::move(argv));
        PeerRun run;
        run.command = client.command_line();
        if (!client.started()) {
            run.err = client.error();
            return run;
        }
        const Deadline deadline = deadline_in(kTimeout);
        client.write_stdin(kLine, deadline);
        client.read_stdout_until(kLine, deadline);
        client.close_stdin();
        client.read_to_eof(deadline);
        run.exit = client.wait(deadline);
        run.out = client.out();
        run.err = client.err();
        return run;
    }

    // The line came back; nxs reports TLS 1.3 with GROUP and a suite (SUITE when given), and gnutls-serv's report
    // names the same cipher and CURVE.
    static void expect_echo(const PeerRun& client, Process& server, std::string_view group, std::string_view curve,
                            std::string_view suite = "") {
        EXPECT_TRUE(exited_with(client, 0));
        EXPECT_EQ(client.out, kLine) << describe(client);
        const std::string brief = brief_line(client.err);
        const SuiteNames* negotiated = nullptr;
        for (const auto& names : kSuites) {
            if (brief == "version=TLSv1.3 suite=" + std::string(names.iana) + " group=" + std::string(group) +
                             " alpn=- resumed=no verify=ok") {
                negotiated = &names;
            }
        }
        ASSERT_NE(negotiated, nullptr) << "unexpected --brief line '" << brief << "'\n" << describe(client);
        if (!suite.empty()) {
            EXPECT_EQ(negotiated->iana, suite);
        }
        server.read_stdout_until("- Cipher: ", deadline_in(kTimeout));
        const std::string& report = server.out();
        EXPECT_NE(report.find("- Version: TLS1.3"), std::string::npos) << describe(server);
        EXPECT_NE(report.find("- Cipher: " + std::string(negotiated->gnutls) + "\n"), std::string::npos)
            << describe(server);
        EXPECT_NE(report.find("- Using curve: " + std::string(curve) + "\n"), std::string::npos) << describe(server);
    }

    static constexpr std::string_view kLine = "hello from nxs over TLS 1.3\n";
};

class NxsClientToGnutlsServerSuite : public NxsClientToGnutlsServer,
                                     public ::testing::WithParamInterface<SuiteNames> {};

TEST_P(NxsClientToGnutlsServerSuite, EchoesWithTheOnlySuiteTheServerAllows) {
    std::uint16_t port = 0;
    const auto server = start_gnutls_serv(port, "server-p256", "server-p256",
                                          std::string(kTls13Only) + ":-CIPHER-ALL:+" + std::string(GetParam().gnutls));
    ASSERT_NE(server, nullptr);
    expect_echo(echo_through_client(port), *server, "x25519", "X25519", GetParam().iana);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, NxsClientToGnutlsServerSuite, ::testing::ValuesIn(kSuites), suite_test_name);

class NxsClientToGnutlsServerGroup : public NxsClientToGnutlsServer,
                                     public ::testing::WithParamInterface<GroupNames> {};

TEST_P(NxsClientToGnutlsServerGroup, EchoesWithTheOnlyGroupTheServerAllows) {
    std::uint16_t port = 0;
    const auto server =
        start_gnutls_serv(port, "server-p256", "server-p256",
                          std::string(kTls13Only) + ":-GROUP-ALL:+GROUP-" + std::string(GetParam().gnutls));
    ASSERT_NE(server, nullptr);
    expect_echo(echo_through_client(port, {"--groups", std::string(GetParam().nxs)}), *server, GetParam().reported,
                GetParam().gnutls);
}

INSTANTIATE_TEST_SUITE_P(AllGroups, NxsClientToGnutlsServerGroup, ::testing::ValuesIn(kGroups), group_test_name);

// Far more than one record (2^14 bytes) each way; what comes back is exactly what went out.
TEST_F(NxsClientToGnutlsServer, EchoesManyRecords) {
    std::uint16_t port = 0;
    const auto server = start_gnutls_serv(port, "server-p256", "server-p256", std::string(kTls13Only));
    ASSERT_NE(server, nullptr);
    std::string data;
    for (int i = 0; data.size() < std::size_t{300} * 1024; ++i) {
        data += "line " + std::to_string(i) + " of the nxs interop bulk echo test\n";
    }
    Process client({kNxsTool, "client", "127.0.0.1:" + std::to_string(port), "--servername", "test.nxs.example",
                    "--cafile", tls_file("ca.pem")});
    ASSERT_TRUE(client.started()) << client.error();
    const Deadline deadline = deadline_in(kTimeout);
    // Written in pieces while the echo is read, so neither side's pipe or socket buffers fill up and block.
    constexpr std::size_t kPiece = std::size_t{16} * 1024;
    for (std::size_t offset = 0; offset < data.size(); offset += kPiece) {
        const std::string_view piece = std::string_view(data).substr(offset, kPiece);
        ASSERT_TRUE(client.write_stdin(piece, deadline)) << describe(client);
        ASSERT_TRUE(client.read_stdout_until(piece.substr(piece.size() > 64 ? piece.size() - 64 : 0), deadline))
            << describe(client);
    }
    client.close_stdin();
    const auto exit = client.wait(deadline);
    ASSERT_TRUE(exit.has_value()) << describe(client);
    EXPECT_EQ(exit->code, 0) << client.err();
    EXPECT_EQ(client.out().size(), data.size());
    EXPECT_TRUE(client.out() == data) << "the echoed bytes differ from the ones sent";
}

// GnuTLS allows only P-384: nxs's X25519 key share gets a HelloRetryRequest.
TEST_F(NxsClientToGnutlsServer, HelloRetryRequestToP384) {
    std::uint16_t port = 0;
    const auto server =
        start_gnutls_serv(port, "server-p256", "server-p256", std::string(kTls13Only) + ":-GROUP-ALL:+GROUP-SECP384R1");
    ASSERT_NE(server, nullptr);
    expect_echo(echo_through_client(port), *server, "secp384r1", "SECP384R1");
}

TEST_F(NxsClientToGnutlsServer, RsaPssCertificate) {
    std::uint16_t port = 0;
    const auto server = start_gnutls_serv(port, "server-rsa", "server-rsa", std::string(kTls13Only));
    ASSERT_NE(server, nullptr);
    expect_echo(echo_through_client(port), *server, "x25519", "X25519");
    EXPECT_NE(server->out().find("- Server Signature: RSA-PSS-RSAE-SHA"), std::string::npos) << describe(*server);
}

TEST_F(NxsClientToGnutlsServer, ClientCertificate) {
    std::uint16_t port = 0;
    const auto server = start_gnutls_serv(port, "server-p256", "server-p256", std::string(kTls13Only),
                                          {"--require-client-cert", "--x509cafile", tls_file("ca.pem")});
    ASSERT_NE(server, nullptr);
    expect_echo(
        echo_through_client(port, {"--cert", tls_file("client-p256.pem"), "--key", tls_file("client-p256.key")}),
        *server, "x25519", "X25519");
    EXPECT_NE(server->out().find("nxs test client"), std::string::npos) << describe(*server);
}

}  // namespace
}  // namespace nxs::interop
