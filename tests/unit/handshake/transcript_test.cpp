// Transcript (RFC 8446 §4.4.1): running hash, reading it without ending it, and the HelloRetryRequest rule.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "common/hex.h"
#include "handshake/tls13/transcript.h"
#include "nxs/crypto/provider.h"
#include "unit/handshake/rfc8448_trace.h"

namespace nxs::tls13 {
namespace {

using crypto::HashAlgorithm;
using rfc8448::bytes;

class TranscriptTest : public ::testing::Test {
protected:
    Transcript make(HashAlgorithm hash = HashAlgorithm::kSha256) const {
        auto transcript = Transcript::create(*m_provider, hash);
        EXPECT_TRUE(transcript.ok());
        return std::move(transcript).value();
    }

    std::shared_ptr<const crypto::Provider> m_provider = crypto::default_provider();
};

TEST_F(TranscriptTest, ReadingTheHashDoesNotDisturbIt) {
    auto transcript = make();
    ASSERT_TRUE(transcript.add(bytes(rfc8448::kClientHello)).ok());
    const auto first = transcript.current_hash();
    const auto again = transcript.current_hash();
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(*first, *again);
    ASSERT_TRUE(transcript.add(bytes(rfc8448::kServerHello)).ok());
    const auto hello = transcript.current_hash();
    ASSERT_TRUE(hello.ok());
    EXPECT_EQ(to_hex(hello->span()), to_hex(bytes(rfc8448::kHelloHash)));
    EXPECT_EQ(transcript.message_count(), 2U);
}

TEST_F(TranscriptTest, CloneIsIndependent) {
    auto transcript = make();
    ASSERT_TRUE(transcript.add(bytes(rfc8448::kClientHello)).ok());
    auto copy = transcript.clone();
    ASSERT_TRUE(copy.ok());
    ASSERT_TRUE(copy->add(bytes(rfc8448::kServerHello)).ok());
    const auto original = transcript.current_hash();
    const auto extended = copy->current_hash();
    ASSERT_TRUE(original.ok() && extended.ok());
    EXPECT_NE(*original, *extended);
    EXPECT_EQ(to_hex(extended->span()), to_hex(bytes(rfc8448::kHelloHash)));
}

TEST_F(TranscriptTest, HelloRetryRequestReplacesClientHello1) {
    // RFC 8448 §5: the transcript through ServerHello, with ClientHello1 replaced by message_hash.
    auto transcript = make();
    const auto ch1 = bytes(rfc8448::kHrrClientHello1);
    ASSERT_TRUE(transcript.add(ch1).ok());
    ASSERT_TRUE(transcript.replace_client_hello_with_message_hash().ok());
    for (const auto m : {rfc8448::kHelloRetryRequest, rfc8448::kHrrClientHello2, rfc8448::kHrrServerHello}) {
        ASSERT_TRUE(transcript.add(bytes(m)).ok());
    }
    const auto hash = transcript.current_hash();
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(to_hex(hash->span()), to_hex(bytes(rfc8448::kHrrHelloHash)));

    // The same transcript started from the synthetic message (as a stateless server rebuilds it from a cookie).
    const auto synthetic = Transcript::message_hash_message(*m_provider, HashAlgorithm::kSha256, ch1);
    ASSERT_TRUE(synthetic.ok());
    ASSERT_EQ(synthetic->size(), 36U);
    EXPECT_EQ((*synthetic)[0], kHandshakeTypeMessageHash);
    EXPECT_EQ((*synthetic)[3], 32);
    auto rebuilt = make();
    ASSERT_TRUE(rebuilt.add(*synthetic).ok());
    for (const auto m : {rfc8448::kHelloRetryRequest, rfc8448::kHrrClientHello2, rfc8448::kHrrServerHello}) {
        ASSERT_TRUE(rebuilt.add(bytes(m)).ok());
    }
    const auto rebuilt_hash = rebuilt.current_hash();
    ASSERT_TRUE(rebuilt_hash.ok());
    EXPECT_EQ(*rebuilt_hash, *hash);

    // Without the replacement the hash is different: the rule matters.
    auto plain = make();
    for (const auto m : {rfc8448::kHrrClientHello1, rfc8448::kHelloRetryRequest, rfc8448::kHrrClientHello2,
                         rfc8448::kHrrServerHello}) {
        ASSERT_TRUE(plain.add(bytes(m)).ok());
    }
    EXPECT_NE(*plain.current_hash(), *hash);
}

TEST_F(TranscriptTest, MessageHashOnlyReplacesASingleClientHello) {
    auto empty = make();
    EXPECT_EQ(empty.replace_client_hello_with_message_hash().status(), Status::kTlsInvalidState);
    auto two = make();
    ASSERT_TRUE(two.add(bytes(rfc8448::kClientHello)).ok());
    ASSERT_TRUE(two.add(bytes(rfc8448::kServerHello)).ok());
    EXPECT_EQ(two.replace_client_hello_with_message_hash().status(), Status::kTlsInvalidState);
}

TEST_F(TranscriptTest, Sha384Transcript) {
    auto transcript = make(HashAlgorithm::kSha384);
    ASSERT_TRUE(transcript.add(bytes(rfc8448::kClientHello)).ok());
    ASSERT_TRUE(transcript.replace_client_hello_with_message_hash().ok());
    const auto hash = transcript.current_hash();
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->size(), 48U);
    const auto synthetic =
        Transcript::message_hash_message(*m_provider, HashAlgorithm::kSha384, bytes(rfc8448::kClientHello));
    ASSERT_TRUE(synthetic.ok());
    EXPECT_EQ(synthetic->size(), 52U);
    auto rebuilt = make(HashAlgorithm::kSha384);
    ASSERT_TRUE(rebuilt.add(*synthetic).ok());
    EXPECT_EQ(*rebuilt.current_hash(), *hash);
}

}  // namespace
}  // namespace nxs::tls13
