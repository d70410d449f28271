// Hashes and HMAC on EVP_MD / EVP_MAC, using the digests fetched when the provider was made. The one-shot HMAC
// (hmac_once) is in kdf.cpp, written out on the digest like HKDF's.
#include <utility>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

Result<const EVP_MD*> digest(const Algorithms& algorithms, HashAlgorithm hash) {
    if (index_of(hash) >= kHashCount || !algorithms.md[index_of(hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine, std::string(hash_name(hash)) + " is not available");
    }
    return static_cast<const EVP_MD*>(algorithms.md[index_of(hash)].get());
}

Result<void> check_output(HashAlgorithm hash, MutableBytes out) {
    if (out.size() < hash_length(hash)) {
        return Error(Status::kTlsInsufficientMetadataSpace, "output buffer is shorter than the hash");
    }
    return {};
}

class OsslHashContext final : public HashContext {
public:
    OsslHashContext(AlgorithmsPtr algorithms, HashAlgorithm hash, MdCtxPtr ctx)
        : m_algorithms(std::move(algorithms)), m_hash(hash), m_ctx(std::move(ctx)) {}

    HashAlgorithm algorithm() const noexcept override { return m_hash; }

    Result<void> update(Bytes data) override {
        if (EVP_DigestUpdate(m_ctx.get(), data.data(), data.size()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "hash update failed");
        }
        return {};
    }

    Result<void> finish(MutableBytes out) override {
        NXS_TRY(check_output(m_hash, out));
        if (EVP_DigestFinal_ex(m_ctx.get(), out.data(), nullptr) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "hash finish failed");
        }
        // Ready for the next message, as the interface promises; the fetched digest is reused, not re-fetched.
        if (EVP_DigestInit_ex2(m_ctx.get(), m_algorithms->md[index_of(m_hash)].get(), nullptr) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "hash reset failed");
        }
        return {};
    }

    Result<std::unique_ptr<HashContext>> clone() const override {
        MdCtxPtr copy(EVP_MD_CTX_new());
        if (!copy || EVP_MD_CTX_copy_ex(copy.get(), m_ctx.get()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "hash clone failed");
        }
        return std::unique_ptr<HashContext>(std::make_unique<OsslHashContext>(m_algorithms, m_hash, std::move(copy)));
    }

    Result<void> hash_so_far(MutableBytes out) override {
        NXS_TRY(check_output(m_hash, out));
        // The running state is copied into a bare digest context and finished there: no HashContext object, no
        // re-initialisation of the copy afterwards. The copy is not kept between calls: a connection keeps its
        // transcript after the handshake (post-handshake authentication), and an idle connection should not hold a
        // second digest state for it.
        const MdCtxPtr copy(EVP_MD_CTX_new());
        if (!copy || EVP_MD_CTX_copy_ex(copy.get(), m_ctx.get()) <= 0 ||
            EVP_DigestFinal_ex(copy.get(), out.data(), nullptr) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "hash copy failed");
        }
        return {};
    }

private:
    AlgorithmsPtr m_algorithms;
    HashAlgorithm m_hash;
    MdCtxPtr m_ctx;
};

// A keyed HMAC context: a copy of the provider's per-hash template (digest already set) with the key applied.
Result<MacCtxPtr> keyed_hmac(const Algorithms& algorithms, HashAlgorithm hash, Bytes key) {
    if (index_of(hash) >= kHashCount || !algorithms.hmac_template[index_of(hash)]) {
        return Error(Status::kTlsMissingCryptoRoutine, "HMAC-" + std::string(hash_name(hash)) + " is not available");
    }
    MacCtxPtr ctx(EVP_MAC_CTX_dup(algorithms.hmac_template[index_of(hash)].get()));
    // A null key would mean "re-use the previous key" to EVP_MAC_init; an empty HMAC key is valid (RFC 2104).
    if (!ctx || EVP_MAC_init(ctx.get(), data_or_empty(key), key.size(), nullptr) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "HMAC key setup failed");
    }
    return ctx;
}

class OsslHmacContext final : public HmacContext {
public:
    OsslHmacContext(HashAlgorithm hash, MacCtxPtr ctx) : m_hash(hash), m_ctx(std::move(ctx)) {}

    Result<void> update(Bytes data) override {
        if (EVP_MAC_update(m_ctx.get(), data.data(), data.size()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "HMAC update failed");
        }
        return {};
    }

    Result<void> finish(MutableBytes out) override {
        NXS_TRY(check_output(m_hash, out));
        std::size_t written = 0;
        if (EVP_MAC_final(m_ctx.get(), out.data(), &written, out.size()) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "HMAC finish failed");
        }
        // A null key restarts the MAC under the key it already holds.
        if (EVP_MAC_init(m_ctx.get(), nullptr, 0, nullptr) <= 0) {
            return fail(Status::kTlsMissingCryptoRoutine, "HMAC reset failed");
        }
        return {};
    }

private:
    HashAlgorithm m_hash;
    MacCtxPtr m_ctx;
};

}  // namespace

Result<std::unique_ptr<HashContext>> new_hash(const AlgorithmsPtr& algorithms, HashAlgorithm hash) {
    NXS_TRY_ASSIGN(const EVP_MD* md, digest(*algorithms, hash));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "hash init failed");
    }
    return std::unique_ptr<HashContext>(std::make_unique<OsslHashContext>(algorithms, hash, std::move(ctx)));
}

Result<void> hash_once(const Algorithms& algorithms, HashAlgorithm hash, Bytes data, MutableBytes out) {
    NXS_TRY_ASSIGN(const EVP_MD* md, digest(algorithms, hash));
    NXS_TRY(check_output(hash, out));
    if (EVP_Digest(data_or_empty(data), data.size(), out.data(), nullptr, md, nullptr) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "hash failed");
    }
    return {};
}

Result<std::unique_ptr<HmacContext>> new_hmac(const AlgorithmsPtr& algorithms, HashAlgorithm hash, Bytes key) {
    NXS_TRY_ASSIGN(MacCtxPtr ctx, keyed_hmac(*algorithms, hash, key));
    return std::unique_ptr<HmacContext>(std::make_unique<OsslHmacContext>(hash, std::move(ctx)));
}

}  // namespace nxs::crypto::openssl
