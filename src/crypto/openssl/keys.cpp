// Asymmetric keys: SPKI public keys for verification, PKCS#8 / PKCS#1 / SEC1 private keys for signing, and key
// generation. RSA PKCS#1 v1.5, RSA-PSS (RFC 8017), ECDSA with DER signatures (RFC 3279 §2.2.3), Ed25519/Ed448
// (RFC 8032).
#include <openssl/decoder.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

using X509PubkeyPtr = Owned<X509_PUBKEY, &X509_PUBKEY_free>;
using DecoderCtxPtr = Owned<OSSL_DECODER_CTX, &OSSL_DECODER_CTX_free>;
using Pkcs8Ptr = Owned<PKCS8_PRIV_KEY_INFO, &PKCS8_PRIV_KEY_INFO_free>;

struct KeyFacts {
    KeyType type = KeyType::kRsa;
    EcCurve curve = EcCurve::kNone;
    std::size_t bits = 0;
};

// What kind of key this is, or `unsupported` as the status when nxs does not handle it.
Result<KeyFacts> key_facts(const EVP_PKEY* key, Status unsupported) {
    KeyFacts facts;
    facts.bits = static_cast<std::size_t>(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "RSA")) {
        facts.type = KeyType::kRsa;
    } else if (EVP_PKEY_is_a(key, "RSA-PSS")) {
        facts.type = KeyType::kRsaPss;
    } else if (EVP_PKEY_is_a(key, "ED25519")) {
        facts.type = KeyType::kEd25519;
    } else if (EVP_PKEY_is_a(key, "ED448")) {
        facts.type = KeyType::kEd448;
    } else if (EVP_PKEY_is_a(key, "EC")) {
        facts.type = KeyType::kEc;
        // RFC 5480 §2.1.1: only named curves; explicit parameters have no group name and end up here too.
        std::array<char, 64> name{};
        std::size_t length = 0;
        if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &length) <= 0) {
            return fail(unsupported, "EC key without a named curve");
        }
        const std::string_view group(name.data(), length);
        if (group == "prime256v1" || group == "P-256") {
            facts.curve = EcCurve::kP256;
        } else if (group == "secp384r1" || group == "P-384") {
            facts.curve = EcCurve::kP384;
        } else if (group == "secp521r1" || group == "P-521") {
            facts.curve = EcCurve::kP521;
        } else {
            return Error(unsupported, "unsupported EC curve " + std::string(group));
        }
    } else {
        return Error(unsupported, std::string("unsupported key type ") + EVP_PKEY_get0_type_name(key));
    }
    return facts;
}

// Whether a signature kind can be made or checked with a key type.
bool kind_fits(SignatureKind kind, KeyType type) noexcept {
    switch (kind) {
        case SignatureKind::kRsaPkcs1:
            return type == KeyType::kRsa;
        case SignatureKind::kRsaPss:
            // RFC 8446 §4.2.3: rsa_pss_rsae_* under rsaEncryption keys, rsa_pss_pss_* under RSASSA-PSS keys.
            return type == KeyType::kRsa || type == KeyType::kRsaPss;
        case SignatureKind::kEcdsa:
            return type == KeyType::kEc;
        case SignatureKind::kEd25519:
            return type == KeyType::kEd25519;
        case SignatureKind::kEd448:
            return type == KeyType::kEd448;
    }
    return false;
}

std::string_view kind_name(SignatureKind kind) noexcept {
    switch (kind) {
        case SignatureKind::kRsaPkcs1:
            return "RSA PKCS#1 v1.5";
        case SignatureKind::kRsaPss:
            return "RSA-PSS";
        case SignatureKind::kEcdsa:
            return "ECDSA";
        case SignatureKind::kEd25519:
            return "Ed25519";
        case SignatureKind::kEd448:
            return "Ed448";
    }
    return "?";
}

bool is_eddsa(SignatureKind kind) noexcept {
    return kind == SignatureKind::kEd25519 || kind == SignatureKind::kEd448;
}

// The digest a signature is computed over, after checking that `algorithm` fits the key; nullptr for EdDSA, which
// hashes internally (RFC 8032 §5.1.6).
Result<const EVP_MD*> signature_digest(const Algorithms& algorithms, KeyType type,
                                       const SignatureAlgorithm& algorithm) {
    if (!kind_fits(algorithm.kind, type)) {
        return Error(Status::kX509WrongSignatureMethod, std::string(kind_name(algorithm.kind)) + " does not fit a " +
                                                            std::string(key_type_name(type)) + " key");
    }
    if (is_eddsa(algorithm.kind)) {
        return static_cast<const EVP_MD*>(nullptr);
    }
    if (index_of(algorithm.hash) >= kHashCount || !algorithms.md[index_of(algorithm.hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine, std::string(hash_name(algorithm.hash)) + " is not available");
    }
    return algorithms.md[index_of(algorithm.hash)].get();
}

// The RSA padding of `algorithm` (PKCS#1 v1.5, or PSS with its MGF1 hash and salt length) on a signature context.
Result<void> set_rsa_padding(const Algorithms& algorithms, EVP_PKEY_CTX* pctx, const SignatureAlgorithm& algorithm) {
    if (algorithm.kind == SignatureKind::kRsaPss) {
        if (index_of(algorithm.mgf1_hash) >= kHashCount || !algorithms.md[index_of(algorithm.mgf1_hash)]) {
            return Error(Status::kTlsMissingCryptoRoutine, "MGF1 hash is not available");
        }
        if (algorithm.pss_salt_length > 0xFFFF || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, md_name(algorithm.mgf1_hash), algorithms.propq()) <= 0 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(algorithm.pss_salt_length)) <= 0) {
            return fail(Status::kX509WrongSignatureMethod, "RSA-PSS parameters are not usable with this key");
        }
    } else if (algorithm.kind == SignatureKind::kRsaPkcs1) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
            return fail(Status::kX509WrongSignatureMethod, "RSA PKCS#1 v1.5 padding is not usable with this key");
        }
    }
    return {};
}

// An EdDSA sign or verify context: Ed25519 and Ed448 sign the message itself, so they take the one-shot
// EVP_DigestSign / EVP_DigestVerify with no digest.
Result<MdCtxPtr> eddsa_ctx(const Algorithms& algorithms, EVP_PKEY* key, const SignatureAlgorithm& algorithm,
                           bool signing) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const int ok =
        !ctx      ? 0
        : signing ? EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, algorithms.propq(), key, nullptr)
                  : EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, algorithms.propq(), key, nullptr);
    if (ok <= 0) {
        return fail(Status::kX509WrongSignatureMethod,
                    std::string(kind_name(algorithm.kind)) + " is not usable with this key");
    }
    return ctx;
}

// A context that signs or verifies a digest (EVP_PKEY_sign / EVP_PKEY_verify) with `algorithm` under `key`: the
// signature digest is set because RSA encodes it into the signature (RFC 8017 §9.2) and ECDSA checks the input
// length against it.
Result<PkeyCtxPtr> digest_signature_ctx(const Algorithms& algorithms, EVP_PKEY* key,
                                        const SignatureAlgorithm& algorithm, const EVP_MD* digest, bool signing) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, algorithms.propq()));
    if (!ctx || (signing ? EVP_PKEY_sign_init(ctx.get()) : EVP_PKEY_verify_init(ctx.get())) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), digest) <= 0) {
        return fail(Status::kX509WrongSignatureMethod,
                    std::string(kind_name(algorithm.kind)) + " with this hash is not usable with this key");
    }
    NXS_TRY(set_rsa_padding(algorithms, ctx.get(), algorithm));
    return ctx;
}

// Signature contexts of one key, set up once per algorithm and copied for each use. Setting a context up in OpenSSL
// 3.0 (fetching the signature implementation by name, the digest again by name, the padding parameters) cost about
// 28 k instructions per ECDSA call and 35-48 k per RSA call under callgrind; copying a set-up context costs about
// 0.5 k. Keys are used many times: the server's own key, the trust anchors, and the peer-key cache's keys.
//
// Thread safety: a key object is immutable and shared by connections on any thread (a Config's own keys, the
// trust store's anchor keys, the peer-key cache), and OpenSSL writes into a context while it signs or verifies.
// So a prepared context is never used itself: every call gets its own EVP_PKEY_CTX_dup, and the list of prepared
// contexts (and the duplication, which reads it) is guarded by the mutex. Preparation runs unlocked; two threads
// may both prepare the same algorithm, and the later one then uses the kept context and drops its own.
class PreparedSignatures {
public:
    // A private key's contexts sign, a public key's verify.
    explicit PreparedSignatures(bool signing) noexcept : m_signing(signing) {}

    // A context of this key's own for `algorithm`, whose digest is `digest`.
    Result<PkeyCtxPtr> context_for(const Algorithms& algorithms, EVP_PKEY* key, const SignatureAlgorithm& algorithm,
                                   const EVP_MD* digest) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            if (const EVP_PKEY_CTX* prepared = find(algorithm)) {
                return duplicate(prepared, algorithm);
            }
        }
        // A failure is not kept: the next call reports it again, as it would have before.
        NXS_TRY_ASSIGN(PkeyCtxPtr fresh, digest_signature_ctx(algorithms, key, algorithm, digest, m_signing));
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (const EVP_PKEY_CTX* prepared = find(algorithm)) {
            return duplicate(prepared, algorithm);
        }
        if (m_count == m_prepared.size()) {
            return fresh;  // a key used with this many algorithms is unusual: prepare the rest per call
        }
        NXS_TRY_ASSIGN(PkeyCtxPtr copy, duplicate(fresh.get(), algorithm));
        m_prepared[m_count++] = {algorithm, std::move(fresh)};
        return copy;
    }

private:
    struct Prepared {
        SignatureAlgorithm algorithm;
        PkeyCtxPtr ctx;
    };

    const EVP_PKEY_CTX* find(const SignatureAlgorithm& algorithm) const noexcept {
        for (std::size_t i = 0; i < m_count; ++i) {
            if (m_prepared[i].algorithm == algorithm) {
                return m_prepared[i].ctx.get();
            }
        }
        return nullptr;
    }

    static Result<PkeyCtxPtr> duplicate(const EVP_PKEY_CTX* prepared, const SignatureAlgorithm& algorithm) {
        PkeyCtxPtr copy(EVP_PKEY_CTX_dup(prepared));
        if (!copy) {
            return fail(Status::kX509WrongSignatureMethod,
                        std::string(kind_name(algorithm.kind)) + " with this hash is not usable with this key");
        }
        return copy;
    }

    const bool m_signing;
    // A chain certificate's key verifies one algorithm, an RSA server key signs with up to three PSS hashes.
    std::mutex m_mutex;
    std::array<Prepared, 4> m_prepared;
    std::size_t m_count = 0;
};

// The message's digest under `digest`, into `out` (EVP_MAX_MD_SIZE bytes); its length, or 0 if hashing failed.
std::size_t digest_of(const EVP_MD* digest, Bytes message, std::array<std::uint8_t, EVP_MAX_MD_SIZE>& out) noexcept {
    unsigned int length = 0;
    if (EVP_Digest(data_or_empty(message), message.size(), out.data(), &length, digest, nullptr) <= 0) {
        clear_errors();
        return 0;
    }
    return length;
}

Result<std::vector<std::uint8_t>> spki_of(EVP_PKEY* key, Status status) {
    const int length = i2d_PUBKEY(key, nullptr);
    if (length <= 0) {
        return fail(status, "public key encoding failed");
    }
    std::vector<std::uint8_t> der(static_cast<std::size_t>(length));
    std::uint8_t* p = der.data();
    if (i2d_PUBKEY(key, &p) != length) {
        return fail(status, "public key encoding failed");
    }
    return der;
}

class OsslPublicKey final : public PublicKey {
public:
    OsslPublicKey(AlgorithmsPtr algorithms, PkeyPtr key, KeyFacts facts, std::vector<std::uint8_t> spki)
        : m_algorithms(std::move(algorithms)), m_key(std::move(key)), m_facts(facts), m_spki(std::move(spki)) {}

    KeyType type() const noexcept override { return m_facts.type; }
    EcCurve curve() const noexcept override { return m_facts.curve; }
    std::size_t bits() const noexcept override { return m_facts.bits; }
    Bytes spki_der() const noexcept override { return m_spki; }

    Result<void> verify(const SignatureAlgorithm& algorithm, Bytes message, Bytes signature) const override {
        NXS_TRY_ASSIGN(const EVP_MD* digest, signature_digest(*m_algorithms, m_facts.type, algorithm));
        // 1 is a good signature; 0 a bad one; < 0 a malformed one (e.g. bad DER). All are "does not verify".
        int verified = 0;
        if (digest == nullptr) {
            NXS_TRY_ASSIGN(MdCtxPtr ctx, eddsa_ctx(*m_algorithms, m_key.get(), algorithm, false));
            verified = EVP_DigestVerify(ctx.get(), data_or_empty(signature), signature.size(), data_or_empty(message),
                                        message.size());
        } else {
            NXS_TRY_ASSIGN(PkeyCtxPtr ctx, m_prepared.context_for(*m_algorithms, m_key.get(), algorithm, digest));
            std::array<std::uint8_t, EVP_MAX_MD_SIZE> hashed{};
            const std::size_t hashed_length = digest_of(digest, message, hashed);
            verified = hashed_length == 0 ? 0
                                          : EVP_PKEY_verify(ctx.get(), data_or_empty(signature), signature.size(),
                                                            hashed.data(), hashed_length);
        }
        if (verified != 1) {
            return fail(Status::kTlsSignatureVerificationError,
                        std::string(kind_name(algorithm.kind)) + " signature does not verify");
        }
        return {};
    }

private:
    AlgorithmsPtr m_algorithms;
    PkeyPtr m_key;
    KeyFacts m_facts;
    std::vector<std::uint8_t> m_spki;
    mutable PreparedSignatures m_prepared{false};  // set-up work kept; see the class for why const use is safe
};

// A signature from `sign(out, &length)` (EVP_PKEY_sign or EVP_DigestSign): called first with no output buffer, which
// reports the maximum size and computes nothing, then into a buffer of that size, cut to the length written (ECDSA's
// DER signatures vary in length).
template <typename Sign>
Result<std::vector<std::uint8_t>> sized_signature(const SignatureAlgorithm& algorithm, Sign&& sign) {
    std::size_t length = 0;
    if (sign(nullptr, &length) <= 0) {
        return fail(Status::kTlsUnsupportedSignatureAlgorithm, "signature size query failed");
    }
    std::vector<std::uint8_t> signature(length);
    if (sign(signature.data(), &length) <= 0) {
        return fail(Status::kTlsUnsupportedSignatureAlgorithm,
                    std::string(kind_name(algorithm.kind)) + " signing failed");
    }
    signature.resize(length);
    return signature;
}

class OsslPrivateKey final : public PrivateKey {
public:
    OsslPrivateKey(AlgorithmsPtr algorithms, PkeyPtr key, KeyFacts facts, std::vector<std::uint8_t> spki)
        : m_algorithms(std::move(algorithms)), m_key(std::move(key)), m_facts(facts), m_spki(std::move(spki)) {}

    KeyType type() const noexcept override { return m_facts.type; }
    EcCurve curve() const noexcept override { return m_facts.curve; }
    std::size_t bits() const noexcept override { return m_facts.bits; }
    Bytes public_spki_der() const noexcept override { return m_spki; }

    Result<std::vector<std::uint8_t>> sign(const SignatureAlgorithm& algorithm, Bytes message) const override {
        NXS_TRY_ASSIGN(const EVP_MD* digest, signature_digest(*m_algorithms, m_facts.type, algorithm));
        if (digest == nullptr) {
            return sign_eddsa(algorithm, message);
        }
        NXS_TRY_ASSIGN(PkeyCtxPtr ctx, m_prepared.context_for(*m_algorithms, m_key.get(), algorithm, digest));
        std::array<std::uint8_t, EVP_MAX_MD_SIZE> hashed{};
        const std::size_t hashed_length = digest_of(digest, message, hashed);
        if (hashed_length == 0) {
            return Error(Status::kTlsUnsupportedSignatureAlgorithm,
                         std::string(kind_name(algorithm.kind)) + " signing failed: hashing failed");
        }
        return sized_signature(algorithm, [&](std::uint8_t* out, std::size_t* length) {
            return EVP_PKEY_sign(ctx.get(), out, length, hashed.data(), hashed_length);
        });
    }

    Result<Secret> to_pkcs8_der() const override {
        Pkcs8Ptr p8(EVP_PKEY2PKCS8(m_key.get()));
        const int length = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr) : -1;
        if (length <= 0) {
            return fail(Status::kX509InvalidPrivateKeyType, "PKCS#8 encoding failed");
        }
        Secret der(static_cast<std::size_t>(length));
        std::uint8_t* p = der.data();
        if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) != length) {
            return fail(Status::kX509InvalidPrivateKeyType, "PKCS#8 encoding failed");
        }
        return der;
    }

private:
    Result<std::vector<std::uint8_t>> sign_eddsa(const SignatureAlgorithm& algorithm, Bytes message) const {
        NXS_TRY_ASSIGN(MdCtxPtr ctx, eddsa_ctx(*m_algorithms, m_key.get(), algorithm, true));
        return sized_signature(algorithm, [&](std::uint8_t* out, std::size_t* length) {
            return EVP_DigestSign(ctx.get(), out, length, data_or_empty(message), message.size());
        });
    }

    AlgorithmsPtr m_algorithms;
    PkeyPtr m_key;
    KeyFacts m_facts;
    std::vector<std::uint8_t> m_spki;
    mutable PreparedSignatures m_prepared{true};  // set-up work kept; see the class for why const use is safe
};

bool key_type_available(const Algorithms& algorithms, KeyType type) noexcept {
    switch (type) {
        case KeyType::kRsa:
            return algorithms.has_rsa;
        case KeyType::kRsaPss:
            return algorithms.has_rsa_pss;
        case KeyType::kEc:
            return algorithms.has_ec;
        case KeyType::kEd25519:
            return algorithms.has_ed25519;
        case KeyType::kEd448:
            return algorithms.has_ed448;
    }
    return false;
}

Result<std::unique_ptr<PrivateKey>> wrap_private(const AlgorithmsPtr& algorithms, PkeyPtr key, Status unsupported) {
    NXS_TRY_ASSIGN(const KeyFacts facts, key_facts(key.get(), unsupported));
    NXS_TRY_ASSIGN(auto spki, spki_of(key.get(), unsupported));
    return std::unique_ptr<PrivateKey>(
        std::make_unique<OsslPrivateKey>(algorithms, std::move(key), facts, std::move(spki)));
}

// Algorithm OIDs of the key types nxs handles: a SubjectPublicKeyInfo with one of these that OpenSSL cannot decode
// is malformed, any other algorithm is merely unsupported.
bool known_key_oid(int nid) noexcept {
    return nid == NID_rsaEncryption || nid == NID_rsassaPss || nid == NID_X9_62_id_ecPublicKey || nid == NID_ED25519 ||
           nid == NID_ED448;
}

// EVP_PKEY_Q_keygen takes a size only for "RSA", so both RSA kinds are generated through a context.
EVP_PKEY* generate_rsa(const char* keytype, std::size_t bits, const char* propq) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, keytype, propq));
    std::size_t size = bits;
    std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_size_t(OSSL_PKEY_PARAM_RSA_BITS, &size),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_params(ctx.get(), params.data()) <= 0 ||
        EVP_PKEY_generate(ctx.get(), &key) <= 0) {
        return nullptr;
    }
    return key;
}

}  // namespace

bool supports_scheme(const Algorithms& algorithms, SignatureScheme scheme) noexcept {
    const auto algorithm = signature_algorithm_for(scheme);
    if (!algorithm) {
        return false;
    }
    const bool hash_ok = algorithms.md[index_of(algorithm->hash)] != nullptr;
    switch (algorithm->kind) {
        case SignatureKind::kRsaPkcs1:
            return hash_ok && algorithms.has_rsa;
        case SignatureKind::kRsaPss:
            return hash_ok &&
                   (scheme >= SignatureScheme::kRsaPssPssSha256 ? algorithms.has_rsa_pss : algorithms.has_rsa);
        case SignatureKind::kEcdsa:
            return hash_ok && algorithms.has_ec;
        case SignatureKind::kEd25519:
            return algorithms.has_ed25519;
        case SignatureKind::kEd448:
            return algorithms.has_ed448;
    }
    return false;
}

namespace {

// The SubjectPublicKeyInfo encodings of the keys a TLS handshake meets on every connection have one fixed DER header
// followed by the key bytes (RFC 5480 §2 for namedCurve EC keys, RFC 8410 §4 for X25519/Ed25519/X448/Ed448).
struct FixedSpki {
    std::string_view header;  // DER up to and including the BIT STRING's unused-bits octet
    std::size_t key_length;   // the key bytes after it (an uncompressed point for EC)
    const char* keytype;      // OpenSSL key type
    const char* group;        // EC group name, nullptr for the raw-key types
};

constexpr std::string_view operator""_der(const char* bytes, std::size_t length) {
    return {bytes, length};
}

constexpr std::array<FixedSpki, 7> kFixedSpkis = {{
    {"\x30\x59\x30\x13\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\x03\x42\x00"_der, 65,
     "EC", "P-256"},
    {"\x30\x76\x30\x10\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x05\x2b\x81\x04\x00\x22\x03\x62\x00"_der, 97, "EC",
     "P-384"},
    {"\x30\x81\x9b\x30\x10\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x05\x2b\x81\x04\x00\x23\x03\x81\x86\x00"_der, 133,
     "EC", "P-521"},
    {"\x30\x2a\x30\x05\x06\x03\x2b\x65\x6e\x03\x21\x00"_der, 32, "X25519", nullptr},
    {"\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00"_der, 32, "ED25519", nullptr},
    {"\x30\x42\x30\x05\x06\x03\x2b\x65\x6f\x03\x39\x00"_der, 56, "X448", nullptr},
    {"\x30\x43\x30\x05\x06\x03\x2b\x65\x71\x03\x3a\x00"_der, 57, "ED448", nullptr},
}};

// A minimal DER walker for the one structure below: definite lengths only, as DER requires.
struct Der {
    Bytes rest;

    // The contents of the next element if it has `tag`; advances past it.
    std::optional<Bytes> take(std::uint8_t tag) {
        if (rest.size() < 2 || rest[0] != tag) {
            return std::nullopt;
        }
        std::size_t length = rest[1];
        std::size_t offset = 2;
        if (length >= 0x80) {
            const std::size_t octets = length & 0x7F;
            if (octets == 0 || octets > 3 || rest.size() < 2 + octets || rest[2] == 0) {
                return std::nullopt;
            }
            length = 0;
            for (std::size_t i = 0; i < octets; ++i) {
                length = (length << 8) | rest[2 + i];
            }
            if (length < 0x80) {
                return std::nullopt;  // not the shortest form
            }
            offset += octets;
        }
        if (rest.size() - offset < length) {
            return std::nullopt;
        }
        const Bytes contents = rest.subspan(offset, length);
        rest = rest.subspan(offset + length);
        return contents;
    }
};

// A positive INTEGER in its minimal encoding (X.690 §8.3.2), as the big-endian magnitude.
std::optional<Bytes> positive_integer(Der& der) {
    const auto value = der.take(0x02);
    if (!value || value->empty() || ((*value)[0] & 0x80) != 0 ||
        (value->size() > 1 && (*value)[0] == 0 && ((*value)[1] & 0x80) == 0)) {
        return std::nullopt;
    }
    return (*value)[0] == 0 ? value->subspan(1) : *value;
}

// An rsaEncryption SPKI (RFC 3279 §2.3.1: AlgorithmIdentifier with NULL parameters, RSAPublicKey in the BIT STRING)
// imported from its modulus and exponent; null for anything else, which the general path then handles.
PkeyPtr import_rsa_spki(const Algorithms& algorithms, Bytes der) {
    static constexpr std::string_view kRsaAlgorithm = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"_der;
    Der outer{der};
    const auto spki = outer.take(0x30);
    if (!spki || !outer.rest.empty()) {
        return nullptr;
    }
    Der fields{*spki};
    const auto algorithm = fields.take(0x30);
    const auto bits = fields.take(0x03);
    if (!algorithm || !bits || !fields.rest.empty() || algorithm->size() != kRsaAlgorithm.size() ||
        std::memcmp(algorithm->data(), kRsaAlgorithm.data(), kRsaAlgorithm.size()) != 0 || bits->empty() ||
        (*bits)[0] != 0) {
        return nullptr;
    }
    Der key_der{bits->subspan(1)};
    const auto key = key_der.take(0x30);
    if (!key || !key_der.rest.empty()) {
        return nullptr;
    }
    Der numbers{*key};
    const auto modulus = positive_integer(numbers);
    const auto exponent = positive_integer(numbers);
    if (!modulus || !exponent || !numbers.rest.empty()) {
        return nullptr;
    }
    const BnPtr n(BN_bin2bn(modulus->data(), static_cast<int>(modulus->size()), nullptr));
    const BnPtr e(BN_bin2bn(exponent->data(), static_cast<int>(exponent->size()), nullptr));
    ParamBldPtr build(OSSL_PARAM_BLD_new());
    if (!n || !e || !build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) <= 0 ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) <= 0) {
        clear_errors();
        return nullptr;
    }
    const ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", algorithms.propq()));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        clear_errors();
        return nullptr;
    }
    return PkeyPtr(raw);
}

// The key of a fixed-layout SPKI (or an RSA one), imported directly (EVP_PKEY_fromdata / raw public key). OpenSSL 3.0's
// d2i_X509_PUBKEY builds a decoder context on every call, which cost about 38% of the instructions of a full ECDSA
// handshake (docs/performance.md); importing the key bytes skips that. Null when the SPKI is not one of these
// layouts or OpenSSL rejects the key: the caller then takes the general path, which also tells the errors apart.
PkeyPtr import_fixed_spki(const Algorithms& algorithms, Bytes der) {
    for (const FixedSpki& fixed : kFixedSpkis) {
        if (der.size() != fixed.header.size() + fixed.key_length ||
            std::memcmp(der.data(), fixed.header.data(), fixed.header.size()) != 0) {
            continue;
        }
        const Bytes key = der.subspan(fixed.header.size());
        if (fixed.group == nullptr) {
            return PkeyPtr(
                EVP_PKEY_new_raw_public_key_ex(nullptr, fixed.keytype, algorithms.propq(), key.data(), key.size()));
        }
        PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, fixed.keytype, algorithms.propq()));
        std::array<OSSL_PARAM, 3> params = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(fixed.group), 0),
            OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<std::uint8_t*>(key.data()),
                                              key.size()),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY* raw = nullptr;
        if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
            EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.data()) <= 0) {
            clear_errors();
            return nullptr;
        }
        return PkeyPtr(raw);
    }
    return import_rsa_spki(algorithms, der);
}

}  // namespace

Result<std::unique_ptr<PublicKey>> load_public_key(const AlgorithmsPtr& algorithms, Bytes spki_der) {
    if (PkeyPtr fast = import_fixed_spki(*algorithms, spki_der)) {
        const auto facts = key_facts(fast.get(), Status::kTlsUnsupportedPublicCipher);
        if (facts.ok() && key_type_available(*algorithms, facts->type)) {
            return std::unique_ptr<PublicKey>(std::make_unique<OsslPublicKey>(
                algorithms, std::move(fast), *facts, std::vector<std::uint8_t>(spki_der.begin(), spki_der.end())));
        }
    }
    X509PubkeyPtr spki(X509_PUBKEY_new_ex(nullptr, algorithms->propq()));
    if (!spki) {
        return fail(Status::kTlsMissingCryptoRoutine, "public key: out of memory");
    }
    // d2i_X509_PUBKEY accepts a well-formed SubjectPublicKeyInfo even when it cannot decode the key inside, which
    // is how "malformed" and "unsupported" are told apart.
    const unsigned char* p = spki_der.data();
    X509_PUBKEY* raw = spki.get();
    if (spki_der.empty() || d2i_X509_PUBKEY(&raw, &p, static_cast<long>(spki_der.size())) == nullptr ||
        p != spki_der.data() + spki_der.size()) {
        if (raw != spki.get()) {
            (void)spki.release();  // d2i freed the object it was given; own what it left in `raw`
            spki.reset(raw);
        }
        return fail(Status::kX509InvalidPublicKey, "public key: malformed SubjectPublicKeyInfo");
    }
    ASN1_OBJECT* oid = nullptr;
    if (X509_PUBKEY_get0_param(&oid, nullptr, nullptr, nullptr, spki.get()) <= 0) {
        return fail(Status::kX509InvalidPublicKey, "public key: malformed SubjectPublicKeyInfo");
    }
    const int nid = OBJ_obj2nid(oid);
    PkeyPtr key(X509_PUBKEY_get(spki.get()));
    if (!key) {
        if (known_key_oid(nid)) {
            return fail(Status::kX509InvalidPublicKey, "public key: malformed key");
        }
        return fail(Status::kTlsUnsupportedPublicCipher, "public key: unsupported algorithm");
    }
    clear_errors();
    NXS_TRY_ASSIGN(const KeyFacts facts, key_facts(key.get(), Status::kTlsUnsupportedPublicCipher));
    if (!key_type_available(*algorithms, facts.type)) {
        return Error(Status::kTlsUnsupportedPublicCipher,
                     "public key: " + std::string(key_type_name(facts.type)) + " is not available");
    }
    return std::unique_ptr<PublicKey>(std::make_unique<OsslPublicKey>(
        algorithms, std::move(key), facts, std::vector<std::uint8_t>(spki_der.begin(), spki_der.end())));
}

Result<std::unique_ptr<PrivateKey>> load_private_key(const AlgorithmsPtr& algorithms, Provider::PrivateKeyFormat format,
                                                     Bytes der) {
    using Format = Provider::PrivateKeyFormat;
    const Status malformed =
        format == Format::kPkcs1 ? Status::kPkcs1InvalidPrivateKey : Status::kX509InvalidPrivateKeyType;
    const char* structure = format == Format::kPkcs8 ? "PrivateKeyInfo" : "type-specific";
    const char* keytype = format == Format::kPkcs1 ? "RSA" : format == Format::kSec1 ? "EC" : nullptr;
    EVP_PKEY* raw = nullptr;
    // Only private-key decoders: a PKCS#1 RSAPublicKey must not pass as a private key.
    DecoderCtxPtr decoder(OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", structure, keytype, EVP_PKEY_PRIVATE_KEY, nullptr,
                                                        algorithms->propq()));
    if (!decoder) {
        return fail(Status::kTlsMissingCryptoRoutine, "private key: no decoder available");
    }
    const unsigned char* p = der.data();
    std::size_t left = der.size();
    const bool decoded = !der.empty() && OSSL_DECODER_from_data(decoder.get(), &p, &left) > 0;
    PkeyPtr key(raw);
    if (!decoded || !key || left != 0) {
        return fail(malformed, format == Format::kPkcs1  ? "private key: malformed PKCS#1 RSAPrivateKey"
                               : format == Format::kSec1 ? "private key: malformed SEC1 ECPrivateKey"
                                                         : "private key: malformed PKCS#8 PrivateKeyInfo");
    }
    // Decoders try several candidates and may leave errors behind even on success.
    clear_errors();
    return wrap_private(algorithms, std::move(key), Status::kX509InvalidPrivateKeyType);
}

Result<std::unique_ptr<PrivateKey>> generate_private_key(const AlgorithmsPtr& algorithms, const KeySpec& spec) {
    if (!key_type_available(*algorithms, spec.type)) {
        return Error(Status::kTlsMissingCryptoRoutine,
                     "key generation: " + std::string(key_type_name(spec.type)) + " is not available");
    }
    const char* propq = algorithms->propq();
    EVP_PKEY* raw = nullptr;
    switch (spec.type) {
        case KeyType::kRsa:
        case KeyType::kRsaPss:
            // Below 2048 bits is no longer acceptable for TLS (NIST SP 800-131A); above 16384 is unreasonable.
            if (spec.rsa_bits < 2048 || spec.rsa_bits > 16384) {
                return Error(Status::kTlsUnsupportedPublicCipher, "key generation: RSA size must be 2048..16384");
            }
            raw = generate_rsa(spec.type == KeyType::kRsa ? "RSA" : "RSA-PSS", spec.rsa_bits, propq);
            break;
        case KeyType::kEc: {
            const char* group = ec_group_name(spec.curve);
            if (group == nullptr) {
                return Error(Status::kTlsUnsupportedEccCurve, "key generation: no such curve");
            }
            raw = EVP_PKEY_Q_keygen(nullptr, propq, "EC", group);
            break;
        }
        case KeyType::kEd25519:
            raw = EVP_PKEY_Q_keygen(nullptr, propq, "ED25519");
            break;
        case KeyType::kEd448:
            raw = EVP_PKEY_Q_keygen(nullptr, propq, "ED448");
            break;
    }
    if (raw == nullptr) {
        return fail(Status::kTlsMissingCryptoRoutine, "key generation failed");
    }
    return wrap_private(algorithms, PkeyPtr(raw), Status::kX509InvalidPrivateKeyType);
}

}  // namespace nxs::crypto::openssl
