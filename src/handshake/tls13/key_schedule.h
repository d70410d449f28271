// The TLS 1.3 key schedule (RFC 8446 §7), one type per stage.
//
//              PSK (or 0) → EarlySecret ──────────── binder keys, client_early_traffic_secret, early exporter
//   (EC)DHE (or 0) ↓ into_handshake()
//                    HandshakeSecret ────────── client/server handshake traffic secrets
//                0 ↓ into_master()
//                    MasterSecret ───────────── client/server application traffic secrets 0, exporter master
//                                               secret, resumption master secret
//
// A transition consumes its stage (it is called on an rvalue), so a secret that the schedule has moved past cannot
// be used by mistake, and the secret it held is wiped when the old stage goes. Every secret is an nxs::Secret. The
// derived traffic secrets are returned to the caller, who turns them into record keys (derive_traffic_keys, §7.3),
// Finished keys (§4.4.4) and, at a KeyUpdate, the next generation (§7.2).
//
// Transcript hashes come from a Transcript (transcript.h); the functions take the hash value so that the schedule
// does not need to know which messages it covers. The provider passed in must outlive every object made here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "handshake/tls13/transcript.h"
#include "nxs/crypto/provider.h"
#include "nxs/result.h"
#include "nxs/secret.h"

namespace nxs::tls13 {

// The provider and the cipher suite's hash, which every step of the schedule shares.
class Hkdf {
public:
    Hkdf(const crypto::Provider& provider, crypto::HashAlgorithm hash) noexcept : m_provider(&provider), m_hash(hash) {}

    const crypto::Provider& provider() const noexcept { return *m_provider; }
    crypto::HashAlgorithm hash() const noexcept { return m_hash; }
    std::size_t hash_length() const noexcept { return crypto::hash_length(m_hash); }

    Result<Secret> extract(Bytes salt, Bytes ikm) const;
    // RFC 8446 §7.1 HKDF-Expand-Label and Derive-Secret (with the hash of the messages already computed).
    Result<Secret> expand_label(Bytes secret, std::string_view label, Bytes context, std::size_t length) const;
    Result<Secret> derive_secret(Bytes secret, std::string_view label, Bytes transcript_hash) const;
    // A secret keyed once for several expansions (crypto::HkdfPrk), and the two functions above on it.
    Result<std::unique_ptr<crypto::HkdfPrk>> prepare(Bytes secret) const;
    static Result<Secret> expand_label(const crypto::HkdfPrk& prk, std::string_view label, Bytes context,
                                       std::size_t length);
    static Result<Secret> derive_secret(const crypto::HkdfPrk& prk, std::string_view label, Bytes transcript_hash);
    // Hash of the empty string: Transcript-Hash("") in Derive-Secret(., "derived", "") and the exporter.
    Result<Digest> empty_hash() const;
    Result<Digest> hash_of(Bytes data) const;

private:
    const crypto::Provider* m_provider;
    crypto::HashAlgorithm m_hash;
};

// Which kind of PSK a binder is for (RFC 8446 §7.1: "ext binder" or "res binder").
enum class PskKind : std::uint8_t { kExternal, kResumption };

class HandshakeSecret;
class MasterSecret;

class EarlySecret {
public:
    // RFC 8446 §7.1: Early Secret = HKDF-Extract(0, PSK).
    static Result<EarlySecret> with_psk(const Hkdf& hkdf, Bytes psk);
    // Without a PSK the IKM is a string of Hash.length zero bytes.
    static Result<EarlySecret> without_psk(const Hkdf& hkdf);

    // binder_key = Derive-Secret(., "ext binder" | "res binder", "")
    Result<Secret> binder_key(PskKind kind) const;
    // client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)
    Result<Secret> client_early_traffic_secret(Bytes client_hello_hash) const;
    // early_exporter_master_secret = Derive-Secret(., "e exp master", ClientHello)
    Result<Secret> early_exporter_master_secret(Bytes client_hello_hash) const;

    // Handshake Secret = HKDF-Extract(Derive-Secret(., "derived", ""), (EC)DHE). An empty `shared_secret` means
    // psk_ke mode: the (EC)DHE input is then Hash.length zero bytes.
    Result<HandshakeSecret> into_handshake(Bytes shared_secret) &&;

    const Hkdf& hkdf() const noexcept { return m_hkdf; }
    // The stage's secret itself, for known-answer tests and key logging.
    const Secret& secret() const noexcept { return m_secret; }

private:
    EarlySecret(const Hkdf& hkdf, Secret secret) noexcept : m_hkdf(hkdf), m_secret(std::move(secret)) {}

    Hkdf m_hkdf;
    Secret m_secret;
};

class HandshakeSecret {
public:
    // {client,server}_handshake_traffic_secret = Derive-Secret(., "c hs traffic" | "s hs traffic",
    //                                                          ClientHello...ServerHello)
    Result<Secret> client_handshake_traffic_secret(Bytes transcript_hash) const;
    Result<Secret> server_handshake_traffic_secret(Bytes transcript_hash) const;

    // Master Secret = HKDF-Extract(Derive-Secret(., "derived", ""), 0)
    Result<MasterSecret> into_master() &&;

    const Hkdf& hkdf() const noexcept { return m_hkdf; }
    const Secret& secret() const noexcept { return m_secret; }

private:
    friend class EarlySecret;
    HandshakeSecret(const Hkdf& hkdf, Secret secret, std::unique_ptr<crypto::HkdfPrk> prk) noexcept
        : m_hkdf(hkdf), m_secret(std::move(secret)), m_prk(std::move(prk)) {}

    Hkdf m_hkdf;
    Secret m_secret;
    // m_secret keyed once: it is expanded three times ("c hs traffic", "s hs traffic", "derived").
    std::unique_ptr<crypto::HkdfPrk> m_prk;
};

class MasterSecret {
public:
    // Over ClientHello...server Finished:
    //   {client,server}_application_traffic_secret_0 = Derive-Secret(., "c ap traffic" | "s ap traffic", .)
    //   exporter_master_secret = Derive-Secret(., "exp master", .)
    Result<Secret> client_application_traffic_secret_0(Bytes transcript_hash) const;
    Result<Secret> server_application_traffic_secret_0(Bytes transcript_hash) const;
    Result<Secret> exporter_master_secret(Bytes transcript_hash) const;
    // Over ClientHello...client Finished: resumption_master_secret = Derive-Secret(., "res master", .)
    Result<Secret> resumption_master_secret(Bytes transcript_hash) const;

    const Hkdf& hkdf() const noexcept { return m_hkdf; }
    const Secret& secret() const noexcept { return m_secret; }

private:
    friend class HandshakeSecret;
    MasterSecret(const Hkdf& hkdf, Secret secret, std::unique_ptr<crypto::HkdfPrk> prk) noexcept
        : m_hkdf(hkdf), m_secret(std::move(secret)), m_prk(std::move(prk)) {}

    Hkdf m_hkdf;
    Secret m_secret;
    // m_secret keyed once: it is expanded up to four times (two traffic secrets, exporter, resumption).
    std::unique_ptr<crypto::HkdfPrk> m_prk;
};

// RFC 8446 §7.3 traffic keys for one direction: key = HKDF-Expand-Label(secret, "key", "", key_length),
// iv = HKDF-Expand-Label(secret, "iv", "", iv_length).
struct TrafficKeys {
    Secret key;
    Secret iv;
};
Result<TrafficKeys> derive_traffic_keys(const Hkdf& hkdf, crypto::AeadAlgorithm aead, Bytes traffic_secret);

// RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "",
// Hash.length).
Result<Secret> next_application_traffic_secret(const Hkdf& hkdf, Bytes current);

// RFC 8446 §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length);
// verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*)).
// BaseKey is a handshake traffic secret, the client_application_traffic_secret_N for post-handshake authentication,
// or a binder_key for a PSK binder (§4.2.11.2, whose transcript is the truncated ClientHello).
Result<Secret> finished_key(const Hkdf& hkdf, Bytes base_key);
Result<Digest> finished_verify_data(const Hkdf& hkdf, Bytes base_key, Bytes transcript_hash);
// Compares a received verify_data in constant time: a mismatch is NX_SECURE_TLS_FINISHED_HASH_FAILURE (0x115,
// decrypt_error).
Result<void> check_finished(const Hkdf& hkdf, Bytes base_key, Bytes transcript_hash, Bytes received);

// RFC 8446 §4.6.1: the PSK of a ticket = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce,
// Hash.length).
Result<Secret> resumption_psk(const Hkdf& hkdf, Bytes resumption_master_secret, Bytes ticket_nonce);

// RFC 8446 §7.5: TLS-Exporter(label, context_value, key_length) =
//   HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length)
// where Secret is the exporter_master_secret (or early_exporter_master_secret). No context and an empty context are
// the same in TLS 1.3.
Result<Secret> export_keying_material(const Hkdf& hkdf, Bytes exporter_secret, std::string_view label, Bytes context,
                                      std::size_t length);

}  // namespace nxs::tls13
