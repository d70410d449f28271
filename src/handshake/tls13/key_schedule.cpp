#include "handshake/tls13/key_schedule.h"

#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace nxs::tls13 {

namespace {

// RFC 8446 §7.1: "0" is a string of Hash.length bytes set to zero. 64 bytes covers SHA-512.
constexpr std::array<std::uint8_t, 64> kZeros{};

Bytes zeros(const Hkdf& hkdf) noexcept {
    return Bytes(kZeros.data(), hkdf.hash_length());
}

// Derive-Secret(secret, "derived", ""): the salt of the next Extract.
Result<Secret> derived_salt(const Hkdf& hkdf, const Secret& secret) {
    NXS_TRY_ASSIGN(const Digest empty, hkdf.empty_hash());
    return hkdf.derive_secret(secret.span(), "derived", empty.span());
}

// Derive-Secret on a stage's keyed secret. A stage whose transition has run (or that was moved from) holds none.
Result<Secret> derive_from(const std::unique_ptr<crypto::HkdfPrk>& prk, std::string_view label, Bytes transcript_hash) {
    if (!prk) {
        return Error(Status::kTlsInvalidState, "the key schedule has moved past this secret");
    }
    return Hkdf::derive_secret(*prk, label, transcript_hash);
}

Result<Secret> derived_salt(const Hkdf& hkdf, const std::unique_ptr<crypto::HkdfPrk>& prk) {
    NXS_TRY_ASSIGN(const Digest empty, hkdf.empty_hash());
    return derive_from(prk, "derived", empty.span());
}

}  // namespace

// --- Hkdf ---

Result<Secret> Hkdf::extract(Bytes salt, Bytes ikm) const {
    return m_provider->hkdf_extract(m_hash, salt, ikm);
}

Result<Secret> Hkdf::expand_label(Bytes secret, std::string_view label, Bytes context, std::size_t length) const {
    return crypto::hkdf_expand_label(*m_provider, m_hash, secret, label, context, length);
}

Result<Secret> Hkdf::derive_secret(Bytes secret, std::string_view label, Bytes transcript_hash) const {
    return crypto::derive_secret(*m_provider, m_hash, secret, label, transcript_hash);
}

Result<std::unique_ptr<crypto::HkdfPrk>> Hkdf::prepare(Bytes secret) const {
    return m_provider->new_hkdf_prk(m_hash, secret);
}

Result<Secret> Hkdf::expand_label(const crypto::HkdfPrk& prk, std::string_view label, Bytes context,
                                  std::size_t length) {
    return crypto::hkdf_expand_label(prk, label, context, length);
}

Result<Secret> Hkdf::derive_secret(const crypto::HkdfPrk& prk, std::string_view label, Bytes transcript_hash) {
    return crypto::derive_secret(prk, label, transcript_hash);
}

Result<Digest> Hkdf::hash_of(Bytes data) const {
    std::array<std::uint8_t, 64> out{};
    NXS_TRY(m_provider->hash(m_hash, data, std::span<std::uint8_t>(out.data(), hash_length())));
    return Digest(Bytes(out.data(), hash_length()));
}

Result<Digest> Hkdf::empty_hash() const {
    // Hash("") is a constant of the hash function; the key schedule needs it for every "derived" salt and binder key
    // (three to four times per handshake side), and hashing nothing costs a whole digest context each time. The
    // values are FIPS 180-4's, checked against the provider by KeyScheduleTest.EmptyHashIsTheHashOfNothing.
    static constexpr std::array<std::uint8_t, 32> kSha256 = {
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
    static constexpr std::array<std::uint8_t, 48> kSha384 = {
        0x38, 0xb0, 0x60, 0xa7, 0x51, 0xac, 0x96, 0x38, 0x4c, 0xd9, 0x32, 0x7e, 0xb1, 0xb1, 0xe3, 0x6a,
        0x21, 0xfd, 0xb7, 0x11, 0x14, 0xbe, 0x07, 0x43, 0x4c, 0x0c, 0xc7, 0xbf, 0x63, 0xf6, 0xe1, 0xda,
        0x27, 0x4e, 0xde, 0xbf, 0xe7, 0x6f, 0x65, 0xfb, 0xd5, 0x1a, 0xd2, 0xf1, 0x48, 0x98, 0xb9, 0x5b};
    switch (m_hash) {
        case crypto::HashAlgorithm::kSha256:
            return Digest(kSha256);
        case crypto::HashAlgorithm::kSha384:
            return Digest(kSha384);
        default:
            return hash_of({});  // no TLS 1.3 cipher suite uses the others
    }
}

// --- EarlySecret ---

Result<EarlySecret> EarlySecret::with_psk(const Hkdf& hkdf, Bytes psk) {
    // RFC 8446 §7.1: 0 -> HKDF-Extract = Early Secret, with the PSK as IKM.
    NXS_TRY_ASSIGN(auto secret, hkdf.extract(zeros(hkdf), psk));
    return EarlySecret(hkdf, std::move(secret));
}

Result<EarlySecret> EarlySecret::without_psk(const Hkdf& hkdf) {
    // RFC 8446 §7.1: If a given secret is not available, then the 0-value consisting of a string of Hash.length
    // bytes set to zeros is used.
    return with_psk(hkdf, zeros(hkdf));
}

Result<Secret> EarlySecret::binder_key(PskKind kind) const {
    NXS_TRY_ASSIGN(const Digest empty, m_hkdf.empty_hash());
    const std::string_view label = kind == PskKind::kExternal ? "ext binder" : "res binder";
    return m_hkdf.derive_secret(m_secret.span(), label, empty.span());
}

Result<Secret> EarlySecret::client_early_traffic_secret(Bytes client_hello_hash) const {
    return m_hkdf.derive_secret(m_secret.span(), "c e traffic", client_hello_hash);
}

Result<Secret> EarlySecret::early_exporter_master_secret(Bytes client_hello_hash) const {
    return m_hkdf.derive_secret(m_secret.span(), "e exp master", client_hello_hash);
}

Result<HandshakeSecret> EarlySecret::into_handshake(Bytes shared_secret) && {
    NXS_TRY_ASSIGN(const Secret salt, derived_salt(m_hkdf, m_secret));
    const Bytes ikm = shared_secret.empty() ? zeros(m_hkdf) : shared_secret;
    NXS_TRY_ASSIGN(auto secret, m_hkdf.extract(salt.span(), ikm));
    NXS_TRY_ASSIGN(auto prk, m_hkdf.prepare(secret.span()));
    m_secret.wipe();
    return HandshakeSecret(m_hkdf, std::move(secret), std::move(prk));
}

// --- HandshakeSecret ---

Result<Secret> HandshakeSecret::client_handshake_traffic_secret(Bytes transcript_hash) const {
    return derive_from(m_prk, "c hs traffic", transcript_hash);
}

Result<Secret> HandshakeSecret::server_handshake_traffic_secret(Bytes transcript_hash) const {
    return derive_from(m_prk, "s hs traffic", transcript_hash);
}

Result<MasterSecret> HandshakeSecret::into_master() && {
    NXS_TRY_ASSIGN(const Secret salt, derived_salt(m_hkdf, m_prk));
    NXS_TRY_ASSIGN(auto secret, m_hkdf.extract(salt.span(), zeros(m_hkdf)));
    NXS_TRY_ASSIGN(auto prk, m_hkdf.prepare(secret.span()));
    m_secret.wipe();
    m_prk.reset();
    return MasterSecret(m_hkdf, std::move(secret), std::move(prk));
}

// --- MasterSecret ---

Result<Secret> MasterSecret::client_application_traffic_secret_0(Bytes transcript_hash) const {
    return derive_from(m_prk, "c ap traffic", transcript_hash);
}

Result<Secret> MasterSecret::server_application_traffic_secret_0(Bytes transcript_hash) const {
    return derive_from(m_prk, "s ap traffic", transcript_hash);
}

Result<Secret> MasterSecret::exporter_master_secret(Bytes transcript_hash) const {
    return derive_from(m_prk, "exp master", transcript_hash);
}

Result<Secret> MasterSecret::resumption_master_secret(Bytes transcript_hash) const {
    return derive_from(m_prk, "res master", transcript_hash);
}

// --- derived keys ---

Result<TrafficKeys> derive_traffic_keys(const Hkdf& hkdf, crypto::AeadAlgorithm aead, Bytes traffic_secret) {
    // RFC 8446 §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
    //                [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
    NXS_TRY_ASSIGN(const auto prk, hkdf.prepare(traffic_secret));
    NXS_TRY_ASSIGN(auto key, Hkdf::expand_label(*prk, "key", {}, crypto::aead_key_length(aead)));
    NXS_TRY_ASSIGN(auto iv, Hkdf::expand_label(*prk, "iv", {}, crypto::kAeadNonceLength));
    return TrafficKeys{std::move(key), std::move(iv)};
}

Result<Secret> next_application_traffic_secret(const Hkdf& hkdf, Bytes current) {
    return hkdf.expand_label(current, "traffic upd", {}, hkdf.hash_length());
}

Result<Secret> finished_key(const Hkdf& hkdf, Bytes base_key) {
    return hkdf.expand_label(base_key, "finished", {}, hkdf.hash_length());
}

Result<Digest> finished_verify_data(const Hkdf& hkdf, Bytes base_key, Bytes transcript_hash) {
    NXS_TRY_ASSIGN(const Secret key, finished_key(hkdf, base_key));
    std::array<std::uint8_t, 64> mac{};
    const std::span<std::uint8_t> out(mac.data(), hkdf.hash_length());
    NXS_TRY(hkdf.provider().hmac(hkdf.hash(), key.span(), transcript_hash, out));
    Digest verify_data(out);
    secure_wipe(mac.data(), mac.size());
    return verify_data;
}

Result<void> check_finished(const Hkdf& hkdf, Bytes base_key, Bytes transcript_hash, Bytes received) {
    NXS_TRY_ASSIGN(const Digest expected, finished_verify_data(hkdf, base_key, transcript_hash));
    // RFC 8446 §4.4.4: Recipients of Finished messages MUST verify that the contents are correct and if incorrect
    // MUST terminate the connection with a "decrypt_error" alert.
    if (received.size() != expected.size() || !constant_time_equal(received, expected.span())) {
        return Error(Status::kTlsFinishedHashFailure, "the peer's Finished verify_data does not match the transcript");
    }
    return {};
}

Result<Secret> resumption_psk(const Hkdf& hkdf, Bytes resumption_master_secret, Bytes ticket_nonce) {
    // RFC 8446 §4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)
    return hkdf.expand_label(resumption_master_secret, "resumption", ticket_nonce, hkdf.hash_length());
}

Result<Secret> export_keying_material(const Hkdf& hkdf, Bytes exporter_secret, std::string_view label, Bytes context,
                                      std::size_t length) {
    NXS_TRY_ASSIGN(const Digest empty, hkdf.empty_hash());
    NXS_TRY_ASSIGN(const Secret secret, hkdf.derive_secret(exporter_secret, label, empty.span()));
    NXS_TRY_ASSIGN(const Digest context_hash, hkdf.hash_of(context));
    return hkdf.expand_label(secret.span(), "exporter", context_hash.span(), length);
}

}  // namespace nxs::tls13
