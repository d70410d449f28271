// The two reads a TLS 1.3 handshake makes most often: the running transcript hash (HashContext::hash_so_far) and a
// one-shot HMAC of a transcript hash (Provider::hmac: Finished, PSK binders). Both have a cheaper path than the
// general one they replace; these tests hold them to the general one.
#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include "crypto/openssl/openssl_provider.h"
#include "test_support.h"

namespace nxs::crypto::test {
namespace {

constexpr HashAlgorithm kHashes[] = {HashAlgorithm::kSha1, HashAlgorithm::kSha256, HashAlgorithm::kSha384,
                                     HashAlgorithm::kSha512};

std::vector<std::uint8_t> one_shot_hash(HashAlgorithm hash, Bytes data) {
    std::vector<std::uint8_t> out(hash_length(hash));
    EXPECT_TRUE(default_provider()->hash(hash, data, out).ok());
    return out;
}

std::vector<std::uint8_t> so_far(HashContext& context) {
    std::vector<std::uint8_t> out(hash_length(context.algorithm()));
    const auto read = context.hash_so_far(out);
    EXPECT_TRUE(read.ok()) << read.error().to_string();
    return out;
}

// A context that leaves hash_so_far() to the interface's default (clone and finish), as a provider that does not
// override it would.
class DefaultReadContext final : public HashContext {
public:
    explicit DefaultReadContext(std::unique_ptr<HashContext> inner) : m_inner(std::move(inner)) {}
    HashAlgorithm algorithm() const noexcept override { return m_inner->algorithm(); }
    Result<void> update(Bytes data) override { return m_inner->update(data); }
    Result<void> finish(MutableBytes out) override { return m_inner->finish(out); }
    Result<std::unique_ptr<HashContext>> clone() const override {
        NXS_TRY_ASSIGN(auto copy, m_inner->clone());
        return std::unique_ptr<HashContext>(std::make_unique<DefaultReadContext>(std::move(copy)));
    }

private:
    std::unique_ptr<HashContext> m_inner;
};

void check_reads_leave_the_hash_running(HashContext& context) {
    const HashAlgorithm hash = context.algorithm();
    EXPECT_EQ(so_far(context), one_shot_hash(hash, {}));
    ASSERT_TRUE(context.update(as_bytes("abc")).ok());
    EXPECT_EQ(so_far(context), one_shot_hash(hash, as_bytes("abc")));
    EXPECT_EQ(so_far(context), one_shot_hash(hash, as_bytes("abc")));  // reading twice changes nothing
    const std::string long_part(300, 'x');                             // crosses block boundaries
    ASSERT_TRUE(context.update(as_bytes(long_part)).ok());
    EXPECT_EQ(so_far(context), one_shot_hash(hash, as_bytes("abc" + long_part)));
    // A clone taken after reads continues from the same state.
    auto copy = context.clone();
    ASSERT_TRUE(copy.ok());
    ASSERT_TRUE((*copy)->update(as_bytes("!")).ok());
    EXPECT_EQ(so_far(**copy), one_shot_hash(hash, as_bytes("abc" + long_part + "!")));
    // finish() still gives the whole message and resets.
    std::vector<std::uint8_t> out(hash_length(hash));
    ASSERT_TRUE(context.finish(out).ok());
    EXPECT_EQ(out, one_shot_hash(hash, as_bytes("abc" + long_part)));
    EXPECT_EQ(so_far(context), one_shot_hash(hash, {}));
}

TEST(HashSoFar, ReadsLeaveTheRunningHashAlone) {
    for (const auto hash : kHashes) {
        SCOPED_TRACE(std::string(hash_name(hash)));
        auto context = default_provider()->new_hash(hash);
        ASSERT_TRUE(context.ok());
        check_reads_leave_the_hash_running(**context);
    }
}

TEST(HashSoFar, DefaultImplementationAgrees) {
    for (const auto hash : kHashes) {
        SCOPED_TRACE(std::string(hash_name(hash)));
        auto inner = default_provider()->new_hash(hash);
        ASSERT_TRUE(inner.ok());
        DefaultReadContext context(std::move(inner).value());
        check_reads_leave_the_hash_running(context);
    }
}

TEST(HashSoFar, ShortOutputIsRejectedAndHashingGoesOn) {
    auto context = default_provider()->new_hash(HashAlgorithm::kSha256);
    ASSERT_TRUE(context.ok());
    ASSERT_TRUE((*context)->update(as_bytes("ab")).ok());
    std::vector<std::uint8_t> short_out(31);
    EXPECT_EQ((*context)->hash_so_far(short_out).status(), Status::kTlsInsufficientMetadataSpace);
    ASSERT_TRUE((*context)->update(as_bytes("c")).ok());
    EXPECT_EQ(so_far(**context), one_shot_hash(HashAlgorithm::kSha256, as_bytes("abc")));
}

// The one-shot HMAC hashes the pads on the digest itself; the incremental one (new_hmac) is OpenSSL's EVP_MAC.
std::vector<std::uint8_t> evp_mac(HashAlgorithm hash, Bytes key, Bytes data) {
    std::vector<std::uint8_t> out(hash_length(hash));
    auto context = default_provider()->new_hmac(hash, key);
    EXPECT_TRUE(context.ok());
    if (context.ok()) {
        EXPECT_TRUE((*context)->update(data).ok());
        EXPECT_TRUE((*context)->finish(out).ok());
    }
    return out;
}

// Keys around both block sizes (64, 128): shorter ones are padded, longer ones hashed first.
constexpr std::size_t kKeySizes[] = {0, 1, 20, 63, 64, 65, 127, 128, 129, 300};
constexpr std::size_t kDataSizes[] = {0, 1, 32, 48, 64, 200};

TEST(HmacOneShot, MatchesEvpMacForEveryKeyAndMessageSize) {
    for (const auto hash : kHashes) {
        SCOPED_TRACE(std::string(hash_name(hash)));
        for (const std::size_t key_size : kKeySizes) {
            const std::vector<std::uint8_t> key(key_size, static_cast<std::uint8_t>(0x40 + key_size));
            for (const std::size_t data_size : kDataSizes) {
                const std::vector<std::uint8_t> data(data_size, 0x5a);
                std::vector<std::uint8_t> out(hash_length(hash));
                ASSERT_TRUE(default_provider()->hmac(hash, key, data, out).ok());
                EXPECT_EQ(out, evp_mac(hash, key, data)) << key_size << " " << data_size;
            }
        }
    }
}

TEST(HmacOneShot, WritesHashLengthBytesAndRejectsShortOutput) {
    // RFC 4231 test case 2 (key "Jefe").
    const auto expected = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    std::vector<std::uint8_t> out(40, 0xee);
    ASSERT_TRUE(default_provider()
                    ->hmac(HashAlgorithm::kSha256, as_bytes("Jefe"), as_bytes("what do ya want for nothing?"), out)
                    .ok());
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + 32), expected);
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 32, out.end()), std::vector<std::uint8_t>(8, 0xee));

    std::vector<std::uint8_t> short_out(31);
    EXPECT_EQ(default_provider()->hmac(HashAlgorithm::kSha256, as_bytes("Jefe"), {}, short_out).status(),
              Status::kTlsInsufficientMetadataSpace);
    EXPECT_EQ(default_provider()->hmac(static_cast<HashAlgorithm>(9), as_bytes("Jefe"), {}, out).status(),
              Status::kTlsMissingCryptoRoutine);
}

TEST(HmacOneShot, UnavailableWithoutTheHmacAlgorithm) {
    const auto provider = openssl::make_provider({.properties = "provider=nxs-no-such-provider"});
    std::vector<std::uint8_t> out(64);
    EXPECT_EQ(provider->hmac(HashAlgorithm::kSha384, hex("00"), hex("01"), out).status(),
              Status::kTlsMissingCryptoRoutine);
}

}  // namespace
}  // namespace nxs::crypto::test
