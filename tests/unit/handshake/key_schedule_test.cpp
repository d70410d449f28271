// The TLS 1.3 key schedule against RFC 8448: §3 (every secret, key, IV and Finished of a 1-RTT handshake), §4 (the
// resumption PSK, binder and early secrets) and §5 (the HelloRetryRequest handshake secrets). Where RFC 8448 has no
// value (KeyUpdate, exporters) the expected output is built from the RFC 8446 definitions with the raw HKDF.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/hex.h"
#include "handshake/tls13/key_schedule.h"
#include "handshake/tls13/transcript.h"
#include "nxs/crypto/provider.h"
#include "record/record_protection.h"
#include "record/record_reader.h"
#include "unit/handshake/rfc8448_trace.h"
#include "unit/record/rfc8448_records.h"

namespace nxs::tls13 {
namespace {

using crypto::HashAlgorithm;
using rfc8448::bytes;

std::string hex(Bytes b) {
    return to_hex(b);
}
std::string hex(const Secret& s) {
    return to_hex(s.span());
}
std::string hex(const Digest& d) {
    return to_hex(d.span());
}
std::string clean(std::string_view h) {
    return to_hex(bytes(h));
}

class KeyScheduleTest : public ::testing::Test {
protected:
    Digest transcript_hash(std::initializer_list<std::string_view> messages) const {
        auto transcript = Transcript::create(*m_provider, HashAlgorithm::kSha256);
        EXPECT_TRUE(transcript.ok());
        for (const auto m : messages) {
            EXPECT_TRUE(transcript->add(bytes(m)).ok());
        }
        auto hash = transcript->current_hash();
        EXPECT_TRUE(hash.ok());
        return *hash;
    }

    // HKDF-Expand-Label written out from RFC 8446 §7.1, independent of the code under test.
    std::string reference_expand_label(Bytes secret, std::string_view label, Bytes context, std::size_t length) const {
        const std::string full = "tls13 " + std::string(label);
        const std::array<std::uint8_t, 3> head = {static_cast<std::uint8_t>(length >> 8),
                                                  static_cast<std::uint8_t>(length),
                                                  static_cast<std::uint8_t>(full.size())};
        const std::array<std::uint8_t, 1> context_length = {static_cast<std::uint8_t>(context.size())};
        std::vector<std::uint8_t> info(head.begin(), head.end());
        info.insert(info.end(), full.begin(), full.end());
        info.insert(info.end(), context_length.begin(), context_length.end());
        info.insert(info.end(), context.begin(), context.end());
        auto out = m_provider->hkdf_expand(HashAlgorithm::kSha256, secret, info, length);
        EXPECT_TRUE(out.ok());
        return hex(*out);
    }

    std::shared_ptr<const crypto::Provider> m_provider = crypto::default_provider();
    Hkdf m_hkdf{*m_provider, HashAlgorithm::kSha256};
};

TEST_F(KeyScheduleTest, Rfc8448Simple1RttHandshake) {
    // {server} extract secret "early" (no PSK).
    auto early = EarlySecret::without_psk(m_hkdf);
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(hex(early->secret()), clean(rfc8448::kEarlySecret));

    // ClientHello..ServerHello, hashed from the RFC's messages.
    const Digest hello_hash = transcript_hash({rfc8448::kClientHello, rfc8448::kServerHello});
    EXPECT_EQ(hex(hello_hash), clean(rfc8448::kHelloHash));

    // {server} derive secret for handshake "tls13 derived", extract secret "handshake".
    auto handshake = std::move(*early).into_handshake(bytes(rfc8448::kSharedSecret));
    ASSERT_TRUE(handshake.ok());
    EXPECT_EQ(hex(handshake->secret()), clean(rfc8448::kHandshakeSecret));
    const auto c_hs = handshake->client_handshake_traffic_secret(hello_hash.span());
    const auto s_hs = handshake->server_handshake_traffic_secret(hello_hash.span());
    ASSERT_TRUE(c_hs.ok() && s_hs.ok());
    EXPECT_EQ(hex(*c_hs), clean(rfc8448::kClientHsTraffic));
    EXPECT_EQ(hex(*s_hs), clean(rfc8448::kServerHsTraffic));

    // {server} derive write traffic keys for handshake data; {client} derive read traffic keys.
    const auto s_hs_keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, s_hs->span());
    const auto c_hs_keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, c_hs->span());
    ASSERT_TRUE(s_hs_keys.ok() && c_hs_keys.ok());
    EXPECT_EQ(hex(s_hs_keys->key), clean(rfc8448::kServerHsKey));
    EXPECT_EQ(hex(s_hs_keys->iv), clean(rfc8448::kServerHsIv));
    EXPECT_EQ(hex(c_hs_keys->key), clean(rfc8448::kClientHsKey));
    EXPECT_EQ(hex(c_hs_keys->iv), clean(rfc8448::kClientHsIv));

    // {server} calculate finished "tls13 finished", over ClientHello..CertificateVerify.
    const Digest cv_hash = transcript_hash({rfc8448::kClientHello, rfc8448::kServerHello, rfc8448::kEncryptedExtensions,
                                            rfc8448::kCertificate, rfc8448::kCertificateVerify});
    const auto s_finished_key = finished_key(m_hkdf, s_hs->span());
    ASSERT_TRUE(s_finished_key.ok());
    EXPECT_EQ(hex(*s_finished_key), clean(rfc8448::kServerFinishedKey));
    const auto s_verify = finished_verify_data(m_hkdf, s_hs->span(), cv_hash.span());
    ASSERT_TRUE(s_verify.ok());
    EXPECT_EQ(hex(*s_verify), clean(rfc8448::kServerVerifyData));
    EXPECT_EQ(hex(bytes(rfc8448::kServerFinished)).substr(8), clean(rfc8448::kServerVerifyData));

    // {server} derive secret for master "tls13 derived", extract secret "master".
    auto master = std::move(*handshake).into_master();
    ASSERT_TRUE(master.ok());
    EXPECT_EQ(hex(master->secret()), clean(rfc8448::kMasterSecret));

    // ClientHello..server Finished.
    const Digest sfin_hash =
        transcript_hash({rfc8448::kClientHello, rfc8448::kServerHello, rfc8448::kEncryptedExtensions,
                         rfc8448::kCertificate, rfc8448::kCertificateVerify, rfc8448::kServerFinished});
    EXPECT_EQ(hex(sfin_hash), clean(rfc8448::kServerFinishedHash));
    const auto c_ap = master->client_application_traffic_secret_0(sfin_hash.span());
    const auto s_ap = master->server_application_traffic_secret_0(sfin_hash.span());
    const auto exporter = master->exporter_master_secret(sfin_hash.span());
    ASSERT_TRUE(c_ap.ok() && s_ap.ok() && exporter.ok());
    EXPECT_EQ(hex(*c_ap), clean(rfc8448::kClientApTraffic));
    EXPECT_EQ(hex(*s_ap), clean(rfc8448::kServerApTraffic));
    EXPECT_EQ(hex(*exporter), clean(rfc8448::kExporterMaster));
    const auto s_ap_keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, s_ap->span());
    const auto c_ap_keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, c_ap->span());
    ASSERT_TRUE(s_ap_keys.ok() && c_ap_keys.ok());
    EXPECT_EQ(hex(s_ap_keys->key), clean(rfc8448::kServerApKey));
    EXPECT_EQ(hex(s_ap_keys->iv), clean(rfc8448::kServerApIv));
    EXPECT_EQ(hex(c_ap_keys->key), clean(rfc8448::kClientApKey));
    EXPECT_EQ(hex(c_ap_keys->iv), clean(rfc8448::kClientApIv));

    // {client} calculate finished "tls13 finished", over ClientHello..server Finished.
    const auto c_finished_key = finished_key(m_hkdf, c_hs->span());
    ASSERT_TRUE(c_finished_key.ok());
    EXPECT_EQ(hex(*c_finished_key), clean(rfc8448::kClientFinishedKey));
    const auto c_verify = finished_verify_data(m_hkdf, c_hs->span(), sfin_hash.span());
    ASSERT_TRUE(c_verify.ok());
    EXPECT_EQ(hex(*c_verify), clean(rfc8448::kClientVerifyData));
    EXPECT_TRUE(check_finished(m_hkdf, c_hs->span(), sfin_hash.span(), bytes(rfc8448::kClientVerifyData)).ok());

    // {client} derive secret "tls13 res master", over ClientHello..client Finished.
    const Digest cfin_hash = transcript_hash(
        {rfc8448::kClientHello, rfc8448::kServerHello, rfc8448::kEncryptedExtensions, rfc8448::kCertificate,
         rfc8448::kCertificateVerify, rfc8448::kServerFinished, rfc8448::kClientFinished});
    EXPECT_EQ(hex(cfin_hash), clean(rfc8448::kClientFinishedHash));
    const auto resumption = master->resumption_master_secret(cfin_hash.span());
    ASSERT_TRUE(resumption.ok());
    EXPECT_EQ(hex(*resumption), clean(rfc8448::kResumptionMaster));

    // {server} generate resumption secret "tls13 resumption" for the ticket with nonce 00 00.
    const auto psk = resumption_psk(m_hkdf, resumption->span(), bytes(rfc8448::kTicketNonce));
    ASSERT_TRUE(psk.ok());
    EXPECT_EQ(hex(*psk), clean(rfc8448::kResumptionPsk));
}

TEST_F(KeyScheduleTest, DerivedKeysOpenTheRfc8448ServerFlight) {
    // The same chain as the trace, ending in the record layer: derive the server handshake key from the shared
    // secret and transcript, then decrypt the RFC's protected record with it.
    auto early = EarlySecret::without_psk(m_hkdf);
    ASSERT_TRUE(early.ok());
    auto handshake = std::move(*early).into_handshake(bytes(rfc8448::kSharedSecret));
    ASSERT_TRUE(handshake.ok());
    const Digest hello_hash = transcript_hash({rfc8448::kClientHello, rfc8448::kServerHello});
    const auto s_hs = handshake->server_handshake_traffic_secret(hello_hash.span());
    ASSERT_TRUE(s_hs.ok());
    const auto keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, s_hs->span());
    ASSERT_TRUE(keys.ok());
    auto opener = record::RecordProtection::create(*m_provider, crypto::AeadAlgorithm::kAes128Gcm, keys->key.span(),
                                                   keys->iv.span());
    ASSERT_TRUE(opener.ok());

    auto wire = bytes(rfc8448::kServerHandshakeRecord);
    record::RecordReader reader;
    reader.set_protected(true);
    auto framed = reader.frame(wire);
    ASSERT_TRUE(framed.ok());
    const auto opened = opener->open(std::get<record::RecordView>(*framed));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, record::ContentType::kHandshake);
    EXPECT_EQ(opened->content.size(), 657U);
}

TEST_F(KeyScheduleTest, Rfc8448ResumedHandshakeEarlySecrets) {
    // {client} extract secret "early" from the resumption PSK.
    auto early = EarlySecret::with_psk(m_hkdf, bytes(rfc8448::kResumptionPsk));
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(hex(early->secret()), clean(rfc8448::kResumedEarlySecret));

    // {client} calculate PSK binder: binder key, its finished key, and HMAC over the truncated ClientHello.
    const auto binder_key = early->binder_key(PskKind::kResumption);
    ASSERT_TRUE(binder_key.ok());
    EXPECT_EQ(hex(*binder_key), clean(rfc8448::kResBinderKey));
    const auto binder_finished = finished_key(m_hkdf, binder_key->span());
    ASSERT_TRUE(binder_finished.ok());
    EXPECT_EQ(hex(*binder_finished), clean(rfc8448::kBinderFinishedKey));

    const auto client_hello = bytes(rfc8448::kResumedClientHello);
    ASSERT_EQ(client_hello.size(), 512U);
    auto truncated = Transcript::create(*m_provider, HashAlgorithm::kSha256);
    ASSERT_TRUE(truncated.ok());
    ASSERT_TRUE(truncated->add(Bytes(client_hello).first(rfc8448::kResumedClientHelloPrefix)).ok());
    const auto binder_hash = truncated->current_hash();
    ASSERT_TRUE(binder_hash.ok());
    EXPECT_EQ(hex(*binder_hash), clean(rfc8448::kBinderHash));
    const auto binder = finished_verify_data(m_hkdf, binder_key->span(), binder_hash->span());
    ASSERT_TRUE(binder.ok());
    EXPECT_EQ(hex(*binder), clean(rfc8448::kBinder));
    // ... which is what the ClientHello carries in its last 32 bytes.
    EXPECT_EQ(hex(Bytes(client_hello).last(32)), clean(rfc8448::kBinder));
    EXPECT_TRUE(check_finished(m_hkdf, binder_key->span(), binder_hash->span(), Bytes(client_hello).last(32)).ok());

    // The external-PSK binder key uses another label, so it differs.
    const auto ext_binder = early->binder_key(PskKind::kExternal);
    ASSERT_TRUE(ext_binder.ok());
    EXPECT_NE(hex(*ext_binder), hex(*binder_key));
    EXPECT_EQ(hex(*ext_binder),
              reference_expand_label(early->secret().span(), "ext binder", m_hkdf.empty_hash()->span(), 32));

    // {client} derive secret "tls13 c e traffic" and "tls13 e exp master" over the whole ClientHello.
    ASSERT_TRUE(truncated->add(Bytes(client_hello).subspan(rfc8448::kResumedClientHelloPrefix)).ok());
    const auto hello_hash = truncated->current_hash();
    ASSERT_TRUE(hello_hash.ok());
    EXPECT_EQ(hex(*hello_hash), clean(rfc8448::kResumedHelloHash));
    const auto early_traffic = early->client_early_traffic_secret(hello_hash->span());
    const auto early_exporter = early->early_exporter_master_secret(hello_hash->span());
    ASSERT_TRUE(early_traffic.ok() && early_exporter.ok());
    EXPECT_EQ(hex(*early_traffic), clean(rfc8448::kClientEarlyTraffic));
    EXPECT_EQ(hex(*early_exporter), clean(rfc8448::kEarlyExporterMaster));
    const auto early_keys = derive_traffic_keys(m_hkdf, crypto::AeadAlgorithm::kAes128Gcm, early_traffic->span());
    ASSERT_TRUE(early_keys.ok());
    EXPECT_EQ(hex(early_keys->key), clean(rfc8448::kEarlyKey));
    EXPECT_EQ(hex(early_keys->iv), clean(rfc8448::kEarlyIv));
}

TEST_F(KeyScheduleTest, Rfc8448HelloRetryRequestHandshakeSecrets) {
    auto transcript = Transcript::create(*m_provider, HashAlgorithm::kSha256);
    ASSERT_TRUE(transcript.ok());
    ASSERT_TRUE(transcript->add(bytes(rfc8448::kHrrClientHello1)).ok());
    ASSERT_TRUE(transcript->replace_client_hello_with_message_hash().ok());
    ASSERT_TRUE(transcript->add(bytes(rfc8448::kHelloRetryRequest)).ok());
    ASSERT_TRUE(transcript->add(bytes(rfc8448::kHrrClientHello2)).ok());
    ASSERT_TRUE(transcript->add(bytes(rfc8448::kHrrServerHello)).ok());
    const auto hash = transcript->current_hash();
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hex(*hash), clean(rfc8448::kHrrHelloHash));

    auto early = EarlySecret::without_psk(m_hkdf);
    ASSERT_TRUE(early.ok());
    auto handshake = std::move(*early).into_handshake(bytes(rfc8448::kHrrSharedSecret));
    ASSERT_TRUE(handshake.ok());
    EXPECT_EQ(hex(handshake->secret()), clean(rfc8448::kHrrHandshakeSecret));
    const auto c_hs = handshake->client_handshake_traffic_secret(hash->span());
    const auto s_hs = handshake->server_handshake_traffic_secret(hash->span());
    ASSERT_TRUE(c_hs.ok() && s_hs.ok());
    EXPECT_EQ(hex(*c_hs), clean(rfc8448::kHrrClientHsTraffic));
    EXPECT_EQ(hex(*s_hs), clean(rfc8448::kHrrServerHsTraffic));
}

TEST_F(KeyScheduleTest, BadFinishedIsAFinishedHashFailure) {
    const Digest hash = transcript_hash({rfc8448::kClientHello});
    const auto secret = bytes(rfc8448::kClientHsTraffic);
    auto verify = finished_verify_data(m_hkdf, secret, hash.span());
    ASSERT_TRUE(verify.ok());
    EXPECT_TRUE(check_finished(m_hkdf, secret, hash.span(), verify->span()).ok());

    std::vector<std::uint8_t> tampered(verify->span().begin(), verify->span().end());
    tampered[31] ^= 0x80;
    const auto bad = check_finished(m_hkdf, secret, hash.span(), tampered);
    EXPECT_EQ(bad.status(), Status::kTlsFinishedHashFailure);
    EXPECT_EQ(bad.error().alert(), AlertDescription::kDecryptError);
    tampered.pop_back();
    EXPECT_EQ(check_finished(m_hkdf, secret, hash.span(), tampered).status(), Status::kTlsFinishedHashFailure);
}

TEST_F(KeyScheduleTest, KeyUpdateFollowsTheTrafficUpdLabel) {
    // RFC 8446 §7.2, checked against the HkdfLabel built by hand.
    const auto current = bytes(rfc8448::kClientApTraffic);
    const auto next = next_application_traffic_secret(m_hkdf, current);
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(hex(*next), reference_expand_label(current, "traffic upd", {}, 32));
    const auto after = next_application_traffic_secret(m_hkdf, next->span());
    ASSERT_TRUE(after.ok());
    EXPECT_NE(hex(*after), hex(*next));
}

TEST_F(KeyScheduleTest, ExporterFollowsRfc8446Section75) {
    const auto exporter_secret = bytes(rfc8448::kExporterMaster);
    const std::vector<std::uint8_t> context = {'c', 't', 'x'};
    const auto out = export_keying_material(m_hkdf, exporter_secret, "EXPERIMENTAL test", context, 42);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->size(), 42U);

    // Derive-Secret(Secret, label, "") then HKDF-Expand-Label(., "exporter", Hash(context), length), by hand.
    const auto empty_hash = m_hkdf.empty_hash();
    ASSERT_TRUE(empty_hash.ok());
    const auto inner = from_hex(reference_expand_label(exporter_secret, "EXPERIMENTAL test", empty_hash->span(), 32));
    ASSERT_TRUE(inner.has_value());
    std::vector<std::uint8_t> context_hash(32);
    ASSERT_TRUE(m_provider->hash(HashAlgorithm::kSha256, context, context_hash).ok());
    EXPECT_EQ(hex(*out), reference_expand_label(*inner, "exporter", context_hash, 42));

    // No context and an empty context are the same in TLS 1.3; a different label gives different bytes.
    const auto none = export_keying_material(m_hkdf, exporter_secret, "EXPERIMENTAL test", {}, 16);
    const auto other = export_keying_material(m_hkdf, exporter_secret, "EXPERIMENTAL other", {}, 16);
    ASSERT_TRUE(none.ok() && other.ok());
    EXPECT_NE(hex(*none), hex(*other));
    // A label too long for HkdfLabel (more than 255 bytes with "tls13 ") is refused, not truncated.
    EXPECT_FALSE(export_keying_material(m_hkdf, exporter_secret, std::string(250, 'x'), {}, 16).ok());
}

TEST_F(KeyScheduleTest, PskKeOnlyModeUsesZerosForTheSharedSecret) {
    auto a = EarlySecret::with_psk(m_hkdf, bytes(rfc8448::kResumptionPsk));
    auto b = EarlySecret::with_psk(m_hkdf, bytes(rfc8448::kResumptionPsk));
    ASSERT_TRUE(a.ok() && b.ok());
    auto from_empty = std::move(*a).into_handshake({});
    auto from_zeros = std::move(*b).into_handshake(std::vector<std::uint8_t>(32, 0));
    ASSERT_TRUE(from_empty.ok() && from_zeros.ok());
    EXPECT_EQ(hex(from_empty->secret()), hex(from_zeros->secret()));
}

TEST_F(KeyScheduleTest, Sha384SuiteHasSha384LengthSecrets) {
    const Hkdf hkdf384(*m_provider, HashAlgorithm::kSha384);
    auto early = EarlySecret::without_psk(hkdf384);
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->secret().size(), 48U);
    auto handshake = std::move(*early).into_handshake(std::vector<std::uint8_t>(48, 7));
    ASSERT_TRUE(handshake.ok());
    const std::vector<std::uint8_t> hash(48, 1);
    const auto c_hs = handshake->client_handshake_traffic_secret(hash);
    ASSERT_TRUE(c_hs.ok());
    EXPECT_EQ(c_hs->size(), 48U);
    const auto keys = derive_traffic_keys(hkdf384, crypto::AeadAlgorithm::kAes256Gcm, c_hs->span());
    ASSERT_TRUE(keys.ok());
    EXPECT_EQ(keys->key.size(), 32U);
    EXPECT_EQ(keys->iv.size(), 12U);
    auto master = std::move(*handshake).into_master();
    ASSERT_TRUE(master.ok());
    EXPECT_EQ(master->secret().size(), 48U);
    const auto verify = finished_verify_data(hkdf384, c_hs->span(), hash);
    ASSERT_TRUE(verify.ok());
    EXPECT_EQ(verify->size(), 48U);
}

// The Handshake and Master Secrets are kept keyed (crypto::HkdfPrk); a stage that has moved on holds no key, and
// asking it for a secret is an error rather than a derivation from a wiped value.
TEST_F(KeyScheduleTest, AStageThatMovedOnDerivesNothing) {
    auto early = EarlySecret::without_psk(m_hkdf);
    ASSERT_TRUE(early.ok());
    auto handshake = std::move(*early).into_handshake(std::vector<std::uint8_t>(32, 7));
    ASSERT_TRUE(handshake.ok());
    const std::vector<std::uint8_t> hash(32, 1);
    const auto before = handshake->server_handshake_traffic_secret(hash);
    ASSERT_TRUE(before.ok());
    // The keyed secret gives what HKDF-Expand-Label on the raw secret gives.
    EXPECT_EQ(hex(*before), reference_expand_label(handshake->secret().span(), "s hs traffic", hash, 32));
    auto master = std::move(*handshake).into_master();
    ASSERT_TRUE(master.ok());
    // NOLINTNEXTLINE(bugprone-use-after-move): using the consumed stage is what this test checks.
    EXPECT_EQ(handshake->server_handshake_traffic_secret(hash).status(), Status::kTlsInvalidState);
    // NOLINTNEXTLINE(bugprone-use-after-move)
    EXPECT_EQ(std::move(*handshake).into_master().status(), Status::kTlsInvalidState);
    EXPECT_TRUE(master->resumption_master_secret(hash).ok());
}

// Hkdf::empty_hash() answers SHA-256 and SHA-384 from constants: they must be what the provider computes.
TEST_F(KeyScheduleTest, EmptyHashIsTheHashOfNothing) {
    for (const auto hash : {HashAlgorithm::kSha256, HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
        const Hkdf hkdf(*m_provider, hash);
        const auto constant = hkdf.empty_hash();
        ASSERT_TRUE(constant.ok());
        std::vector<std::uint8_t> computed(crypto::hash_length(hash));
        ASSERT_TRUE(m_provider->hash(hash, {}, computed).ok());
        EXPECT_EQ(hex(*constant), hex(computed)) << crypto::hash_name(hash);
        EXPECT_EQ(constant->size(), crypto::hash_length(hash));
    }
    EXPECT_EQ(hex(*m_hkdf.empty_hash()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Client and server keep the Early Secret that made (or checked) the PSK binder and go on from it into the
// handshake: reading the binder key first must not change what into_handshake() derives.
TEST_F(KeyScheduleTest, TheBindersEarlySecretGoesOnIntoTheHandshake) {
    auto used = EarlySecret::with_psk(m_hkdf, bytes(rfc8448::kResumptionPsk));
    auto fresh = EarlySecret::with_psk(m_hkdf, bytes(rfc8448::kResumptionPsk));
    ASSERT_TRUE(used.ok() && fresh.ok());
    const auto binder_key = used->binder_key(PskKind::kResumption);
    ASSERT_TRUE(binder_key.ok());
    EXPECT_EQ(hex(*binder_key), clean(rfc8448::kResBinderKey));
    std::optional<EarlySecret> kept;
    kept.emplace(std::move(*used));  // as the state machines hold it until ServerHello
    const std::vector<std::uint8_t> shared(32, 0x42);
    auto from_kept = std::move(*kept).into_handshake(shared);
    auto from_fresh = std::move(*fresh).into_handshake(shared);
    ASSERT_TRUE(from_kept.ok() && from_fresh.ok());
    EXPECT_EQ(hex(from_kept->secret()), hex(from_fresh->secret()));
    // A different PSK gives a different handshake secret (the kept one is not some fixed value).
    auto other = EarlySecret::with_psk(m_hkdf, std::vector<std::uint8_t>(32, 1));
    ASSERT_TRUE(other.ok());
    auto from_other = std::move(*other).into_handshake(shared);
    ASSERT_TRUE(from_other.ok());
    EXPECT_NE(hex(from_other->secret()), hex(from_kept->secret()));
}

}  // namespace
}  // namespace nxs::tls13
