// The OpenSSL 3 libcrypto provider: fetches every algorithm once, when it is made (OpenSSL 3's fetch takes a lock
// and a method-store lookup, far too slow for per-record use), and hands the table to the objects it creates.
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <string>
#include <utility>

#include "crypto/openssl/openssl_provider.h"
#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

const char* md_name(HashAlgorithm hash) noexcept {
    switch (hash) {
        case HashAlgorithm::kSha1:
            return "SHA1";
        case HashAlgorithm::kSha256:
            return "SHA256";
        case HashAlgorithm::kSha384:
            return "SHA384";
        case HashAlgorithm::kSha512:
            return "SHA512";
    }
    return "";
}

const char* key_import_name(KeyImport type) noexcept {
    switch (type) {
        case KeyImport::kX25519:
            return "X25519";
        case KeyImport::kX448:
            return "X448";
        case KeyImport::kEc:
            return "EC";
        case KeyImport::kDh:
            return "DH";
    }
    return "";
}

const char* ec_group_name(EcCurve curve) noexcept {
    switch (curve) {
        case EcCurve::kP256:
            return "P-256";
        case EcCurve::kP384:
            return "P-384";
        case EcCurve::kP521:
            return "P-521";
        case EcCurve::kNone:
            break;
    }
    return nullptr;
}

Error fail(Status status, std::string_view what) {
    std::string message(what);
    const unsigned long code = ERR_peek_last_error();
    if (code != 0) {
        if (const char* reason = ERR_reason_error_string(code); reason != nullptr) {
            message += " (";
            message += reason;
            message += ")";
        }
    }
    ERR_clear_error();
    return Error(status, std::move(message));
}

void clear_errors() noexcept {
    ERR_clear_error();
}

namespace {

constexpr std::uint8_t kEmpty[1] = {0};

}  // namespace

const std::uint8_t* data_or_empty(Bytes bytes) noexcept {
    return bytes.empty() ? kEmpty : bytes.data();
}

std::uint8_t* data_or_empty(MutableBytes bytes) noexcept {
    // Only ever used with a zero length, so nothing is written through it.
    static std::uint8_t empty[1] = {0};
    return bytes.empty() ? empty : bytes.data();
}

namespace {

bool has_keymgmt(const char* name, const char* propq) {
    EVP_KEYMGMT* keymgmt = EVP_KEYMGMT_fetch(nullptr, name, propq);
    EVP_KEYMGMT_free(keymgmt);
    return keymgmt != nullptr;
}

// A context ready for EVP_PKEY_fromdata() with the key type `name`, or null if it is unavailable.
PkeyCtxPtr key_import_context(const char* name, const char* propq) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, name, propq));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) {
        return nullptr;
    }
    return ctx;
}

// The RFC 7919 prime of a named FFDHE group, read from OpenSSL's built-in group table.
BnPtr ffdhe_prime(const char* group, const char* propq) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", propq));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) {
        return nullptr;
    }
    std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEY_PARAMETERS, params.data()) <= 0) {
        return nullptr;
    }
    PkeyPtr pkey(raw);
    BIGNUM* p = nullptr;
    if (EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_FFC_P, &p) <= 0) {
        return nullptr;
    }
    return BnPtr(p);
}

std::shared_ptr<Algorithms> fetch_algorithms(std::string properties) {
    auto table = std::make_shared<Algorithms>();
    table->properties = std::move(properties);
    const char* propq = table->propq();

    for (const HashAlgorithm hash :
         {HashAlgorithm::kSha1, HashAlgorithm::kSha256, HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
        table->md[index_of(hash)].reset(EVP_MD_fetch(nullptr, md_name(hash), propq));
    }
    table->hmac.reset(EVP_MAC_fetch(nullptr, "HMAC", propq));
    if (table->hmac) {
        for (std::size_t i = 0; i < kHashCount; ++i) {
            if (!table->md[i]) {
                continue;
            }
            MacCtxPtr ctx(EVP_MAC_CTX_new(table->hmac.get()));
            std::array<OSSL_PARAM, 3> params = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 const_cast<char*>(EVP_MD_get0_name(table->md[i].get())), 0),
                OSSL_PARAM_construct_end(),
                OSSL_PARAM_construct_end(),
            };
            if (!table->properties.empty()) {
                params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_PROPERTIES, table->properties.data(), 0);
            }
            if (ctx && EVP_MAC_CTX_set_params(ctx.get(), params.data()) > 0) {
                table->hmac_template[i] = std::move(ctx);
            }
        }
    }
    table->hkdf.reset(EVP_KDF_fetch(nullptr, "HKDF", propq));
    table->tls1_prf.reset(EVP_KDF_fetch(nullptr, "TLS1-PRF", propq));

    table->aead[index_of(AeadAlgorithm::kAes128Gcm)].reset(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", propq));
    table->aead[index_of(AeadAlgorithm::kAes256Gcm)].reset(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", propq));
    table->aead[index_of(AeadAlgorithm::kChaCha20Poly1305)].reset(
        EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", propq));
    // CCM and CCM_8 are one cipher; the tag length is set per key (RFC 6655).
    table->aead[index_of(AeadAlgorithm::kAes128Ccm)].reset(EVP_CIPHER_fetch(nullptr, "AES-128-CCM", propq));
    table->aead[index_of(AeadAlgorithm::kAes128Ccm8)].reset(EVP_CIPHER_fetch(nullptr, "AES-128-CCM", propq));
    table->cbc[index_of(CbcAlgorithm::kAes128Cbc)].reset(EVP_CIPHER_fetch(nullptr, "AES-128-CBC", propq));
    table->cbc[index_of(CbcAlgorithm::kAes256Cbc)].reset(EVP_CIPHER_fetch(nullptr, "AES-256-CBC", propq));

    table->has_x25519 = has_keymgmt("X25519", propq);
    table->has_x448 = has_keymgmt("X448", propq);
    table->has_ec = has_keymgmt("EC", propq);
    table->has_dh = has_keymgmt("DH", propq);
    table->has_rsa = has_keymgmt("RSA", propq);
    table->has_rsa_pss = has_keymgmt("RSA-PSS", propq);
    table->has_ed25519 = has_keymgmt("ED25519", propq);
    table->has_ed448 = has_keymgmt("ED448", propq);

    const std::array<std::pair<KeyImport, bool>, kKeyImportCount> key_types = {{
        {KeyImport::kX25519, table->has_x25519},
        {KeyImport::kX448, table->has_x448},
        {KeyImport::kEc, table->has_ec},
        {KeyImport::kDh, table->has_dh},
    }};
    for (const auto& [type, available] : key_types) {
        if (available) {
            table->key_import[index_of(type)] = key_import_context(key_import_name(type), propq);
        }
    }

    table->xdh_base_point[index_of(KeyImport::kX25519)] = xdh_base_point(*table, NamedGroup::kX25519);
    table->xdh_base_point[index_of(KeyImport::kX448)] = xdh_base_point(*table, NamedGroup::kX448);

    if (table->has_ec) {
        const std::array<int, 3> nids = {NID_X9_62_prime256v1, NID_secp384r1, NID_secp521r1};
        for (std::size_t i = 0; i < nids.size(); ++i) {
            table->ec_group[i].reset(EC_GROUP_new_by_curve_name_ex(nullptr, propq, nids[i]));
        }
    }
    if (table->has_dh) {
        table->ffdhe_prime[0] = ffdhe_prime("ffdhe2048", propq);
        table->ffdhe_prime[1] = ffdhe_prime("ffdhe3072", propq);
        table->ffdhe_prime[2] = ffdhe_prime("ffdhe4096", propq);
        table->ffdhe_prime[3] = ffdhe_prime("ffdhe6144", propq);
        table->ffdhe_prime[4] = ffdhe_prime("ffdhe8192", propq);
    }
    // Failed fetches are expected (they mean "unsupported") and must not leak into later error messages.
    clear_errors();
    return table;
}

class OpensslProvider final : public Provider {
public:
    explicit OpensslProvider(AlgorithmsPtr algorithms) : m_algorithms(std::move(algorithms)) {}

    std::string_view name() const noexcept override { return "openssl"; }

    bool supports(AeadAlgorithm aead) const noexcept override {
        return index_of(aead) < kAeadCount && m_algorithms->aead[index_of(aead)] != nullptr;
    }
    bool supports(NamedGroup group) const noexcept override { return supports_group(*m_algorithms, group); }
    bool supports(SignatureScheme scheme) const noexcept override { return supports_scheme(*m_algorithms, scheme); }

    Result<std::unique_ptr<HashContext>> new_hash(HashAlgorithm hash) const override {
        return openssl::new_hash(m_algorithms, hash);
    }
    Result<void> hash(HashAlgorithm hash, Bytes data, MutableBytes out) const override {
        return hash_once(*m_algorithms, hash, data, out);
    }
    Result<std::unique_ptr<HmacContext>> new_hmac(HashAlgorithm hash, Bytes key) const override {
        return openssl::new_hmac(m_algorithms, hash, key);
    }
    Result<void> hmac(HashAlgorithm hash, Bytes key, Bytes data, MutableBytes out) const override {
        return hmac_once(*m_algorithms, hash, key, data, out);
    }
    Result<Secret> hkdf_extract(HashAlgorithm hash, Bytes salt, Bytes ikm) const override {
        return openssl::hkdf_extract(*m_algorithms, hash, salt, ikm);
    }
    Result<Secret> hkdf_expand(HashAlgorithm hash, Bytes prk, Bytes info, std::size_t length) const override {
        return openssl::hkdf_expand(*m_algorithms, hash, prk, info, length);
    }
    Result<std::unique_ptr<HkdfPrk>> new_hkdf_prk(HashAlgorithm hash, Bytes prk) const override {
        return openssl::new_hkdf_prk(m_algorithms, hash, prk);
    }
    Result<Secret> tls12_prf(HashAlgorithm hash, Bytes secret, std::string_view label, Bytes seed,
                             std::size_t length) const override {
        return openssl::tls12_prf(*m_algorithms, hash, secret, label, seed, length);
    }
    Result<std::unique_ptr<AeadKey>> new_aead(AeadAlgorithm aead, Bytes key) const override {
        return openssl::new_aead(m_algorithms, aead, key, AeadUse::kSealAndOpen);
    }

    Result<std::unique_ptr<AeadKey>> new_aead_for(AeadUse use, AeadAlgorithm aead, Bytes key) const override {
        return openssl::new_aead(m_algorithms, aead, key, use);
    }
    Result<std::unique_ptr<CbcKey>> new_cbc(CbcAlgorithm cbc, Bytes key) const override {
        return openssl::new_cbc(m_algorithms, cbc, key);
    }
    Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) const override {
        return openssl::generate_key_share(m_algorithms, group);
    }
    Result<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group, Bytes private_key) const override {
        return openssl::key_share_from_private(m_algorithms, group, private_key);
    }
    Result<std::unique_ptr<PublicKey>> load_public_key(Bytes spki_der) const override {
        return openssl::load_public_key(m_algorithms, spki_der);
    }
    Result<std::unique_ptr<PrivateKey>> load_private_key(PrivateKeyFormat format, Bytes der) const override {
        return openssl::load_private_key(m_algorithms, format, der);
    }
    Result<std::unique_ptr<PrivateKey>> generate_private_key(const KeySpec& spec) const override {
        return openssl::generate_private_key(m_algorithms, spec);
    }
    Rng& rng() const noexcept override { return openssl_rng(); }

private:
    AlgorithmsPtr m_algorithms;
};

}  // namespace

std::shared_ptr<const Provider> make_provider(const ProviderOptions& options) {
    return std::make_shared<const OpensslProvider>(fetch_algorithms(options.properties));
}

}  // namespace nxs::crypto::openssl

namespace nxs::crypto {

std::shared_ptr<const Provider> default_provider() {
    // C++11 guarantees a function-local static is initialised once, even with concurrent first calls.
    static const std::shared_ptr<const Provider> provider = openssl::make_provider();
    return provider;
}

}  // namespace nxs::crypto
