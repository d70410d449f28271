// HandshakeFramer: several messages per record, messages across records, limits, key-change boundaries.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "record/handshake_framer.h"
#include "unit/handshake/rfc8448_trace.h"

namespace nxs::record {
namespace {

using rfc8448::bytes;

std::vector<std::uint8_t> server_flight() {
    std::vector<std::uint8_t> out;
    for (const auto part : {rfc8448::kEncryptedExtensions, rfc8448::kCertificate, rfc8448::kCertificateVerify,
                            rfc8448::kServerFinished}) {
        const auto b = bytes(part);
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

// Feeds `data` cut at `cuts` and collects every message (copied, as views do not outlive the next call).
std::vector<std::vector<std::uint8_t>> frame_all(HandshakeFramer& framer, const std::vector<std::uint8_t>& data,
                                                 const std::vector<std::size_t>& cuts,
                                                 std::vector<bool>* ends_record = nullptr) {
    std::vector<std::vector<std::uint8_t>> messages;
    std::size_t start = 0;
    std::vector<std::size_t> bounds = cuts;
    bounds.push_back(data.size());
    for (const std::size_t end : bounds) {
        EXPECT_TRUE(framer.feed(Bytes(data).subspan(start, end - start)).ok());
        while (true) {
            auto next = framer.next();
            EXPECT_TRUE(next.ok());
            if (!next.ok() || !next->has_value()) {
                break;
            }
            const HandshakeMessage& m = **next;
            EXPECT_EQ(m.encoded.size(), m.body.size() + 4);
            EXPECT_EQ(m.type, m.encoded[0]);
            messages.emplace_back(m.encoded.begin(), m.encoded.end());
            if (ends_record != nullptr) {
                ends_record->push_back(m.ends_record);
            }
        }
        start = end;
    }
    return messages;
}

TEST(HandshakeFramer, SeveralMessagesInOneRecordAreViewsIntoIt) {
    const auto flight = server_flight();
    HandshakeFramer framer;
    ASSERT_TRUE(framer.feed(flight).ok());
    std::vector<std::uint8_t> types;
    std::vector<bool> ends;
    while (true) {
        auto next = framer.next();
        ASSERT_TRUE(next.ok());
        if (!next->has_value()) {
            break;
        }
        const auto& m = **next;
        EXPECT_GE(m.encoded.data(), flight.data());
        EXPECT_LE(m.encoded.data() + m.encoded.size(), flight.data() + flight.size());
        types.push_back(m.type);
        ends.push_back(m.ends_record);
    }
    EXPECT_EQ(types, (std::vector<std::uint8_t>{8, 11, 15, 20}));
    EXPECT_EQ(ends, (std::vector<bool>{false, false, false, true}));
    EXPECT_FALSE(framer.has_pending());
    EXPECT_TRUE(framer.check_boundary("Finished").ok());
}

TEST(HandshakeFramer, EverySplitPointGivesTheSameMessages) {
    const auto flight = server_flight();
    const std::vector<std::vector<std::uint8_t>> expected = {
        bytes(rfc8448::kEncryptedExtensions), bytes(rfc8448::kCertificate), bytes(rfc8448::kCertificateVerify),
        bytes(rfc8448::kServerFinished)};
    for (std::size_t cut = 1; cut < flight.size(); ++cut) {
        HandshakeFramer framer;
        EXPECT_EQ(frame_all(framer, flight, {cut}), expected) << "cut at " << cut;
        EXPECT_FALSE(framer.has_pending());
    }
}

TEST(HandshakeFramer, OneByteRecords) {
    const auto flight = server_flight();
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < flight.size(); ++i) {
        cuts.push_back(i);
    }
    HandshakeFramer framer;
    std::vector<bool> ends;
    const auto messages = frame_all(framer, flight, cuts, &ends);
    ASSERT_EQ(messages.size(), 4U);
    EXPECT_EQ(messages[1], bytes(rfc8448::kCertificate));
    // Each message completes with the last byte of a one-byte record.
    EXPECT_EQ(ends, (std::vector<bool>{true, true, true, true}));
}

TEST(HandshakeFramer, MessageEndingInsideARecordIsReportedForKeyChanges) {
    // ServerHello followed, in the same record, by the first bytes of the next message: a key change after the
    // ServerHello would leave plaintext handshake data behind (RFC 8446 §5.1).
    auto data = bytes(rfc8448::kServerHello);
    const auto ee = bytes(rfc8448::kEncryptedExtensions);
    data.insert(data.end(), ee.begin(), ee.begin() + 2);
    HandshakeFramer framer;
    ASSERT_TRUE(framer.feed(data).ok());
    auto next = framer.next();
    ASSERT_TRUE(next.ok() && next->has_value());
    EXPECT_EQ((*next)->type, 2);
    EXPECT_FALSE((*next)->ends_record);
    const auto boundary = framer.check_boundary("ServerHello");
    EXPECT_EQ(boundary.status(), Status::kTlsUnexpectedMessage);
    EXPECT_EQ(boundary.error().alert(), AlertDescription::kUnexpectedMessage);
    // Reading on keeps the two bytes as a partial message, still pending at the key change.
    next = framer.next();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next->has_value());
    EXPECT_TRUE(framer.has_pending());
    EXPECT_EQ(framer.check_boundary("ServerHello").status(), Status::kTlsUnexpectedMessage);
    framer.reset();
    EXPECT_TRUE(framer.check_boundary("ServerHello").ok());
}

TEST(HandshakeFramer, MessageSizeLimits) {
    HandshakeFramerConfig config;
    config.max_message = 100;
    config.max_certificate_message = 1000;
    HandshakeFramer framer(config);
    // A 101-byte EncryptedExtensions is refused as soon as its header is in.
    const std::vector<std::uint8_t> header = {8, 0x00, 0x00, 101};
    ASSERT_TRUE(framer.feed(header).ok());
    const auto refused = framer.next();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status(), Status::kTlsPacketBufferTooSmall);

    // The same through a header split across records.
    HandshakeFramer split(config);
    ASSERT_TRUE(split.feed(Bytes(header).first(2)).ok());
    ASSERT_TRUE(split.next().ok());
    ASSERT_TRUE(split.feed(Bytes(header).subspan(2)).ok());
    EXPECT_EQ(split.next().status(), Status::kTlsPacketBufferTooSmall);

    // Certificate has its own limit: the RFC's 441-byte Certificate fits 1000 but not 100.
    HandshakeFramer certs(config);
    const auto certificate = bytes(rfc8448::kCertificate);
    ASSERT_TRUE(certs.feed(certificate).ok());
    const auto message = certs.next();
    ASSERT_TRUE(message.ok() && message->has_value());
    config.max_certificate_message = 100;
    HandshakeFramer small(config);
    ASSERT_TRUE(small.feed(certificate).ok());
    EXPECT_EQ(small.next().status(), Status::kTlsPacketBufferTooSmall);
}

TEST(HandshakeFramer, FeedRules) {
    HandshakeFramer framer;
    EXPECT_EQ(framer.feed({}).status(), Status::kTlsUnexpectedMessage);
    const auto finished = bytes(rfc8448::kServerFinished);
    ASSERT_TRUE(framer.feed(finished).ok());
    // The previous record must be read first.
    EXPECT_EQ(framer.feed(finished).status(), Status::kTlsInvalidState);
    auto next = framer.next();
    ASSERT_TRUE(next.ok() && next->has_value());
    next = framer.next();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next->has_value());
    EXPECT_TRUE(framer.feed(finished).ok());
}

TEST(HandshakeFramer, EmptyBodyMessage) {
    // EndOfEarlyData has an empty body: 05 00 00 00.
    const std::vector<std::uint8_t> end_of_early_data = {5, 0, 0, 0};
    HandshakeFramer framer;
    ASSERT_TRUE(framer.feed(end_of_early_data).ok());
    const auto next = framer.next();
    ASSERT_TRUE(next.ok() && next->has_value());
    EXPECT_EQ((*next)->type, 5);
    EXPECT_TRUE((*next)->body.empty());
    EXPECT_TRUE((*next)->ends_record);
}

}  // namespace
}  // namespace nxs::record
