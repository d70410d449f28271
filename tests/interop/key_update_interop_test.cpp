// KeyUpdate by record count against OpenSSL: `nxs client --key-update-after N` streams many KB through
// `openssl s_server -rev`, and `openssl s_client` streams through `nxs server --echo --key-update-after N`. The bytes
// come back intact, and the OpenSSL peer's own message trace (-msg -msgfile) counts the KeyUpdates nxs sent, which
// must equal what nxs reports.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interop_util.h"

namespace nxs::interop {
namespace {

// How s_client and s_server -msg show a KeyUpdate they received.
constexpr std::string_view kReceivedKeyUpdate = "<<< TLS 1.3, Handshake [length 0005], KeyUpdate";

std::size_t count_of(const std::string& text, std::string_view what) {
    std::size_t count = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) {
        ++count;
    }
    return count;
}

// `size` bytes of short lines (s_server -rev works line by line). s_client takes a stdin read that starts with Q, R, K
// or k as a command, and a read may start anywhere in a line: none of these letters occurs.
std::string stream_lines(std::size_t size = std::size_t{256} * 1024) {
    std::string data;
    for (int i = 0; data.size() < size; ++i) {
        data += "line " + std::to_string(i) + " of the nxs interop stream under updates\n";
    }
    return data;
}

// Each line reversed, as `openssl s_server -rev` sends it back.
std::string reversed_lines(const std::string& data) {
    std::string out;
    std::istringstream lines(data);
    std::string line;
    while (std::getline(lines, line)) {
        std::reverse(line.begin(), line.end());
        out += line + "\n";
    }
    return out;
}

// Writes `data` to `peer` in 16 KiB pieces, each time waiting until the answer to the piece (the same bytes,
// transformed by `answer`) is on its stdout, so that no pipe or socket buffer fills up.
::testing::AssertionResult stream_through(Process& peer, const std::string& data,
                                          std::string (*answer)(const std::string&), Deadline deadline) {
    constexpr std::size_t kPiece = std::size_t{16} * 1024;
    std::size_t offset = 0;
    while (offset < data.size()) {
        // Pieces end at a line end so that the answer of a piece is known before the next one goes.
        std::size_t end = std::min(data.size(), offset + kPiece);
        end = data.rfind('\n', end - 1) + 1;
        const std::string piece = data.substr(offset, end - offset);
        if (!peer.write_stdin(piece, deadline)) {
            return ::testing::AssertionFailure() << "writing stdin failed\n" << describe(peer);
        }
        const std::string expected = answer(piece);
        if (!peer.read_stdout_until(expected.substr(expected.size() > 64 ? expected.size() - 64 : 0), deadline)) {
            return ::testing::AssertionFailure() << "the answer to the piece at " << offset << " did not come\n"
                                                 << describe(peer);
        }
        offset = end;
    }
    return ::testing::AssertionSuccess();
}

std::string same(const std::string& data) {
    return data;
}

class KeyUpdateInterop : public ::testing::Test {
protected:
    void SetUp() override {
        require_program(kNxsTool, "the nxs tool");
        require_program(kOpenssl, "openssl");
    }
};

// nxs updates its write key after every 2 records while s_server reverses each line; s_server's trace sees each
// KeyUpdate, nxs counts the same number, and every line comes back reversed.
TEST_F(KeyUpdateInterop, NxsClientWithSmallLimitThroughOpensslServer) {
    const std::string trace = temp_path("s_server.msg");
    std::remove(trace.c_str());
    auto server = start_accepting_server({kOpenssl, "s_server", "-tls1_3", "-accept", "127.0.0.1:0", "-naccept", "1",
                                          "-cert", tls_file("server-p256.pem"), "-key", tls_file("server-p256.key"),
                                          "-rev", "-msg", "-msgfile", trace});
    ASSERT_NE(server.port, 0);
    Process client({kNxsTool, "client", "127.0.0.1:" + std::to_string(server.port), "--servername", "test.nxs.example",
                    "--cafile", tls_file("ca.pem"), "--brief", "--key-update-after", "2"});
    ASSERT_TRUE(client.started()) << client.error();
    const Deadline deadline = deadline_in(kTimeout);
    // s_server -rev answers each line with its own record (and traces each): 128 KB keeps that under a few seconds.
    const std::string data = stream_lines(std::size_t{128} * 1024);
    ASSERT_TRUE(stream_through(client, data, reversed_lines, deadline));
    client.close_stdin();
    const auto exit = client.wait(deadline);
    ASSERT_TRUE(exit.has_value()) << describe(client);
    EXPECT_EQ(exit->code, 0) << describe(client);
    EXPECT_TRUE(client.out() == reversed_lines(data)) << "the reversed lines differ from the ones sent";
    EXPECT_TRUE(server_exits_cleanly(*server.process));

    const std::size_t seen = count_of(read_text(trace), kReceivedKeyUpdate);
    EXPECT_GE(seen, 3U) << "128 KB is at least 8 records: an update after every 2";
    EXPECT_NE(client.err().find("key_updates sent=" + std::to_string(seen) + " received=0"), std::string::npos)
        << "s_server saw " << seen << " KeyUpdates\n"
        << describe(client);
}

// The other way round: nxs echoes with a limit of 2 records per key; s_client reads every byte back and its trace
// counts as many KeyUpdates as nxs logs.
TEST_F(KeyUpdateInterop, OpensslClientThroughNxsEchoServerWithSmallLimit) {
    for (const SuiteNames& suite : kSuites) {
        SCOPED_TRACE(std::string(suite.iana));
        const std::string trace = temp_path(std::string(suite.iana) + ".msg");
        std::remove(trace.c_str());
        auto server = start_nxs_server("server-p256", {"--echo", "--key-update-after", "2"});
        ASSERT_NE(server.port, 0);
        Process client({kOpenssl, "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(server.port),
                        "-servername", "test.nxs.example", "-CAfile", tls_file("ca.pem"), "-verify_return_error",
                        "-ciphersuites", std::string(suite.iana), "-quiet", "-no_ign_eof", "-nocommands", "-msg",
                        "-msgfile", trace});
        ASSERT_TRUE(client.started()) << client.error();
        const Deadline deadline = deadline_in(kTimeout);
        const std::string data = stream_lines();
        ASSERT_TRUE(stream_through(client, data, same, deadline));
        client.close_stdin();
        client.read_to_eof(deadline);
        const auto exit = client.wait(deadline);
        ASSERT_TRUE(exit.has_value()) << describe(client);
        EXPECT_EQ(exit->code, 0) << describe(client);
        EXPECT_EQ(client.out().size(), data.size());
        EXPECT_TRUE(client.out() == data) << "the echoed bytes differ from the ones sent";
        EXPECT_TRUE(server_exits_cleanly(*server.process));

        const std::size_t seen = count_of(read_text(trace), kReceivedKeyUpdate);
        EXPECT_GE(seen, 7U);
        EXPECT_NE(server.process->err().find("key_updates sent=" + std::to_string(seen) + " received=0"),
                  std::string::npos)
            << "s_client saw " << seen << " KeyUpdates\n"
            << describe(*server.process);
    }
}

// Both at once: s_client asks for updates ("K") in the middle of a stream that nxs, with a small limit, updates on
// its own; each K gets one answer beyond nxs's own updates, and every byte still comes back.
TEST_F(KeyUpdateInterop, RequestedUpdatesInterleaveWithTheLimit) {
    const std::string trace = temp_path("s_client.msg");
    std::remove(trace.c_str());
    auto server = start_nxs_server("server-p256", {"--echo", "--key-update-after", "3"});
    ASSERT_NE(server.port, 0);
    Process client({kOpenssl, "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(server.port),
                    "-servername", "test.nxs.example", "-CAfile", tls_file("ca.pem"), "-verify_return_error", "-quiet",
                    "-no_ign_eof", "-msg", "-msgfile", trace});
    ASSERT_TRUE(client.started()) << client.error();
    const Deadline deadline = deadline_in(kTimeout);
    const std::string data = stream_lines();
    constexpr std::size_t kRequests = 4;
    const std::size_t part = data.size() / (kRequests + 1);
    std::string sent;
    for (std::size_t i = 0; i <= kRequests; ++i) {
        std::size_t end = i == kRequests ? data.size() : data.rfind('\n', (i + 1) * part) + 1;
        const std::string chunk = data.substr(sent.size(), end - sent.size());
        ASSERT_TRUE(stream_through(client, chunk, same, deadline));
        sent += chunk;
        if (i != kRequests) {
            // As in server_openssl_test: the command goes alone, and the next data only after s_client took it.
            ASSERT_TRUE(client.write_stdin("K\n", deadline));
            ASSERT_TRUE(client.read_stderr_until("KEYUPDATE", deadline, i + 1)) << describe(client);
        }
    }
    client.close_stdin();
    client.read_to_eof(deadline);
    const auto exit = client.wait(deadline);
    ASSERT_TRUE(exit.has_value()) << describe(client);
    EXPECT_EQ(exit->code, 0) << describe(client);
    EXPECT_TRUE(client.out() == data) << "the echoed bytes differ from the ones sent";
    EXPECT_TRUE(server_exits_cleanly(*server.process));

    const std::string messages = read_text(trace);
    const std::size_t seen = count_of(messages, kReceivedKeyUpdate);
    EXPECT_EQ(count_of(messages, ">>> TLS 1.3, Handshake [length 0005], KeyUpdate"), kRequests);
    EXPECT_GE(seen, kRequests + 5);  // the answers plus updates of its own
    EXPECT_NE(server.process->err().find("key_updates sent=" + std::to_string(seen) +
                                         " received=" + std::to_string(kRequests)),
              std::string::npos)
        << "s_client saw " << seen << " KeyUpdates\n"
        << describe(*server.process);
}

// --key-update-after takes a whole number of records, 1 or more; both tools refuse anything else before they connect
// or listen (port 1: nothing is contacted).
TEST_F(KeyUpdateInterop, BadKeyUpdateAfterValuesAreRefused) {
    for (const std::string value : {"0", "-1", "abc", "3x", "", "18446744073709551616"}) {
        SCOPED_TRACE("--key-update-after '" + value + "'");
        const auto client =
            run_to_end({kNxsTool, "client", "127.0.0.1:1", "--insecure", "--key-update-after", value}, "");
        EXPECT_TRUE(exited_with(client, 1));
        EXPECT_NE(client.err.find("--key-update-after needs a number of records"), std::string::npos)
            << describe(client);
        const auto server =
            run_to_end({kNxsTool, "server", "--accept", "127.0.0.1:0", "--cert", tls_file("server-p256.pem"), "--key",
                        tls_file("server-p256.key"), "--echo", "--key-update-after", value},
                       "");
        EXPECT_TRUE(exited_with(server, 1));
        EXPECT_NE(server.err.find("--key-update-after needs a number of records"), std::string::npos)
            << describe(server);
    }
}

}  // namespace
}  // namespace nxs::interop
