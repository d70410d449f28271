// Config::key_update_after_records: a write key is updated by itself after that many records (RFC 8446 §4.6.3,
// §5.5), the count restarts with every new key (including one the peer asked for), the default is the AEAD's limit,
// and data stays intact while both sides write and update keys at once.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "conn_test_support.h"
#include "nxs/crypto/provider.h"
#include "record/record_protection.h"

namespace nxs::testing {
namespace {

// A KeyUpdate record on the wire: header, 4-byte handshake header + 1-byte request, content type, 16-byte tag.
constexpr std::size_t kKeyUpdateRecordSize = 5 + 4 + 1 + 1 + 16;

std::shared_ptr<Config> server_without_tickets() {
    auto config = server_config();
    config->num_tickets = 0;  // no NewSessionTicket records in the server's counts
    return config;
}

// The sizes of the records in `wire` (whole records, header included).
std::vector<std::size_t> record_sizes(std::span<const std::uint8_t> wire) {
    std::vector<std::size_t> sizes;
    std::size_t pos = 0;
    while (pos + 5 <= wire.size()) {
        const std::size_t length = (std::size_t{wire[pos + 3]} << 8) | wire[pos + 4];
        sizes.push_back(5 + length);
        pos += 5 + length;
    }
    EXPECT_EQ(pos, wire.size()) << "the output does not end on a record boundary";
    return sizes;
}

std::string pattern(std::size_t size, std::uint32_t seed) {
    std::string out(size, '\0');
    std::mt19937 rng(seed);
    for (auto& c : out) {
        c = static_cast<char>(rng() & 0xFF);
    }
    return out;
}

Pair established(std::shared_ptr<const Config> client_cfg, std::shared_ptr<const Config> server_cfg) {
    auto pair = Pair::make(std::move(client_cfg), std::move(server_cfg));
    pair.run();
    EXPECT_TRUE(pair.established());
    return pair;
}

TEST(KeyUpdateLimit, DefaultIsZeroMeaningTheAeadLimit) {
    EXPECT_EQ(Config(Role::kClient).key_update_after_records, 0U);
    EXPECT_EQ(Config(Role::kServer).key_update_after_records, 0U);
}

// RFC 8446 §5.5 for AES-GCM; RFC 9147 §4.5.3 for AES-CCM; ChaCha20-Poly1305 only short of the sequence wrap.
TEST(KeyUpdateLimit, DefaultPerAead) {
    using crypto::AeadAlgorithm;
    EXPECT_EQ(record::default_key_update_limit(AeadAlgorithm::kAes128Gcm), 23726566U);  // floor(2^24.5)
    EXPECT_EQ(record::default_key_update_limit(AeadAlgorithm::kAes256Gcm), 23726566U);
    EXPECT_EQ(record::default_key_update_limit(AeadAlgorithm::kAes128Ccm), 8388608U);  // 2^23
    EXPECT_EQ(record::default_key_update_limit(AeadAlgorithm::kAes128Ccm8), 8388608U);
    const auto chacha = record::default_key_update_limit(AeadAlgorithm::kChaCha20Poly1305);
    EXPECT_GT(chacha, std::uint64_t{1} << 63);
    EXPECT_LT(chacha, std::numeric_limits<std::uint64_t>::max());  // the KeyUpdate itself still has a sequence number
}

// A configured limit applies when it is lower than the AEAD's; 0 and larger values leave the AEAD's limit.
TEST(KeyUpdateLimit, ConfiguredLimitIsCappedByTheAeadLimit) {
    const auto provider = crypto::default_provider();
    using crypto::AeadAlgorithm;
    for (const auto aead : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305,
                            AeadAlgorithm::kAes128Ccm, AeadAlgorithm::kAes128Ccm8}) {
        if (!provider->supports(aead)) {
            continue;
        }
        const std::vector<std::uint8_t> key(crypto::aead_key_length(aead), 0x42);
        const std::vector<std::uint8_t> iv(crypto::kAeadNonceLength, 0x24);
        auto protection = record::RecordProtection::create(*provider, aead, key, iv);
        ASSERT_TRUE(protection.ok());
        const auto safe = record::default_key_update_limit(aead);
        EXPECT_EQ(protection->key_update_limit(), safe);
        protection->set_key_update_limit(7);
        EXPECT_EQ(protection->key_update_limit(), 7U);
        EXPECT_EQ(protection->records_until_key_update(), 7U);
        protection->set_sequence(6);
        EXPECT_FALSE(protection->needs_key_update());
        EXPECT_EQ(protection->records_until_key_update(), 1U);
        protection->set_sequence(7);
        EXPECT_TRUE(protection->needs_key_update());
        EXPECT_EQ(protection->records_until_key_update(), 0U);
        protection->set_key_update_limit(safe + 1);
        EXPECT_EQ(protection->key_update_limit(), safe);
        protection->set_key_update_limit(std::numeric_limits<std::uint64_t>::max());
        EXPECT_EQ(protection->key_update_limit(), safe);
        protection->set_key_update_limit(0);
        EXPECT_EQ(protection->key_update_limit(), safe);
    }
}

// Every suite: with a limit of 2, the client updates after every second record and the server reads everything.
TEST(KeyUpdateLimit, EverySuiteUpdatesAtTheConfiguredLimit) {
    for (const auto suite :
         {CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kAes256GcmSha384, CipherSuiteId::kChaCha20Poly1305Sha256,
          CipherSuiteId::kAes128CcmSha256, CipherSuiteId::kAes128Ccm8Sha256}) {
        SCOPED_TRACE(static_cast<int>(suite));
        auto client_cfg = client_config();
        client_cfg->cipher_suites = {suite};
        client_cfg->key_update_after_records = 2;
        auto pair = established(client_cfg, server_without_tickets());
        std::string sent;
        for (int i = 0; i < 7; ++i) {
            const std::string line = "record " + std::to_string(i);
            ASSERT_TRUE(pair.client->write(bytes_of(line)).ok());
            sent += line;
        }
        pair.run();
        ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
        EXPECT_EQ(read_all(*pair.server), sent);
        EXPECT_EQ(pair.client->info().key_updates_sent, 3U);  // before records 3, 5 and 7
        EXPECT_EQ(pair.server->info().key_updates_received, 3U);
    }
}

// limit = N: the (N+1)th record under a key goes out after a KeyUpdate, one record at a time.
TEST(KeyUpdateLimit, UpdateEveryNRecords) {
    for (const std::uint64_t limit : {1U, 3U, 10U}) {
        SCOPED_TRACE(limit);
        auto client_cfg = client_config();
        client_cfg->key_update_after_records = limit;
        auto pair = established(client_cfg, server_without_tickets());
        std::string sent;
        for (std::uint64_t i = 0; i < 40; ++i) {
            const std::string text = "message " + std::to_string(i);
            ASSERT_TRUE(pair.client->write(bytes_of(text)).ok());
            sent += text;
            // The write that needed a KeyUpdate put two records on the wire: the KeyUpdate, then the data.
            const auto sizes = record_sizes(pair.client->pending_output());
            const bool update_due = i != 0 && i % limit == 0;
            ASSERT_EQ(sizes.size(), update_due ? 2U : 1U) << "write " << i;
            if (update_due) {
                EXPECT_EQ(sizes.front(), kKeyUpdateRecordSize);
            }
            EXPECT_EQ(pair.client->info().key_updates_sent, i / limit);
            pair.run();
            ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
        }
        EXPECT_EQ(read_all(*pair.server), sent);
        EXPECT_EQ(pair.server->info().key_updates_received, 39 / limit);
        // The automatic updates are announced like any other: one kKeyUpdated per new write key on the client, per
        // new read key on the server.
        for (auto* side : {pair.client.get(), pair.server.get()}) {
            std::uint64_t updates = 0;
            while (const auto event = side->next_event()) {
                updates += *event == ConnectionEvent::kKeyUpdated ? 1U : 0U;
            }
            EXPECT_EQ(updates, 39 / limit);
        }
    }
}

// One large write is split so that no key seals more than the limit: 3 full records, KeyUpdate, 3, KeyUpdate, ...
TEST(KeyUpdateLimit, LargeWriteIsSplitAtTheLimit) {
    auto server_cfg = server_without_tickets();
    server_cfg->key_update_after_records = 3;
    auto pair = established(client_config(), server_cfg);
    const std::string big = pattern(10 * 16384 + 100, 1);  // 11 records
    ASSERT_TRUE(pair.server->write(bytes_of(big)).ok());
    const auto sizes = record_sizes(pair.server->pending_output());
    ASSERT_EQ(sizes.size(), 11U + 3U);
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (i % 4 == 3) {
            EXPECT_EQ(sizes[i], kKeyUpdateRecordSize) << "record " << i;
        } else {
            EXPECT_GT(sizes[i], kKeyUpdateRecordSize) << "record " << i;
        }
    }
    EXPECT_EQ(pair.server->info().key_updates_sent, 3U);
    pair.run();
    ASSERT_TRUE(pair.client_status.ok()) << pair.client_status.error().to_string();
    EXPECT_EQ(read_all(*pair.client), big);
    EXPECT_EQ(pair.client->info().key_updates_received, 3U);
}

// The count restarts under the key the client switched to when the server requested an update: after the answer,
// the client writes a full `limit` records before its next update of its own.
TEST(KeyUpdateLimit, CountRestartsAfterAPeerRequestedUpdate) {
    constexpr std::uint64_t kLimit = 5;
    auto client_cfg = client_config();
    client_cfg->key_update_after_records = kLimit;
    auto pair = established(client_cfg, server_without_tickets());
    for (int i = 0; i < 3; ++i) {  // 3 of the 5 records of the first key
        ASSERT_TRUE(pair.client->write(bytes_of("x")).ok());
    }
    pair.run();
    ASSERT_TRUE(pair.server->update_keys().ok());  // update_requested
    pair.run();
    ASSERT_TRUE(pair.client_status.ok()) << pair.client_status.error().to_string();
    EXPECT_EQ(pair.client->info().key_updates_received, 1U);
    EXPECT_EQ(pair.client->info().key_updates_sent, 1U);  // the answer: a new client write key
    for (std::uint64_t i = 0; i < kLimit; ++i) {
        ASSERT_TRUE(pair.client->write(bytes_of("y")).ok());
        EXPECT_EQ(record_sizes(pair.client->pending_output()).size(), 1U) << "record " << i << " under the new key";
        pair.run();
    }
    EXPECT_EQ(pair.client->info().key_updates_sent, 1U);
    ASSERT_TRUE(pair.client->write(bytes_of("z")).ok());
    EXPECT_EQ(pair.client->info().key_updates_sent, 2U);
    pair.run();
    ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
    EXPECT_EQ(read_all(*pair.server), "xxxyyyyyz");
    EXPECT_EQ(pair.server->info().key_updates_received, 2U);
    EXPECT_EQ(pair.server->info().key_updates_sent, 1U);
}

// The receiver counts nothing against its own limit (RFC 8446 §5.5 binds the sender): a client with the default
// limit may send a server configured with 1 as many records under one key as it likes.
TEST(KeyUpdateLimit, ReceiverDoesNotEnforceItsLimitOnThePeer) {
    auto server_cfg = server_without_tickets();
    server_cfg->key_update_after_records = 1;
    auto pair = established(client_config(), server_cfg);
    std::string sent;
    for (int i = 0; i < 50; ++i) {
        const std::string text = std::to_string(i) + ";";
        ASSERT_TRUE(pair.client->write(bytes_of(text)).ok());
        sent += text;
    }
    pair.run();
    ASSERT_TRUE(pair.server_status.ok()) << pair.server_status.error().to_string();
    EXPECT_EQ(read_all(*pair.server), sent);
    EXPECT_EQ(pair.client->info().key_updates_sent, 0U);
    EXPECT_EQ(pair.server->info().key_updates_received, 0U);
    EXPECT_EQ(pair.server->info().key_updates_sent, 0U);  // it has not written yet
}

// A value above the AEAD's limit changes nothing: no update in a long stream (and no overflow in the arithmetic).
TEST(KeyUpdateLimit, HugeLimitMeansTheAeadLimit) {
    auto client_cfg = client_config();
    client_cfg->key_update_after_records = std::numeric_limits<std::uint64_t>::max();
    auto pair = established(client_cfg, server_without_tickets());
    const std::string big = pattern(std::size_t{20} * 16384, 2);
    ASSERT_TRUE(pair.client->write(bytes_of(big)).ok());
    pair.run();
    EXPECT_EQ(read_all(*pair.server), big);
    EXPECT_EQ(pair.client->info().key_updates_sent, 0U);
}

// The KeyUpdate and exporter guards that client and server share (KeyUpdater): nothing before the handshake.
TEST(KeyUpdateLimit, NoUpdateOrExportBeforeTheHandshake) {
    auto pair = Pair::make(client_config(), server_config());
    EXPECT_EQ(pair.client->update_keys().status(), Status::kTlsInvalidState);
    EXPECT_EQ(pair.client->export_keying_material("EXPORTER-test", {}, 32).status(), Status::kTlsInvalidState);
    pair.run();
    ASSERT_TRUE(pair.established());
    EXPECT_TRUE(pair.client->update_keys().ok());
    const auto client_key = pair.client->export_keying_material("EXPORTER-test", {}, 32);
    const auto server_key = pair.server->export_keying_material("EXPORTER-test", {}, 32);
    ASSERT_TRUE(client_key.ok());
    ASSERT_TRUE(server_key.ok());
    // KeyUpdate does not change the exporter (RFC 8446 §7.5 uses exporter_master_secret only).
    EXPECT_EQ(std::vector<std::uint8_t>(client_key->span().begin(), client_key->span().end()),
              std::vector<std::uint8_t>(server_key->span().begin(), server_key->span().end()));
}

// KeyUpdate under load: both sides write random amounts at the same time with small limits (so their own updates
// cross in flight), and each now and then also requests an update from the other; bytes are delivered in random
// pieces. Every byte arrives in order, and each side received exactly the updates the other sent.
TEST(KeyUpdateLimit, BothDirectionsUnderLoadWithRequestedUpdates) {
    for (const auto suite :
         {CipherSuiteId::kAes128GcmSha256, CipherSuiteId::kChaCha20Poly1305Sha256, CipherSuiteId::kAes128Ccm8Sha256}) {
        SCOPED_TRACE(static_cast<int>(suite));
        auto client_cfg = client_config();
        client_cfg->cipher_suites = {suite};
        client_cfg->key_update_after_records = 2;
        auto server_cfg = server_config();
        server_cfg->key_update_after_records = 3;
        auto pair = established(client_cfg, server_cfg);

        std::mt19937 rng(static_cast<std::uint32_t>(suite));
        std::string client_sent;
        std::string server_sent;
        std::string client_got;
        std::string server_got;
        std::uint32_t seed = 100;
        // Moves a random prefix of `from`'s output to `to`, then drains what `to` can read.
        const auto move_some = [&rng](Connection& from, Connection& to, std::string& got) {
            const auto out = from.pending_output();
            if (out.empty()) {
                return;
            }
            const std::size_t count = std::uniform_int_distribution<std::size_t>(1, out.size())(rng);
            const std::vector<std::uint8_t> piece(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(count));
            from.consume_output(count);
            const auto fed = to.feed(piece);
            ASSERT_TRUE(fed.ok()) << fed.error().to_string();
            got += read_all(to);
        };
        for (int round = 0; round < 150; ++round) {
            const std::size_t client_size = std::uniform_int_distribution<std::size_t>(0, 40000)(rng);
            const std::size_t server_size = std::uniform_int_distribution<std::size_t>(0, 40000)(rng);
            const std::string from_client = pattern(client_size, ++seed);
            const std::string from_server = pattern(server_size, ++seed);
            ASSERT_TRUE(pair.client->write(bytes_of(from_client)).ok());
            ASSERT_TRUE(pair.server->write(bytes_of(from_server)).ok());
            client_sent += from_client;
            server_sent += from_server;
            if (rng() % 5 == 0) {
                ASSERT_TRUE(pair.client->update_keys().ok());
            }
            if (rng() % 5 == 0) {
                ASSERT_TRUE(pair.server->update_keys().ok());
            }
            move_some(*pair.client, *pair.server, server_got);
            move_some(*pair.server, *pair.client, client_got);
            ASSERT_FALSE(::testing::Test::HasFatalFailure());
        }
        while (pair.client->has_pending_output() || pair.server->has_pending_output()) {
            move_some(*pair.client, *pair.server, server_got);
            move_some(*pair.server, *pair.client, client_got);
            ASSERT_FALSE(::testing::Test::HasFatalFailure());
        }
        EXPECT_EQ(server_got.size(), client_sent.size());
        EXPECT_TRUE(server_got == client_sent) << "the server received other bytes than the client sent";
        EXPECT_EQ(client_got.size(), server_sent.size());
        EXPECT_TRUE(client_got == server_sent) << "the client received other bytes than the server sent";
        const auto& client = pair.client->info();
        const auto& server = pair.server->info();
        EXPECT_EQ(client.key_updates_sent, server.key_updates_received);
        EXPECT_EQ(server.key_updates_sent, client.key_updates_received);
        // ~3 MB each way in 16 KiB records with limits 2 and 3: many updates of each kind.
        EXPECT_GT(client.key_updates_sent, 50U);
        EXPECT_GT(server.key_updates_sent, 40U);
    }
}

}  // namespace
}  // namespace nxs::testing
