// `curl --tlsv1.3` against `nxs server --www`: curl verifies nxs's chain and host name (--resolve maps the name to
// 127.0.0.1) and prints the page.
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

class CurlToNxsServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kCurl, "curl");
    }

    // `curl https://HOST:PORT/` with HOST resolved to 127.0.0.1.
    static PeerRun fetch(std::uint16_t port, const std::string& host, const std::vector<std::string>& extra = {}) {
        const std::string port_text = std::to_string(port);
        std::vector<std::string> argv{kCurl,          "--silent",
                                      "--show-error", "--tlsv1.3",
                                      "--cacert",     tls_file("ca.pem"),
                                      "--resolve",    host + ":" + port_text + ":127.0.0.1",
                                      "--max-time",   std::to_string(kTimeout.count())};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back("https://" + host + ":" + port_text + "/");
        return run_to_end(std::move(argv), "");
    }
};

TEST_F(CurlToNxsServer, FetchesThePage) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = fetch(server.port, "test.nxs.example");
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("<li>protocol: TLSv1.3</li>"), std::string::npos) << describe(client);
    EXPECT_NE(client.out.find("<li>server name: test.nxs.example</li>"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

TEST_F(CurlToNxsServer, FetchesThePageWithChaCha20AndP256) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = fetch(server.port, "test.nxs.example",
                                 {"--tls13-ciphers", "TLS_CHACHA20_POLY1305_SHA256", "--curves", "P-256"});
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("<li>cipher suite: TLS_CHACHA20_POLY1305_SHA256</li>"), std::string::npos)
        << describe(client);
    EXPECT_NE(client.out.find("<li>group: secp256r1</li>"), std::string::npos) << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

TEST_F(CurlToNxsServer, ClientCertificate) {
    auto server = start_nxs_server("server-rsa", {"--www", "--cafile", tls_file("ca.pem"), "--require-client"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = fetch(server.port, "test.nxs.example",
                                 {"--cert", tls_file("client-p256.pem"), "--key", tls_file("client-p256.key")});
    EXPECT_TRUE(exited_with(client, 0));
    EXPECT_NE(client.out.find("<li>client certificate: CN=nxs test client</li>"), std::string::npos)
        << describe(client);
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

// server-p256 is not valid for other.nxs.example: curl refuses with CURLE_PEER_FAILED_VERIFICATION (60).
TEST_F(CurlToNxsServer, RefusesAWrongHostName) {
    auto server = start_nxs_server("server-p256", {"--www"});
    ASSERT_NE(server.port, 0);
    const PeerRun client = fetch(server.port, "other.nxs.example");
    EXPECT_TRUE(exited_with(client, 60));
    EXPECT_EQ(client.out, "");
    EXPECT_TRUE(server_exits_cleanly(*server.process));
}

}  // namespace
}  // namespace nxs::interop
