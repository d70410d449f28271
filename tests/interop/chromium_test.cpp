// Headless Chromium against `nxs server --www`: a real browser, with its own TLS stack (BoringSSL) and its own
// certificate verifier, fetches the page and the test reads the DOM Chromium dumps. Chromium on Linux trusts the
// roots in $HOME/.pki/nssdb, so each test makes a throwaway HOME whose NSS database holds the test CA (or, for the
// negative control, nothing); certificate errors are never ignored. Chromium's ClientHello is a browser's: GREASE
// values, X25519MLKEM768 offered first with an X25519 key share beside it, ECH GREASE, compress_certificate, ALPS.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

// Chromium starts a browser, a GPU, a network and a renderer process: a few seconds, more on a loaded machine.
// timeout(1) stops it (and, having made its own process group, every helper it started) at this deadline.
constexpr std::chrono::seconds kChromiumTimeout{60};
// The Process deadline around timeout(1) itself: only if timeout(1) fails to stop.
constexpr std::chrono::seconds kChromiumBackstop{kChromiumTimeout + std::chrono::seconds(15)};

// What the page of `nxs server --www` shows, whatever was negotiated.
constexpr std::string_view kPageMarker = "<h1>nxs server</h1>";

class ChromiumToNxsServer : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        m_chromium = find_executable("chromium");
        if (m_chromium.empty()) {
            m_chromium = find_executable("chromium-browser");
        }
        m_certutil = find_executable("certutil");
        m_timeout = find_executable("timeout");
        m_env = find_executable("env");
        if (m_chromium.empty() || m_certutil.empty()) {
            GTEST_SKIP() << "chromium or certutil is not in $PATH (Debian: apt-get install chromium libnss3-tools)";
        }
        if (m_timeout.empty() || m_env.empty()) {
            GTEST_SKIP() << "timeout or env (coreutils) is not in $PATH";
        }
        ASSERT_FALSE(m_dir.path().empty()) << "cannot make a temporary directory";
        m_home = m_dir.path() / "home";
        m_nssdb = "sql:" + (m_home / ".pki" / "nssdb").string();
        std::filesystem::create_directories(m_home / ".pki" / "nssdb");
        std::filesystem::create_directories(m_dir.path() / "profile");
        // The database Chromium opens at start-up; empty, nothing is trusted.
        const PeerRun created = run_to_end({m_certutil, "-N", "-d", m_nssdb, "--empty-password"}, "");
        ASSERT_TRUE(exited_with(created, 0));
    }

    // The test CA as a trust anchor for TLS servers ("C,,": trusted CA for SSL, nothing for S/MIME and code signing).
    void trust_test_ca() const {
        const PeerRun added = run_to_end(
            {m_certutil, "-A", "-d", m_nssdb, "-n", "nxs-test-ca", "-t", "C,,", "-i", tls_file("ca.pem")}, "");
        ASSERT_TRUE(exited_with(added, 0));
    }

    // `nxs server --www` on a port of its choosing, serving until the test ends: Chromium may open more than one
    // connection (a second one for /favicon.ico), so the server has no --naccept limit and is stopped by ~Process.
    // The key is tests/vectors/tls/KEY.key (KEY defaults to CERT).
    static BackgroundServer start_server(const std::string& cert, const std::vector<std::string>& extra = {},
                                         const std::string& key = "") {
        std::vector<std::string> argv{kNxsTool,   "server",
                                      "--accept", "127.0.0.1:0",
                                      "--cert",   tls_file(cert + ".pem"),
                                      "--key",    tls_file((key.empty() ? cert : key) + ".key"),
                                      "--www"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return start_accepting_server(std::move(argv));
    }

    // Headless Chromium loads https://localhost:PORT/ and prints the DOM it ended with on stdout. HOME points at the
    // throwaway NSS database; the profile is throwaway too. QUIC is off (nxs serves TCP only), and so is everything
    // that would reach the network on its own.
    [[nodiscard]] PeerRun fetch(std::uint16_t port) const {
        const std::string home = m_home.string();
        Process process({m_timeout,
                         "--kill-after=5",
                         std::to_string(kChromiumTimeout.count()),
                         m_env,
                         "HOME=" + home,
                         "XDG_CONFIG_HOME=" + home + "/.config",
                         "XDG_CACHE_HOME=" + home + "/.cache",
                         m_chromium,
                         "--headless",
                         "--no-sandbox",  // the tests run as root in CI
                         "--disable-gpu",
                         "--disable-dev-shm-usage",
                         "--disable-quic",
                         "--no-first-run",
                         "--disable-background-networking",
                         "--disable-component-update",
                         "--disable-sync",
                         "--user-data-dir=" + (m_dir.path() / "profile").string(),
                         "--dump-dom",
                         "https://localhost:" + std::to_string(port) + "/"});
        PeerRun run;
        run.command = process.command_line();
        if (!process.started()) {
            run.err = process.error();
            return run;
        }
        process.close_stdin();
        const Deadline deadline = deadline_in(kChromiumBackstop);
        process.read_to_eof(deadline);
        run.exit = process.wait(deadline);
        process.kill();
        run.out = process.out();
        run.err = process.err();
        return run;
    }

    // The server's log line for a finished handshake ("nxs server: PEER version=... alpn=..."); waits for it.
    static std::string handshake_log(Process& server) {
        if (!server.read_stderr_until(" version=", deadline_in(kTimeout))) {
            return "";
        }
        const std::string err = server.err();
        const auto at = err.find(" version=");
        return err.substr(at + 1, err.find('\n', at) - at - 1);
    }

    // Fetches the page with the test CA trusted; checks what the page says was negotiated and what the server logged
    // for the handshake.
    void expect_page(BackgroundServer& server, std::string_view suite, std::string_view group,
                     std::string_view alpn = "-") const {
        const PeerRun browser = fetch(server.port);
        EXPECT_TRUE(exited_with(browser, 0));
        EXPECT_NE(browser.out.find(kPageMarker), std::string::npos) << describe(browser);
        EXPECT_NE(browser.out.find("<li>protocol: TLSv1.3</li>"), std::string::npos) << describe(browser);
        EXPECT_NE(browser.out.find("<li>cipher suite: " + std::string(suite) + "</li>"), std::string::npos)
            << describe(browser);
        EXPECT_NE(browser.out.find("<li>group: " + std::string(group) + "</li>"), std::string::npos)
            << describe(browser);
        EXPECT_NE(browser.out.find("<li>server name: localhost</li>"), std::string::npos) << describe(browser);
        EXPECT_NE(browser.out.find("<li>client certificate: none</li>"), std::string::npos) << describe(browser);
        EXPECT_EQ(handshake_log(*server.process), "version=TLSv1.3 suite=" + std::string(suite) +
                                                      " group=" + std::string(group) + " alpn=" + std::string(alpn) +
                                                      " resumed=no verify=none")
            << describe(*server.process);
    }

    TempDir m_dir{"nxs-chromium"};
    std::filesystem::path m_home;
    std::string m_nssdb;
    std::string m_chromium;
    std::string m_certutil;
    std::string m_timeout;
    std::string m_env;
};

// Chromium's key shares are X25519MLKEM768 (which nxs does not implement) and X25519: nxs takes X25519 without a
// HelloRetryRequest. Chromium lists TLS_AES_128_GCM_SHA256 first, as does nxs.
TEST_F(ChromiumToNxsServer, FetchesThePage) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-p256");
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_AES_128_GCM_SHA256", "x25519");
}

// RSA certificate: Chromium offers rsa_pss_rsae_sha256, never PKCS#1 v1.5 in TLS 1.3.
TEST_F(ChromiumToNxsServer, FetchesThePageFromAnRsaServer) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-rsa");
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_AES_128_GCM_SHA256", "x25519");
}

// P-384 certificate: ecdsa_secp384r1_sha384.
TEST_F(ChromiumToNxsServer, FetchesThePageFromAP384Server) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-p384");
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_AES_128_GCM_SHA256", "x25519");
}

// A server that only takes P-256, which Chromium supports but sends no key share for: a HelloRetryRequest, and
// Chromium's second ClientHello (same GREASE, new key share) must be accepted.
TEST_F(ChromiumToNxsServer, FetchesThePageAfterAHelloRetryRequest) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-p256", {"--groups", "p256"});
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_AES_128_GCM_SHA256", "secp256r1");
}

// The server's suite preference decides: ChaCha20-Poly1305 is Chromium's last choice but the server's only one.
TEST_F(ChromiumToNxsServer, FetchesThePageWithChaCha20) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-p256", {"--ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"});
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_CHACHA20_POLY1305_SHA256", "x25519");
}

// Chromium offers ALPN h2 and http/1.1. Without --alpn nxs answers with no ALPN and Chromium speaks HTTP/1.1 (the
// tests above); with --alpn http/1.1 nxs selects it. (Not h2: the --www page speaks HTTP/1.x only, and Chromium would
// speak HTTP/2 after selecting h2.)
TEST_F(ChromiumToNxsServer, FetchesThePageWithAlpnHttp11) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-p256", {"--alpn", "http/1.1"});
    ASSERT_NE(server.port, 0);
    expect_page(server, "TLS_AES_128_GCM_SHA256", "x25519", "http/1.1");
}

// The negative control: the same fetch with an empty NSS database. Chromium refuses the chain
// (net::ERR_CERT_AUTHORITY_INVALID) and the page never reaches the DOM, so the tests above pass because of the NSS
// trust and not because Chromium accepted any certificate.
TEST_F(ChromiumToNxsServer, RefusesAServerItDoesNotTrust) {
    auto server = start_server("server-p256");
    ASSERT_NE(server.port, 0);
    const PeerRun browser = fetch(server.port);
    EXPECT_EQ(browser.out.find(kPageMarker), std::string::npos) << describe(browser);
    EXPECT_EQ(browser.out.find("TLSv1.3"), std::string::npos) << describe(browser);
    EXPECT_TRUE(browser.out.find("ERR_CERT_AUTHORITY_INVALID") != std::string::npos ||
                browser.err.find("ERR_CERT_AUTHORITY_INVALID") != std::string::npos)
        << describe(browser);
}

// A certificate from a CA that is not the trusted one, with the test CA trusted: refused as well.
TEST_F(ChromiumToNxsServer, RefusesACertificateFromAnotherCa) {
    ASSERT_NO_FATAL_FAILURE(trust_test_ca());
    auto server = start_server("server-untrusted", {}, "server-p256");
    ASSERT_NE(server.port, 0);
    const PeerRun browser = fetch(server.port);
    EXPECT_EQ(browser.out.find(kPageMarker), std::string::npos) << describe(browser);
    EXPECT_TRUE(browser.out.find("ERR_CERT_AUTHORITY_INVALID") != std::string::npos ||
                browser.err.find("ERR_CERT_AUTHORITY_INVALID") != std::string::npos)
        << describe(browser);
}

}  // namespace
}  // namespace nxs::interop
