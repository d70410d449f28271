// Application data is read out of the record it was decrypted in (no intermediate buffer): reads in pieces of any
// size, records arriving in pieces while earlier data is unread, and unread data outliving a later fatal error.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "conn_test_support.h"

namespace nxs::testing {
namespace {

std::string pattern(std::size_t size, char first) {
    std::string text(size, first);
    for (std::size_t i = 0; i < size; ++i) {
        text[i] = static_cast<char>(first + static_cast<char>(i % 23));
    }
    return text;
}

std::string read_some(Connection& conn, std::size_t max) {
    std::vector<std::uint8_t> buffer(max);
    const auto n = conn.read(buffer);
    EXPECT_TRUE(n.ok()) << n.error().to_string();
    return n.ok() ? std::string(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n)) : std::string();
}

Pair established_pair() {
    auto pair = Pair::make(client_config(), server_config());
    pair.run();
    EXPECT_TRUE(pair.established());
    return pair;
}

TEST(ReadBuffer, PiecesOfAnySizeWhileMoreRecordsArrive) {
    auto pair = established_pair();
    // Three writes: one record, two records (20000 > 2^14) and a short one.
    const std::string sent = pattern(5000, 'a') + pattern(20000, 'A') + "tail";
    ASSERT_TRUE(pair.server->write(bytes_of(sent.substr(0, 5000))).ok());
    ASSERT_TRUE(pair.server->write(bytes_of(sent.substr(5000, 20000))).ok());
    ASSERT_TRUE(pair.server->write(bytes_of("tail")).ok());
    const auto out = pair.server->pending_output();
    const std::vector<std::uint8_t> wire(out.begin(), out.end());
    pair.server->consume_output(wire.size());

    std::string received;
    std::size_t fed = 0;
    std::size_t expect_readable = 0;
    // Cuts through headers, bodies and tags; a read of 777 bytes between every two feeds.
    for (const std::size_t cut : {std::size_t{3}, std::size_t{7000}, std::size_t{7001}, std::size_t{16000},
                                  std::size_t{16420}, std::size_t{30000}, wire.size()}) {
        const std::size_t end = std::min(cut, wire.size());
        ASSERT_TRUE(pair.client->feed(std::span(wire).subspan(fed, end - fed)).ok());
        fed = end;
        expect_readable = pair.client->readable();
        const std::string piece = read_some(*pair.client, 777);
        EXPECT_EQ(piece.size(), std::min<std::size_t>(777, expect_readable));
        EXPECT_EQ(pair.client->readable(), expect_readable - piece.size());
        received += piece;
    }
    received += read_all(*pair.client);
    EXPECT_EQ(pair.client->readable(), 0U);
    EXPECT_EQ(received, sent);
    EXPECT_EQ(read_some(*pair.client, 10), "");  // nothing left: 0, not an error
}

TEST(ReadBuffer, OneReadSpansRecords) {
    auto pair = established_pair();
    ASSERT_TRUE(pair.server->write(bytes_of("first ")).ok());
    ASSERT_TRUE(pair.server->write(bytes_of("second ")).ok());
    ASSERT_TRUE(pair.server->write(bytes_of("third")).ok());
    pair.run();
    EXPECT_EQ(pair.client->readable(), 18U);
    EXPECT_EQ(read_some(*pair.client, 100), "first second third");
}

TEST(ReadBuffer, UnreadDataOutlivesALaterFatalError) {
    auto pair = established_pair();
    ASSERT_TRUE(pair.server->write(bytes_of("kept")).ok());
    pair.run();
    ASSERT_TRUE(pair.server->write(bytes_of("tampered")).ok());
    const auto out = pair.server->pending_output();
    std::vector<std::uint8_t> wire(out.begin(), out.end());
    pair.server->consume_output(wire.size());
    wire.back() ^= 0x01;  // the tag
    EXPECT_EQ(pair.client->feed(wire).status(), Status::kTlsAeadDecryptFail);
    EXPECT_EQ(pair.client->readable(), 4U);
    EXPECT_EQ(read_some(*pair.client, 100), "kept");
    std::vector<std::uint8_t> buffer(10);
    EXPECT_EQ(pair.client->read(buffer).status(), Status::kTlsAeadDecryptFail);
}

}  // namespace
}  // namespace nxs::testing
