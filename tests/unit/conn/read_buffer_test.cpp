// Application data is read out of the record it was decrypted in (no intermediate buffer): reads in pieces of any
// size, records arriving in pieces while earlier data is unread, and unread data outliving a later fatal error; the
// same data viewed in place (received_data / consume_received).
// Whole records fed while nothing is buffered are decrypted straight from the caller's bytes (feed() then copies
// nothing): records cut at every position, several per feed, a forged one in the middle of a batch, a key change
// in the middle of a batch, records over the limit we advertised, with every AEAD.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/hex.h"
#include "conn_test_support.h"
#include "handshake/tls13/key_schedule.h"
#include "nxs/crypto/provider.h"
#include "record/record_protection.h"

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

// The client receives "kept", unread, then a record whose tag was altered: a fatal error after readable data.
void receive_kept_then_forged(Pair& pair) {
    ASSERT_TRUE(pair.server->write(bytes_of("kept")).ok());
    pair.run();
    ASSERT_TRUE(pair.server->write(bytes_of("tampered")).ok());
    const auto out = pair.server->pending_output();
    std::vector<std::uint8_t> wire(out.begin(), out.end());
    pair.server->consume_output(wire.size());
    wire.back() ^= 0x01;  // the tag
    EXPECT_EQ(pair.client->feed(wire).status(), Status::kTlsAeadDecryptFail);
}

TEST(ReadBuffer, UnreadDataOutlivesALaterFatalError) {
    auto pair = established_pair();
    receive_kept_then_forged(pair);
    EXPECT_EQ(pair.client->readable(), 4U);
    EXPECT_EQ(read_some(*pair.client, 100), "kept");
    std::vector<std::uint8_t> buffer(10);
    EXPECT_EQ(pair.client->read(buffer).status(), Status::kTlsAeadDecryptFail);
}

std::string view_text(std::span<const std::uint8_t> view) {
    return std::string(view.begin(), view.end());
}

TEST(ReceivedData, ViewsRecordByRecordAndConsumesInPieces) {
    auto pair = established_pair();
    ASSERT_TRUE(pair.server->write(bytes_of("first ")).ok());
    ASSERT_TRUE(pair.server->write(bytes_of(pattern(20000, 'A'))).ok());  // two records: 16384 + 3616
    ASSERT_TRUE(pair.server->write(bytes_of("last")).ok());
    pair.run();
    ASSERT_EQ(pair.client->readable(), 6U + 20000U + 4U);

    // One record at a time, where it was decrypted: the view never spans records.
    EXPECT_EQ(view_text(pair.client->received_data()), "first ");
    pair.client->consume_received(2);
    EXPECT_EQ(view_text(pair.client->received_data()), "rst ");
    EXPECT_EQ(pair.client->readable(), 4U + 20000U + 4U);
    pair.client->consume_received(4);
    EXPECT_EQ(pair.client->received_data().size(), 16384U);
    EXPECT_EQ(view_text(pair.client->received_data()), pattern(20000, 'A').substr(0, 16384));
    // read() and the view take turns on the same data.
    EXPECT_EQ(read_some(*pair.client, 16384 + 100), pattern(20000, 'A').substr(0, 16484));
    EXPECT_EQ(view_text(pair.client->received_data()), pattern(20000, 'A').substr(16484));
    pair.client->consume_received(3516 + 1);  // across the record boundary
    EXPECT_EQ(view_text(pair.client->received_data()), "ast");
    pair.client->consume_received(3);
    EXPECT_TRUE(pair.client->received_data().empty());
    EXPECT_EQ(pair.client->readable(), 0U);
}

TEST(ReceivedData, ConsumingMoreThanIsBufferedStopsAtTheEnd) {
    auto pair = established_pair();
    ASSERT_TRUE(pair.server->write(bytes_of("one")).ok());
    ASSERT_TRUE(pair.server->write(bytes_of("two")).ok());
    pair.run();
    pair.client->consume_received(1000);
    EXPECT_EQ(pair.client->readable(), 0U);
    EXPECT_TRUE(pair.client->received_data().empty());
    pair.client->consume_received(5);  // nothing buffered: no effect
    // Later records are viewed normally.
    ASSERT_TRUE(pair.server->write(bytes_of("three")).ok());
    pair.run();
    EXPECT_EQ(view_text(pair.client->received_data()), "three");
}

TEST(ReceivedData, UnreadDataOutlivesALaterFatalErrorThenTheViewIsEmpty) {
    auto pair = established_pair();
    receive_kept_then_forged(pair);
    // The forged record's bytes are never shown: only what was authenticated before it.
    EXPECT_EQ(view_text(pair.client->received_data()), "kept");
    pair.client->consume_received(4);
    EXPECT_TRUE(pair.client->received_data().empty());
    ASSERT_TRUE(pair.client->fatal_error().has_value());
    EXPECT_EQ(pair.client->fatal_error()->status(), Status::kTlsAeadDecryptFail);
}

std::vector<std::uint8_t> take_output(Connection& conn) {
    const auto out = conn.pending_output();
    std::vector<std::uint8_t> wire(out.begin(), out.end());
    conn.consume_output(wire.size());
    return wire;
}

// Where each record starts in `wire` (a sequence of whole records).
std::vector<std::size_t> record_starts(const std::vector<std::uint8_t>& wire) {
    std::vector<std::size_t> starts;
    for (std::size_t at = 0; at + 5 <= wire.size(); at += 5 + ((std::size_t{wire[at + 3]} << 8) | wire[at + 4])) {
        starts.push_back(at);
    }
    return starts;
}

Pair established_pair_with(CipherSuiteId suite) {
    auto client = client_config();
    auto server = server_config();
    client->cipher_suites = {suite};
    server->cipher_suites = {suite};
    auto pair = Pair::make(client, server);
    pair.run();
    EXPECT_TRUE(pair.established());
    return pair;
}

// The alert `conn` queued, as the peer receives it.
std::optional<AlertDescription> alert_sent_by(Connection& conn, Connection& peer) {
    (void)peer.feed(take_output(conn));
    return peer.received_alert();
}

constexpr CipherSuiteId kEverySuite[] = {CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kAes256GcmSha384,
                                         CipherSuiteId::kChaCha20Poly1305Sha256, CipherSuiteId::kAes128CcmSha256,
                                         CipherSuiteId::kAes128Ccm8Sha256};

// Three records (one short, one full, one between) fed in two pieces cut at every position: the records before the
// cut are opened from the caller's bytes, the cut one is completed in the input buffer, and the ones after it go
// through the buffer too; then the same three records byte by byte, and all in one feed.
TEST(DirectOpen, RecordsCutAtEveryPosition) {
    for (const auto suite : kEverySuite) {
        SCOPED_TRACE(static_cast<int>(suite));
        auto pair = established_pair_with(suite);
        const std::string sent = pattern(40, 'a') + pattern(16384, 'A') + pattern(700, '0');
        const auto send = [&] {
            EXPECT_TRUE(pair.server->write(bytes_of(sent.substr(0, 40))).ok());
            EXPECT_TRUE(pair.server->write(bytes_of(sent.substr(40))).ok());  // 16384 + 700: two records
            return take_output(*pair.server);
        };
        const auto first = send();
        ASSERT_EQ(record_starts(first).size(), 3U);
        // Every cut near a record boundary (header, body start, tag) and a stride through the big record's body.
        std::vector<std::size_t> cuts;
        for (const std::size_t start : record_starts(first)) {
            for (std::size_t c = start > 30 ? start - 30 : 0; c <= start + 30 && c <= first.size(); ++c) {
                cuts.push_back(c);
            }
        }
        for (std::size_t c = 0; c <= first.size(); c += 97) {
            cuts.push_back(c);
        }
        for (std::size_t c = first.size() - 40; c <= first.size(); ++c) {
            cuts.push_back(c);
        }
        bool first_round = true;
        for (const std::size_t cut : cuts) {
            const auto wire = first_round ? first : send();
            first_round = false;
            ASSERT_TRUE(pair.client->feed(std::span(wire).first(cut)).ok()) << cut;
            ASSERT_TRUE(pair.client->feed(std::span(wire).subspan(cut)).ok()) << cut;
            ASSERT_EQ(pair.client->readable(), sent.size()) << cut;
            ASSERT_EQ(read_all(*pair.client), sent) << cut;
        }
        const auto wire = send();
        for (std::size_t i = 0; i < wire.size(); ++i) {
            ASSERT_TRUE(pair.client->feed(std::span(wire).subspan(i, 1)).ok()) << i;
        }
        EXPECT_EQ(read_all(*pair.client), sent);
    }
}

// Many records in one feed, read in small pieces while the next batch arrives.
TEST(DirectOpen, SeveralBatchesWithUnreadData) {
    auto pair = established_pair();
    std::string expected;
    std::string received;
    for (int batch = 0; batch < 5; ++batch) {
        for (int record = 0; record < 7; ++record) {
            const std::string text =
                pattern(1 + static_cast<std::size_t>(batch) * 1000 + static_cast<std::size_t>(record) * 300,
                        static_cast<char>('a' + record));
            ASSERT_TRUE(pair.server->write(bytes_of(text)).ok());
            expected += text;
        }
        const auto wire = take_output(*pair.server);
        ASSERT_TRUE(pair.client->feed(wire).ok());
        received += read_some(*pair.client, 1234);
    }
    received += read_all(*pair.client);
    EXPECT_EQ(received, expected);
}

// A forged record in the middle of a batch: the records before it are readable, nothing of it or after it is,
// the error is bad_record_mac as when the records arrive one by one, and later calls keep the error.
TEST(DirectOpen, ForgedRecordInTheMiddleOfABatch) {
    for (const bool whole_batch : {true, false}) {
        for (const auto suite : {CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kChaCha20Poly1305Sha256,
                                 CipherSuiteId::kAes128CcmSha256}) {
            SCOPED_TRACE(std::to_string(static_cast<int>(suite)) + (whole_batch ? " whole" : " one by one"));
            auto pair = established_pair_with(suite);
            ASSERT_TRUE(pair.server->write(bytes_of("before")).ok());
            ASSERT_TRUE(pair.server->write(bytes_of(pattern(3000, 'x'))).ok());
            ASSERT_TRUE(pair.server->write(bytes_of("after")).ok());
            auto wire = take_output(*pair.server);
            const auto starts = record_starts(wire);
            ASSERT_EQ(starts.size(), 3U);
            wire[starts[1] + 5 + 100] ^= 0x20;  // inside the middle record's ciphertext
            Result<void> fed;
            if (whole_batch) {
                fed = pair.client->feed(wire);
            } else {
                for (std::size_t i = 0; i < 3 && fed.ok(); ++i) {
                    const std::size_t end = i + 1 < 3 ? starts[i + 1] : wire.size();
                    fed = pair.client->feed(std::span(wire).subspan(starts[i], end - starts[i]));
                }
            }
            EXPECT_EQ(fed.status(), Status::kTlsAeadDecryptFail);
            EXPECT_EQ(pair.client->readable(), 6U);
            EXPECT_EQ(read_some(*pair.client, 100), "before");
            std::vector<std::uint8_t> buffer(10);
            EXPECT_EQ(pair.client->read(buffer).status(), Status::kTlsAeadDecryptFail);
            EXPECT_EQ(pair.client->feed(wire).status(), Status::kTlsAeadDecryptFail);
            EXPECT_EQ(alert_sent_by(*pair.client, *pair.server), AlertDescription::kBadRecordMac);
        }
    }
}

// A KeyUpdate between two records of one batch: the record after it is opened with the new key.
TEST(DirectOpen, KeyChangeInTheMiddleOfABatch) {
    auto pair = established_pair();
    ASSERT_TRUE(pair.server->write(bytes_of("old key ")).ok());
    ASSERT_TRUE(pair.server->update_keys().ok());
    ASSERT_TRUE(pair.server->write(bytes_of("new key")).ok());
    const auto wire = take_output(*pair.server);
    ASSERT_EQ(record_starts(wire).size(), 3U);
    ASSERT_TRUE(pair.client->feed(wire).ok());
    EXPECT_EQ(read_all(*pair.client), "old key new key");
    pair.run();  // the client's answering KeyUpdate
    ASSERT_TRUE(pair.client->write(bytes_of("both updated")).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), "both updated");
}

// Records made with the client's application key (from the key log), so their size can break the server's
// record_size_limit: one over the limit is record_overflow whether it arrives whole or in pieces, one at the limit
// is read.
class ForgedClientRecord {
public:
    explicit ForgedClientRecord(std::size_t server_limit) {
        auto client = client_config();
        client->cipher_suites = {CipherSuiteId::kAes128GcmSha256};
        client->key_log = [this](std::string_view line) {
            constexpr std::string_view kLabel = "CLIENT_TRAFFIC_SECRET_0 ";
            if (line.substr(0, kLabel.size()) == kLabel) {
                m_secret = from_hex(line.substr(line.rfind(' ') + 1)).value_or(std::vector<std::uint8_t>{});
            }
        };
        auto server = server_config();
        server->record_size_limit = server_limit;
        pair = Pair::make(client, server);
        pair.run();
        EXPECT_TRUE(pair.established());
        EXPECT_FALSE(m_secret.empty());
    }

    // The client's first application record (sequence 0) carrying `size` bytes.
    std::vector<std::uint8_t> record(std::size_t size) const {
        const auto& provider = *crypto::default_provider();
        auto keys = tls13::derive_traffic_keys(tls13::Hkdf(provider, crypto::HashAlgorithm::kSha256),
                                               crypto::AeadAlgorithm::kAes128Gcm, m_secret);
        EXPECT_TRUE(keys.ok());
        auto protection = record::RecordProtection::create(provider, crypto::AeadAlgorithm::kAes128Gcm,
                                                           keys->key.span(), keys->iv.span());
        EXPECT_TRUE(protection.ok());
        std::vector<std::uint8_t> wire;
        EXPECT_TRUE(protection->seal(record::ContentType::kApplicationData, bytes_of(pattern(size, 'r')), wire).ok());
        return wire;
    }

    Pair pair;

private:
    std::vector<std::uint8_t> m_secret;
};

TEST(DirectOpen, RecordOverTheAdvertisedLimit) {
    for (const bool whole : {true, false}) {
        SCOPED_TRACE(whole ? "whole" : "in pieces");
        {
            ForgedClientRecord forged(512);
            const auto wire = forged.record(512);
            if (whole) {
                ASSERT_TRUE(forged.pair.server->feed(wire).ok());
            } else {
                ASSERT_TRUE(forged.pair.server->feed(std::span(wire).first(300)).ok());
                ASSERT_TRUE(forged.pair.server->feed(std::span(wire).subspan(300)).ok());
            }
            EXPECT_EQ(read_all(*forged.pair.server), pattern(512, 'r'));
        }
        {
            ForgedClientRecord forged(512);
            const auto wire = forged.record(513);
            Result<void> fed;
            if (whole) {
                fed = forged.pair.server->feed(wire);
            } else {
                ASSERT_TRUE(forged.pair.server->feed(std::span(wire).first(300)).ok());
                fed = forged.pair.server->feed(std::span(wire).subspan(300));
            }
            EXPECT_EQ(fed.status(), Status::kTlsRecordOverflow);
            EXPECT_EQ(forged.pair.server->readable(), 0U);
            EXPECT_EQ(alert_sent_by(*forged.pair.server, *forged.pair.client), AlertDescription::kRecordOverflow);
        }
    }
}

// A record longer than TLS allows (2^14 + 256) is refused from its header, before the rest arrives.
TEST(DirectOpen, OversizedRecordHeader) {
    auto pair = established_pair();
    const std::vector<std::uint8_t> header = {0x17, 0x03, 0x03, 0x41, 0x01};
    EXPECT_EQ(pair.client->feed(header).status(), Status::kTlsRecordOverflow);
    EXPECT_EQ(alert_sent_by(*pair.client, *pair.server), AlertDescription::kRecordOverflow);
}

}  // namespace
}  // namespace nxs::testing
