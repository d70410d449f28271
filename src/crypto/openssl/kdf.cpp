// HKDF (RFC 5869) and the one-shot HMAC on the provider's fetched digest, and the TLS 1.2 PRF (RFC 5246 §5) on
// EVP_KDF.
//
// HKDF is HMAC, and HMAC is two digests (RFC 2104). Through EVP_KDF, OpenSSL 3.0 spends about 20,000 instructions
// on one HKDF-Expand of a TLS 1.3 label (a KDF context, parameter parsing, an HMAC context with three digest
// contexts of its own), while the four compression-function calls it needs are a small part of that; a TLS 1.3
// handshake makes about 20 such calls per side. Hashing the HMAC pads directly with the fetched EVP_MD halves the
// cost (docs/performance.md); RFC 5869, RFC 8448 and Wycheproof's HKDF vectors check it. new_hkdf_prk() goes one
// step further for a secret that is expanded several times: the padded keys are hashed once, and each expansion
// continues from copies of those two digest states.
//
// The TLS 1.2 PRF stays on EVP_KDF: its methods are fetched once per provider, and each call makes a context from the
// fetched method and names the digest (OpenSSL 3.0's KDF contexts cannot be duplicated).
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <utility>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

Result<KdfCtxPtr> new_kdf_ctx(const Algorithms& algorithms, EVP_KDF* kdf, HashAlgorithm hash, std::string_view what) {
    if (kdf == nullptr || index_of(hash) >= kHashCount || !algorithms.md[index_of(hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine,
                     std::string(what) + " with " + std::string(hash_name(hash)) + " is not available");
    }
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
    if (!ctx) {
        return fail(Status::kTlsMissingCryptoRoutine, std::string(what) + ": no context");
    }
    return ctx;
}

OSSL_PARAM octets(const char* key, Bytes bytes) {
    // EVP_KDF copies parameters on set; the const_cast only satisfies OSSL_PARAM's non-const field.
    return OSSL_PARAM_construct_octet_string(key, const_cast<std::uint8_t*>(data_or_empty(bytes)), bytes.size());
}

OSSL_PARAM digest_param(HashAlgorithm hash) {
    return OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(md_name(hash)), 0);
}

OSSL_PARAM properties_param(const Algorithms& algorithms) {
    if (algorithms.properties.empty()) {
        return OSSL_PARAM_construct_end();
    }
    return OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_PROPERTIES, const_cast<char*>(algorithms.properties.c_str()),
                                            0);
}

// The fetched digest for `hash`, if HKDF is available with it under this provider's properties.
Result<const EVP_MD*> hkdf_digest(const Algorithms& algorithms, HashAlgorithm hash, std::string_view what) {
    if (!algorithms.hkdf || index_of(hash) >= kHashCount || !algorithms.md[index_of(hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine,
                     std::string(what) + " with " + std::string(hash_name(hash)) + " is not available");
    }
    return algorithms.md[index_of(hash)].get();
}

// The largest digest block (SHA-384/512) and output this file handles.
constexpr std::size_t kMaxBlock = 128;
constexpr std::size_t kMaxDigest = 64;

bool digest_fits(const EVP_MD* md) noexcept {
    return static_cast<std::size_t>(EVP_MD_get_block_size(md)) <= kMaxBlock &&
           static_cast<std::size_t>(EVP_MD_get_size(md)) <= kMaxDigest;
}

// RFC 2104: K hashed first when longer than a block and zero-padded to one, then XORed with ipad (0x36).
bool ipad_key(EVP_MD_CTX* ctx, const EVP_MD* md, Bytes key, std::array<std::uint8_t, kMaxBlock>& pad) {
    const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    unsigned int length = 0;
    if (key.size() > block) {
        if (EVP_DigestInit_ex2(ctx, md, nullptr) != 1 || EVP_DigestUpdate(ctx, data_or_empty(key), key.size()) != 1 ||
            EVP_DigestFinal_ex(ctx, pad.data(), &length) != 1) {
            return false;
        }
    } else if (!key.empty()) {
        std::copy(key.begin(), key.end(), pad.begin());
    }
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] ^= 0x36;
    }
    return true;
}

// 0x36 ^ 0x5c turns the ipad key into the opad key.
void ipad_to_opad(const EVP_MD* md, std::array<std::uint8_t, kMaxBlock>& pad) noexcept {
    const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] ^= 0x36 ^ 0x5c;
    }
}

// RFC 2104: HMAC(K, text) = H((K ^ opad) || H((K ^ ipad) || text)); `text` is the concatenation of `parts`. `out`
// is the digest's size.
Result<void> hmac_by_digests(EVP_MD_CTX* ctx, const EVP_MD* md, Bytes key, std::initializer_list<Bytes> parts,
                             MutableBytes out) {
    const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    const auto size = static_cast<std::size_t>(EVP_MD_get_size(md));
    if (!digest_fits(md) || out.size() != size) {
        return Error(Status::kTlsMissingCryptoRoutine, "HMAC: unexpected digest geometry");
    }
    std::array<std::uint8_t, kMaxBlock> pad{};
    std::array<std::uint8_t, kMaxDigest> inner{};
    unsigned int length = 0;
    bool ok = ipad_key(ctx, md, key, pad);
    // Inner: (K ^ ipad) || text.
    ok = ok && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, pad.data(), block) == 1;
    for (const Bytes part : parts) {
        ok = ok && EVP_DigestUpdate(ctx, data_or_empty(part), part.size()) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(ctx, inner.data(), &length) == 1;
    // Outer: (K ^ opad) || inner.
    ipad_to_opad(md, pad);
    ok = ok && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, pad.data(), block) == 1 &&
         EVP_DigestUpdate(ctx, inner.data(), size) == 1 && EVP_DigestFinal_ex(ctx, out.data(), &length) == 1;
    OPENSSL_cleanse(pad.data(), pad.size());
    OPENSSL_cleanse(inner.data(), inner.size());
    if (!ok) {
        return fail(Status::kTlsMissingCryptoRoutine, "HMAC digest failed");
    }
    return {};
}

Result<MdCtxPtr> new_md_ctx() {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx) {
        return fail(Status::kTlsMissingCryptoRoutine, "HKDF: no digest context");
    }
    return ctx;
}

// RFC 5869 §2.3: T(0) = empty; T(i) = HMAC-Hash(PRK, T(i-1) | info | i); OKM = the first L octets of
// T(1) | T(2) | ..., with L <= 255 * HashLen. `block(previous, counter, t)` computes one T(i) (hash_len bytes) into t,
// from T(i-1) (empty for i = 1) and i; how the HMAC is computed is the caller's. The blocks are wiped.
template <typename Block>
Result<Secret> expand_blocks(std::size_t hash_len, std::size_t length, Block&& block) {
    if (length > 255 * hash_len) {
        return Error(Status::kTlsCryptoKeysTooLarge, "HKDF-Expand: length exceeds 255 * HashLen");
    }
    Secret okm(length);
    std::array<std::uint8_t, kMaxDigest> t{};
    Bytes previous;
    Result<void> made;
    for (std::size_t done = 0, i = 1; done < length; ++i) {
        made = block(previous, static_cast<std::uint8_t>(i), MutableBytes(t.data(), hash_len));
        if (!made.ok()) {
            break;
        }
        const std::size_t take = std::min(hash_len, length - done);
        std::copy_n(t.begin(), take, okm.data() + done);
        done += take;
        previous = Bytes(t.data(), hash_len);
    }
    OPENSSL_cleanse(t.data(), t.size());
    if (!made.ok()) {
        return std::move(made).error();
    }
    return okm;
}

// The PRK's HMAC keyed once: two digest contexts that have absorbed K ^ ipad and K ^ opad. An expansion copies each
// (OpenSSL duplicates the running state) and hashes only T(i-1) | info | i and the inner digest: two
// compression-function calls per block of output instead of four, and no key padding per call. The contexts hold
// key-dependent state; EVP_MD_CTX_free has the provider wipe it.
class OsslHkdfPrk final : public HkdfPrk {
public:
    OsslHkdfPrk(AlgorithmsPtr algorithms, HashAlgorithm hash, const EVP_MD* md, MdCtxPtr inner, MdCtxPtr outer) noexcept
        : m_algorithms(std::move(algorithms)),
          m_hash(hash),
          m_md(md),
          m_inner(std::move(inner)),
          m_outer(std::move(outer)) {}

    HashAlgorithm hash() const noexcept override { return m_hash; }

    Result<Secret> expand(Bytes info, std::size_t length) const override {
        const auto hash_len = static_cast<std::size_t>(EVP_MD_get_size(m_md));
        NXS_TRY_ASSIGN(const MdCtxPtr ctx, new_md_ctx());
        return expand_blocks(
            hash_len, length, [&](Bytes previous, std::uint8_t counter, MutableBytes t) -> Result<void> {
                unsigned int written = 0;
                const bool ok = EVP_MD_CTX_copy_ex(ctx.get(), m_inner.get()) == 1 &&
                                EVP_DigestUpdate(ctx.get(), data_or_empty(previous), previous.size()) == 1 &&
                                EVP_DigestUpdate(ctx.get(), data_or_empty(info), info.size()) == 1 &&
                                EVP_DigestUpdate(ctx.get(), &counter, 1) == 1 &&
                                EVP_DigestFinal_ex(ctx.get(), t.data(), &written) == 1 &&
                                EVP_MD_CTX_copy_ex(ctx.get(), m_outer.get()) == 1 &&
                                EVP_DigestUpdate(ctx.get(), t.data(), t.size()) == 1 &&
                                EVP_DigestFinal_ex(ctx.get(), t.data(), &written) == 1;
                if (!ok) {
                    return fail(Status::kTlsMissingCryptoRoutine, "HKDF-Expand digest failed");
                }
                return {};
            });
    }

private:
    AlgorithmsPtr m_algorithms;  // keeps m_md alive
    HashAlgorithm m_hash;
    const EVP_MD* m_md;
    MdCtxPtr m_inner;
    MdCtxPtr m_outer;
};

}  // namespace

Result<void> hmac_once(const Algorithms& algorithms, HashAlgorithm hash, Bytes key, Bytes data, MutableBytes out) {
    // The same availability as new_hmac(): HMAC must be fetchable with this digest under the provider's properties,
    // although the one-shot MAC does not use EVP_MAC. A TLS 1.3 Finished or PSK binder is one such HMAC of a
    // transcript hash; through EVP_MAC (a MAC context duplicated and keyed per call) it costs about twice as much.
    const std::size_t size = hash_length(hash);
    if (out.size() < size) {
        return Error(Status::kTlsInsufficientMetadataSpace, "output buffer is shorter than the hash");
    }
    if (index_of(hash) >= kHashCount || !algorithms.hmac_template[index_of(hash)] || !algorithms.md[index_of(hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine, "HMAC-" + std::string(hash_name(hash)) + " is not available");
    }
    NXS_TRY_ASSIGN(const MdCtxPtr ctx, new_md_ctx());
    return hmac_by_digests(ctx.get(), algorithms.md[index_of(hash)].get(), key, {data}, out.first(size));
}

Result<Secret> hkdf_extract(const Algorithms& algorithms, HashAlgorithm hash, Bytes salt, Bytes ikm) {
    NXS_TRY_ASSIGN(const EVP_MD* md, hkdf_digest(algorithms, hash, "HKDF-Extract"));
    NXS_TRY_ASSIGN(const MdCtxPtr ctx, new_md_ctx());
    // RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). An absent salt is HashLen zeros; HMAC pads an empty key with zeros,
    // so both agree.
    Secret prk(hash_length(hash));
    NXS_TRY(hmac_by_digests(ctx.get(), md, salt, {ikm}, prk.span()));
    return prk;
}

Result<Secret> hkdf_expand(const Algorithms& algorithms, HashAlgorithm hash, Bytes prk, Bytes info,
                           std::size_t length) {
    NXS_TRY_ASSIGN(const EVP_MD* md, hkdf_digest(algorithms, hash, "HKDF-Expand"));
    NXS_TRY_ASSIGN(const MdCtxPtr ctx, new_md_ctx());
    return expand_blocks(hash_length(hash), length, [&](Bytes previous, std::uint8_t counter, MutableBytes t) {
        return hmac_by_digests(ctx.get(), md, prk, {previous, info, Bytes(&counter, 1)}, t);
    });
}

Result<std::unique_ptr<HkdfPrk>> new_hkdf_prk(const AlgorithmsPtr& algorithms, HashAlgorithm hash, Bytes prk) {
    NXS_TRY_ASSIGN(const EVP_MD* md, hkdf_digest(*algorithms, hash, "HKDF-Expand"));
    if (!digest_fits(md)) {
        return Error(Status::kTlsMissingCryptoRoutine, "HMAC: unexpected digest geometry");
    }
    NXS_TRY_ASSIGN(MdCtxPtr inner, new_md_ctx());
    NXS_TRY_ASSIGN(MdCtxPtr outer, new_md_ctx());
    const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    std::array<std::uint8_t, kMaxBlock> pad{};
    bool ok = ipad_key(inner.get(), md, prk, pad) && EVP_DigestInit_ex2(inner.get(), md, nullptr) == 1 &&
              EVP_DigestUpdate(inner.get(), pad.data(), block) == 1;
    ipad_to_opad(md, pad);
    ok = ok && EVP_DigestInit_ex2(outer.get(), md, nullptr) == 1 &&
         EVP_DigestUpdate(outer.get(), pad.data(), block) == 1;
    OPENSSL_cleanse(pad.data(), pad.size());
    if (!ok) {
        return fail(Status::kTlsMissingCryptoRoutine, "HKDF: keying the HMAC failed");
    }
    return std::unique_ptr<HkdfPrk>(
        std::make_unique<OsslHkdfPrk>(algorithms, hash, md, std::move(inner), std::move(outer)));
}

Result<Secret> tls12_prf(const Algorithms& algorithms, HashAlgorithm hash, Bytes secret, std::string_view label,
                         Bytes seed, std::size_t length) {
    NXS_TRY_ASSIGN(KdfCtxPtr ctx, new_kdf_ctx(algorithms, algorithms.tls1_prf.get(), hash, "TLS 1.2 PRF"));
    if (length == 0) {
        return Secret();
    }
    const Bytes label_bytes(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
    // RFC 5246 §5: PRF(secret, label, seed) = P_<hash>(secret, label + seed). TLS1-PRF concatenates repeated
    // seed parameters in order, so label and seed go in as two.
    std::array<OSSL_PARAM, 6> params = {
        digest_param(hash),
        octets(OSSL_KDF_PARAM_SECRET, secret),
        octets(OSSL_KDF_PARAM_SEED, label_bytes),
        octets(OSSL_KDF_PARAM_SEED, seed),
        properties_param(algorithms),
        OSSL_PARAM_construct_end(),
    };
    Secret out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params.data()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "TLS 1.2 PRF failed");
    }
    return out;
}

}  // namespace nxs::crypto::openssl
