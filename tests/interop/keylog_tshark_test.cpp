// A packet analyser decrypts a captured nxs session with the key log nxs wrote (NSS SSLKEYLOGFILE format, from
// --keylogfile or the SSLKEYLOGFILE variable). dumpcap captures the session on loopback; tshark reads the capture and
// must show the plaintext of both directions with the key log, and none of it without the key log or with every
// secret in it altered. The peer is OpenSSL, which is not asked for a key log, so what decrypts the capture can only
// come from nxs's log.
//
// dumpcap and tshark come from the Debian package tshark (scripts/setup.sh); without them, or without permission to
// capture on lo (not root and no capture capabilities), the tests skip and say why.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

bool write_file(const std::string& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return out.good();
}

// `dumpcap -i lo -f "tcp port PORT" -w FILE`. Process's destructor stops it whatever happens; stop() is the clean
// way, which ends the file properly.
class Capture {
public:
    enum class State { kCapturing, kNotPermitted, kFailed };

    Capture(const std::string& dumpcap, std::uint16_t port, const std::string& file)
        : m_process({dumpcap, "-i", "lo", "-f", "tcp port " + std::to_string(port), "-w", file}) {
        if (!m_process.started()) {
            m_state = State::kFailed;
            return;
        }
        // dumpcap prints "Capturing on 'Loopback: lo'" before it opens anything; "File: ..." only once the interface
        // is open with the filter set and the file is created, so from then on every packet of the port is kept.
        if (m_process.read_stderr_until("File: ", deadline_in(kTimeout))) {
            m_state = State::kCapturing;
            return;
        }
        m_process.wait(deadline_in(std::chrono::seconds(5)));
        const std::string err = m_process.err();
        const bool refused = err.find("permission") != std::string::npos ||
                             err.find("not permitted") != std::string::npos ||
                             err.find("Permission denied") != std::string::npos;
        m_state = refused ? State::kNotPermitted : State::kFailed;
    }

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] std::string describe() const { return m_process.error() + interop::describe(m_process); }

    // SIGINT makes dumpcap stop reading, write out the interface statistics and close the file, then exit 0.
    ::testing::AssertionResult stop() {
        if (m_process.pid() <= 0) {
            return ::testing::AssertionFailure() << "dumpcap stopped by itself\n" << describe();
        }
        ::kill(m_process.pid(), SIGINT);
        const auto exit = m_process.wait(deadline_in(kTimeout));
        if (exit && exit->signal == 0 && exit->code == 0) {
            return ::testing::AssertionSuccess();
        }
        return ::testing::AssertionFailure() << "dumpcap did not exit with code 0 on SIGINT\n" << describe();
    }

private:
    Process m_process;
    State m_state = State::kFailed;
};

// A TLS 1.3 suite, the code tshark shows for it in the ServerHello and the length of its secrets in hex (the length of
// the suite's hash: SHA-256 or SHA-384).
struct KeyLogSuite {
    std::string_view iana;
    std::string_view tshark_code;
    std::size_t secret_hex_length;
};
constexpr KeyLogSuite kKeyLogSuites[] = {
    {"TLS_AES_128_GCM_SHA256", "0x1301", 64},
    {"TLS_AES_256_GCM_SHA384", "0x1302", 96},
    {"TLS_CHACHA20_POLY1305_SHA256", "0x1303", 64},
};
void PrintTo(const KeyLogSuite& suite, std::ostream* out) {
    *out << suite.iana;
}
std::string key_log_suite_name(const ::testing::TestParamInfo<KeyLogSuite>& info) {
    return std::string(info.param.iana);
}

// The labels of the TLS 1.3 traffic secrets in the NSS key log format: what tshark needs to decrypt the handshake and
// the application data.
constexpr std::array<std::string_view, 4> kTrafficSecretLabels = {
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0",
    "SERVER_TRAFFIC_SECRET_0",
};

// One "LABEL CLIENT_RANDOM SECRET" line.
struct KeyLogLine {
    std::string label;
    std::string client_random;
    std::string secret;
};

std::vector<KeyLogLine> parse_key_log(const std::string& text) {
    std::vector<KeyLogLine> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::istringstream fields(line);
        KeyLogLine parsed;
        fields >> parsed.label >> parsed.client_random >> parsed.secret;
        lines.push_back(std::move(parsed));
    }
    return lines;
}

bool is_hex(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

// The same key log with the last hex digit of every secret changed: the right format and client randoms, wrong keys.
std::string altered_key_log(const std::vector<KeyLogLine>& lines) {
    std::string out;
    for (const auto& line : lines) {
        std::string secret = line.secret;
        if (!secret.empty()) {
            secret.back() = secret.back() == '0' ? '1' : '0';
        }
        out += line.label + " " + line.client_random + " " + secret + "\n";
    }
    return out;
}

std::string from_hex(std::string_view hex) {
    const auto nibble = [](char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    };
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    }
    return bytes;
}

// What tshark shows of the session's TLS records.
struct TsharkView {
    PeerRun run;
    std::string from_client;  // the decrypted application data, per direction
    std::string from_server;
    bool client_app_data = false;  // encrypted application data records tshark did not decrypt, per direction
    bool server_app_data = false;
    std::string server_suite;  // the cipher suite of the ServerHello, e.g. "0x1301"
};

class TsharkKeyLog : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kOpenssl, "openssl");
        m_dumpcap = find_executable("dumpcap");
        m_tshark = find_executable("tshark");
        if (m_dumpcap.empty() || m_tshark.empty()) {
            GTEST_SKIP() << "dumpcap or tshark is not installed (or not executable by this user); install the Debian "
                            "package tshark (scripts/setup.sh does)";
        }
        ASSERT_TRUE(m_dir.ok()) << "cannot create a temporary directory";
        m_pcap = m_dir.file("session.pcapng");
        m_key_log = m_dir.file("keylog.txt");
    }

    // Starts capturing the server's port; skips the test when this user may not capture on lo.
    void start_capture(std::uint16_t port) {
        m_server_port = port;
        m_capture = std::make_unique<Capture>(m_dumpcap, port, m_pcap);
        if (m_capture->state() == Capture::State::kNotPermitted) {
            GTEST_SKIP() << "this user may not capture on lo (run as root, or give dumpcap cap_net_raw and "
                            "cap_net_admin)\n"
                         << m_capture->describe();
        }
        ASSERT_EQ(m_capture->state(), Capture::State::kCapturing) << m_capture->describe();
    }

    // The common part of every tshark run: read the capture, no name lookups, TLS on the server's port, TCP streams
    // and TLS records reassembled.
    [[nodiscard]] std::vector<std::string> tshark_argv(const std::string& key_log) const {
        const std::string port = std::to_string(m_server_port);
        return {m_tshark, "-n", "-r", m_pcap, "-o",
                "tls.keylog_file:" + key_log,  // "" overrides a key log in the user's Wireshark preferences
                "-o", "tcp.desegment_tcp_streams:TRUE", "-o", "tls.desegment_ssl_records:TRUE", "-o",
                "tls.desegment_ssl_application_data:TRUE", "-d", "tcp.port==" + port + ",tls",
                // Decrypted application data goes to the generic "data" dissector (data.data), whatever protocol
                // tshark associates with a random port.
                "-d", "tls.port==" + port + ",data"};
    }

    // tshark's view of the capture with `key_log` ("" for none), one line per TLS frame:
    // "SOURCE_PORT<tab>CIPHER_SUITES<tab>ENCRYPTED_RECORDS<tab>DECRYPTED_DATA", several values of a field joined by
    // commas, the data in hex.
    [[nodiscard]] TsharkView view(const std::string& key_log) const {
        auto argv = tshark_argv(key_log);
        argv.insert(argv.end(), {"-Y", "tls", "-T", "fields", "-e", "tcp.srcport", "-e", "tls.handshake.ciphersuite",
                                 "-e", "tls.app_data", "-e", "data.data"});
        TsharkView view;
        view.run = run_to_end(std::move(argv), "");
        std::istringstream lines(view.run.out);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string port;
            std::string suites;
            std::string app_data;
            std::string data;
            std::getline(fields, port, '\t');
            std::getline(fields, suites, '\t');
            std::getline(fields, app_data, '\t');
            std::getline(fields, data, '\t');
            const bool from_server = port == std::to_string(m_server_port);
            if (from_server && !suites.empty()) {
                view.server_suite = suites;  // a ClientHello lists many; a ServerHello names one
            }
            if (!app_data.empty()) {
                (from_server ? view.server_app_data : view.client_app_data) = true;
            }
            std::istringstream records(data);
            std::string hex;
            while (std::getline(records, hex, ',')) {
                (from_server ? view.from_server : view.from_client) += from_hex(hex);
            }
        }
        return view;
    }

    // Waits until tshark, with the key log, finds `client_text` sent by the client and `server_text` sent by the
    // server. The kernel hands packets to dumpcap in blocks and dumpcap drops what it has not read yet when it is
    // stopped, so the capture is stopped only once the file holds the whole session; only the deadline bounds it.
    void wait_for_plaintext(std::string_view client_text, std::string_view server_text) const {
        const Deadline deadline = deadline_in(kTimeout);
        for (;;) {
            const TsharkView decrypted = view(m_key_log);
            const bool complete = decrypted.from_client.find(client_text) != std::string::npos &&
                                  decrypted.from_server.find(server_text) != std::string::npos;
            if (complete || SteadyClock::now() > deadline) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    // The key log holds the four traffic secrets of the suite's length, for one client random.
    void expect_key_log(const KeyLogSuite& suite) const {
        const std::string text = read_text(m_key_log);
        const auto lines = parse_key_log(text);
        for (const std::string_view label : kTrafficSecretLabels) {
            EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [&](const auto& line) { return line.label == label; }),
                      1)
                << label << " in\n"
                << text;
        }
        for (const auto& line : lines) {
            EXPECT_EQ(line.client_random.size(), 64U) << text;
            EXPECT_TRUE(is_hex(line.client_random)) << text;
            EXPECT_EQ(line.client_random, lines.front().client_random) << text;
            EXPECT_EQ(line.secret.size(), suite.secret_hex_length) << line.label << " for " << suite.iana;
            EXPECT_TRUE(is_hex(line.secret)) << text;
        }
    }

    // The whole check, once the session has ended: tshark decrypts both directions with the key log, sees the suite
    // asked for, and sees no plaintext without the key log or with altered secrets (nor is it in the capture as is).
    void expect_decryption(const KeyLogSuite& suite, std::string_view client_text, std::string_view server_text) {
        wait_for_plaintext(client_text, server_text);
        ASSERT_TRUE(m_capture->stop());
        expect_key_log(suite);
        const TsharkView with_key_log = view(m_key_log);
        EXPECT_TRUE(exited_with(with_key_log.run, 0));
        EXPECT_NE(with_key_log.from_client.find(client_text), std::string::npos) << describe(with_key_log.run);
        EXPECT_NE(with_key_log.from_server.find(server_text), std::string::npos) << describe(with_key_log.run);
        EXPECT_EQ(with_key_log.server_suite, suite.tshark_code) << describe(with_key_log.run);

        const std::string capture = read_text(m_pcap);
        EXPECT_EQ(capture.find(client_text), std::string::npos) << "plaintext in the capture";
        EXPECT_EQ(capture.find(server_text), std::string::npos) << "plaintext in the capture";

        // Without a key log, tshark sees encrypted application data both ways and decrypts none of it.
        const TsharkView without_key_log = view("");
        EXPECT_TRUE(exited_with(without_key_log.run, 0));
        EXPECT_TRUE(without_key_log.client_app_data) << describe(without_key_log.run);
        EXPECT_TRUE(without_key_log.server_app_data) << describe(without_key_log.run);
        EXPECT_EQ(without_key_log.from_client, "") << describe(without_key_log.run);
        EXPECT_EQ(without_key_log.from_server, "") << describe(without_key_log.run);

        // The same with every secret altered: the key log must be what decrypts, not anything else tshark knows.
        const std::string altered = m_dir.file("altered-keylog.txt");
        ASSERT_TRUE(write_file(altered, altered_key_log(parse_key_log(read_text(m_key_log)))));
        const TsharkView with_altered_key_log = view(altered);
        EXPECT_TRUE(exited_with(with_altered_key_log.run, 0));
        EXPECT_TRUE(with_altered_key_log.client_app_data) << describe(with_altered_key_log.run);
        EXPECT_TRUE(with_altered_key_log.server_app_data) << describe(with_altered_key_log.run);
        EXPECT_EQ(with_altered_key_log.from_client, "") << describe(with_altered_key_log.run);
        EXPECT_EQ(with_altered_key_log.from_server, "") << describe(with_altered_key_log.run);
    }

    // `openssl s_server -rev` on a free port: it sends each line back reversed, so the two directions carry different
    // plaintext.
    static BackgroundServer start_reversing_s_server(std::string_view suite) {
        return start_accepting_server({kOpenssl, "s_server", "-tls1_3", "-accept", "127.0.0.1:0", "-naccept", "1",
                                       "-cert", tls_file("server-p256.pem"), "-key", tls_file("server-p256.key"),
                                       "-ciphersuites", std::string(suite), "-rev"});
    }

    // nxs client (argv, with --keylogfile or SSLKEYLOGFILE) sends one line to s_server -rev and reads it back reversed.
    void run_nxs_client(std::vector<std::string> argv, BackgroundServer& server, std::string_view line,
                        std::string_view reversed) {
        argv.insert(argv.end(), {"127.0.0.1:" + std::to_string(server.port), "--cafile", tls_file("ca.pem"),
                                 "--servername", "test.nxs.example"});
        Process client(std::move(argv));
        ASSERT_TRUE(client.started()) << client.error();
        const Deadline deadline = deadline_in(kTimeout);
        ASSERT_TRUE(client.write_stdin(line, deadline)) << describe(client);
        EXPECT_TRUE(client.read_stdout_until(reversed, deadline)) << describe(client);
        client.close_stdin();
        client.read_to_eof(deadline);
        const auto exit = client.wait(deadline);
        ASSERT_TRUE(exit.has_value()) << describe(client);
        EXPECT_EQ(exit->code, 0) << describe(client);
        EXPECT_TRUE(server_exits_cleanly(*server.process));
    }

    // openssl s_client (no key log) sends one line to nxs server --echo and reads it back.
    void run_s_client(BackgroundServer& server, std::string_view suite, std::string_view line) {
        Process client({kOpenssl, "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(server.port),
                        "-servername", "test.nxs.example", "-verify_hostname", "test.nxs.example", "-CAfile",
                        tls_file("ca.pem"), "-verify_return_error", "-ciphersuites", std::string(suite), "-quiet",
                        "-no_ign_eof"});
        ASSERT_TRUE(client.started()) << client.error();
        const Deadline deadline = deadline_in(kTimeout);
        ASSERT_TRUE(client.write_stdin(line, deadline)) << describe(client);
        EXPECT_TRUE(client.read_stdout_until(line, deadline)) << describe(client);
        client.close_stdin();
        client.read_to_eof(deadline);
        const auto exit = client.wait(deadline);
        ASSERT_TRUE(exit.has_value()) << describe(client);
        EXPECT_EQ(exit->code, 0) << describe(client);
        EXPECT_TRUE(server_exits_cleanly(*server.process));
    }

    // nxs as the client: `launcher` runs the nxs tool (directly or through env(1)), `key_log_options` follow
    // "client".
    void check_nxs_client(const KeyLogSuite& suite, std::vector<std::string> launcher,
                          const std::vector<std::string>& key_log_options) {
        const std::string line = "nxs client says hello with " + std::string(suite.iana) + "\n";
        std::string reversed = line.substr(0, line.size() - 1);
        std::reverse(reversed.begin(), reversed.end());
        auto server = start_reversing_s_server(suite.iana);
        ASSERT_NE(server.port, 0);
        start_capture(server.port);
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        std::vector<std::string> argv = std::move(launcher);
        argv.emplace_back("client");
        argv.insert(argv.end(), key_log_options.begin(), key_log_options.end());
        argv.insert(argv.end(), {"--ciphersuites", std::string(suite.iana)});
        run_nxs_client(std::move(argv), server, line, reversed);
        if (HasFatalFailure()) {
            return;
        }
        expect_decryption(suite, line, reversed);
    }

    // nxs as the server, the same way.
    void check_nxs_server(const KeyLogSuite& suite, std::vector<std::string> launcher,
                          const std::vector<std::string>& key_log_options) {
        const std::string line = "openssl asks nxs server to echo this with " + std::string(suite.iana) + "\n";
        std::vector<std::string> argv = std::move(launcher);
        argv.emplace_back("server");
        argv.insert(argv.end(), key_log_options.begin(), key_log_options.end());
        argv.insert(argv.end(), {"--accept", "127.0.0.1:0", "--cert", tls_file("server-p256.pem"), "--key",
                                 tls_file("server-p256.key"), "--naccept", "1", "--echo", "--ciphersuites",
                                 std::string(suite.iana)});
        auto server = start_accepting_server(std::move(argv));
        ASSERT_NE(server.port, 0);
        start_capture(server.port);
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        run_s_client(server, suite.iana, line);
        if (HasFatalFailure()) {
            return;
        }
        expect_decryption(suite, line, line);
    }

    std::string m_dumpcap;
    std::string m_tshark;
    TempDir m_dir{"nxs-tshark"};
    std::string m_pcap;
    std::string m_key_log;
    std::uint16_t m_server_port = 0;
    std::unique_ptr<Capture> m_capture;
};

class TsharkKeyLogSuite : public TsharkKeyLog, public ::testing::WithParamInterface<KeyLogSuite> {};

TEST_P(TsharkKeyLogSuite, DecryptsNxsClientSessionWithItsKeyLogFile) {
    check_nxs_client(GetParam(), {kNxsTool}, {"--keylogfile", m_key_log});
}

TEST_P(TsharkKeyLogSuite, DecryptsNxsServerSessionWithItsKeyLogFile) {
    check_nxs_server(GetParam(), {kNxsTool}, {"--keylogfile", m_key_log});
}

INSTANTIATE_TEST_SUITE_P(Suites, TsharkKeyLogSuite, ::testing::ValuesIn(kKeyLogSuites), key_log_suite_name);

// Without --keylogfile, SSLKEYLOGFILE names the key log (set through env(1): Process passes on the test's own
// environment).
TEST_F(TsharkKeyLog, DecryptsNxsClientSessionWithSslKeyLogFileVariable) {
    check_nxs_client(kKeyLogSuites[0], {"/usr/bin/env", "SSLKEYLOGFILE=" + m_key_log, kNxsTool}, {});
}

TEST_F(TsharkKeyLog, DecryptsNxsServerSessionWithSslKeyLogFileVariable) {
    check_nxs_server(kKeyLogSuites[0], {"/usr/bin/env", "SSLKEYLOGFILE=" + m_key_log, kNxsTool}, {});
}

}  // namespace
}  // namespace nxs::interop
