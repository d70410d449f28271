// Shared pieces of the interop tests: where the binaries and certificates are, running a peer to the end, starting a
// server in the background, and the TLS 1.3 cipher suites under each peer's name.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "process.h"

namespace nxs::interop {

// Only stops hangs: a healthy run takes a fraction of a second.
constexpr std::chrono::seconds kTimeout{30};

// Paths fixed at configure time; a peer not found then is "".
inline constexpr const char* kNxsTool = NXS_TOOL_PATH;
inline constexpr const char* kOpenssl = NXS_OPENSSL_PATH;
inline constexpr const char* kGnutlsCli = NXS_GNUTLS_CLI_PATH;
inline constexpr const char* kGnutlsServ = NXS_GNUTLS_SERV_PATH;
inline constexpr const char* kCurl = NXS_CURL_PATH;

// tests/vectors/tls/NAME (made by OpenSSL: make_tls_certs.sh).
std::string tls_file(std::string_view name);

// Skips the current test (from SetUp or a test body) when `path` is not an executable file.
void require_program(const char* path, std::string_view what);

// For peers looked up at run time (chromium, certutil, dumpcap, tshark): the absolute path of `name` in $PATH, then
// in /usr/sbin and /usr/bin (which a non-root PATH may lack), when this user may run it; otherwise "".
std::string find_executable(std::string_view name);

// A file name under gtest's temporary directory, unique to the running test: nxs_<test>_<stem>.
std::string temp_path(const std::string& stem);
// The whole file as text ("" when it cannot be read).
std::string read_text(const std::string& path);

// A fresh directory under $TMPDIR (or /tmp) named PREFIX-XXXXXX, removed with everything in it when the object goes.
class TempDir {
public:
    explicit TempDir(std::string_view prefix);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    [[nodiscard]] bool ok() const { return !m_path.empty(); }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::string file(std::string_view name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

// A TLS 1.3 cipher suite as nxs and OpenSSL name it (IANA) and as a GnuTLS priority string names its cipher.
struct SuiteNames {
    std::string_view iana;
    std::string_view gnutls;
};
inline constexpr SuiteNames kSuites[] = {
    {"TLS_AES_128_GCM_SHA256", "AES-128-GCM"},
    {"TLS_AES_256_GCM_SHA384", "AES-256-GCM"},
    {"TLS_CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305"},
    {"TLS_AES_128_CCM_SHA256", "AES-128-CCM"},
    {"TLS_AES_128_CCM_8_SHA256", "AES-128-CCM-8"},
};
// Test names and failure messages show the IANA name rather than the bytes of the struct.
inline void PrintTo(const SuiteNames& names, std::ostream* out) {
    *out << names.iana;
}
std::string suite_test_name(const ::testing::TestParamInfo<SuiteNames>& info);

// A key exchange group as `nxs --groups` takes it, as nxs reports it (--brief, the --www page), as OpenSSL's -groups
// takes it and reports it ("Server Temp Key: ..."), and as GnuTLS's priority string and report name it.
struct GroupNames {
    std::string_view nxs;
    std::string_view reported;
    std::string_view openssl;
    std::string_view openssl_temp_key;
    std::string_view gnutls;
};
inline constexpr GroupNames kGroups[] = {
    {"x25519", "x25519", "X25519", "X25519", "X25519"},
    {"p256", "secp256r1", "P-256", "ECDH, prime256v1", "SECP256R1"},
    {"p384", "secp384r1", "P-384", "ECDH, secp384r1", "SECP384R1"},
    {"p521", "secp521r1", "P-521", "ECDH, secp521r1", "SECP521R1"},
    {"x448", "x448", "X448", "X448", "X448"},
};
inline void PrintTo(const GroupNames& names, std::ostream* out) {
    *out << names.reported;
}
std::string group_test_name(const ::testing::TestParamInfo<GroupNames>& info);

// One finished run of a program.
struct PeerRun {
    std::string command;
    std::optional<ExitStatus> exit;  // nullopt: still running at the deadline (then killed)
    std::string out;
    std::string err;
};

// Runs argv to the end: writes `input` to its stdin, closes stdin, reads stdout and stderr to EOF, waits for exit.
PeerRun run_to_end(std::vector<std::string> argv, std::string_view input);

// For failure messages: the command, how it ended and what it printed.
std::string describe(const PeerRun& run);
std::string describe(const Process& process);

// True when the run exited with `code`; otherwise says how it ended, with its output.
::testing::AssertionResult exited_with(const PeerRun& run, int code);

// A server started in the background that names its port in an "ACCEPT HOST:PORT" stdout line, as both
// `nxs server` and `openssl s_server` do; the port comes from that line, so no other process can take it.
struct BackgroundServer {
    std::unique_ptr<Process> process;
    std::uint16_t port = 0;
};
// Starts argv and reads its stdout up to the ACCEPT line. Adds a test failure (and port 0) when it does not come.
BackgroundServer start_accepting_server(std::vector<std::string> argv);

// `nxs server --accept 127.0.0.1:0 --cert CERT.pem --key CERT.key --naccept CONNECTIONS EXTRA` (EXTRA holds --www
// or --echo and any other option).
BackgroundServer start_nxs_server(const std::string& cert, const std::vector<std::string>& extra, int connections = 1);

// Waits for a server started with a connection limit to exit by itself; true when it exited with code 0.
::testing::AssertionResult server_exits_cleanly(Process& server);

// The brief line `nxs client --brief` prints on stderr ("version=TLSv1.3 suite=... group=..."), or "".
std::string brief_line(const std::string& err);

// The HTTP request the tests send.
inline constexpr std::string_view kGetRequest = "GET / HTTP/1.0\r\n\r\n";

}  // namespace nxs::interop
