// AEAD record protection (AES-GCM, ChaCha20-Poly1305, AES-CCM, AES-CCM_8) and AES-CBC for TLS 1.2 CBC suites.
//
// Each key keeps one EVP_CIPHER_CTX per direction with the key schedule set up once. A record only sets the nonce
// (EVP_CipherInit_ex2 with a null cipher and key keeps both), so seal/open allocate nothing and fetch nothing. Both
// work in place or from one buffer into another (seal_from, open_into: EVP reads its input and writes its output
// separately, so the copy costs nothing beyond the cipher). One context per direction, not one switched back and
// forth: OpenSSL picks direction-specific code when the key is set (AES-NI CCM's block function, the AES decryption
// key schedule for CBC), so a context keyed for encryption does not decrypt correctly.
//
// A key made for one direction (Provider::new_aead_for: a record layer's read or write key, RFC 8446 §7.3) has only
// that direction's context. A TLS 1.3 handshake pair then sets up eight contexts instead of sixteen, and an
// established connection holds two instead of four, as OpenSSL's libssl does (one cipher context per direction).
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#include "crypto/openssl/ossl_common.h"

namespace nxs::crypto::openssl {

namespace {

bool fits_int(std::size_t n) noexcept {
    return n <= static_cast<std::size_t>(std::numeric_limits<int>::max());
}

// What a context needs between choosing the cipher and setting the key.
struct ContextSetup {
    enum class Kind : std::uint8_t {
        kNone,       // AES-GCM, ChaCha20-Poly1305: 12-byte nonces are the default
        kCcm,        // the nonce length and tag length M must be set before the key
        kNoPadding,  // AES-CBC: the TLS 1.2 record layer pads itself
    };
    Kind kind = Kind::kNone;
    int tag_length = 0;  // kCcm only
};

Result<void> configure(EVP_CIPHER_CTX* ctx, const ContextSetup& setup, std::string_view name) {
    switch (setup.kind) {
        case ContextSetup::Kind::kNone:
            return {};
        case ContextSetup::Kind::kCcm:
            // CCM's nonce length (12, RFC 8446 §5.3, fixes L = 3, RFC 3610 §2; OpenSSL's default is 7) and tag
            // length M.
            if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(kAeadNonceLength), nullptr) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": nonce length setup failed");
            }
            if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, setup.tag_length, nullptr) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": CCM tag length setup failed");
            }
            return {};
        case ContextSetup::Kind::kNoPadding:
            if (EVP_CIPHER_CTX_set_padding(ctx, 0) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": padding setup failed");
            }
            return {};
    }
    return Error(Status::kTlsInvalidState, "cipher context setup: unknown kind");
}

// A key's contexts, one per direction it was made for, each with the key schedule set up. The caller has checked the
// key's length against the algorithm's (a context is not asked: each query costs a parameter round trip through the
// provider). A direction the key was not made for is a caller's mistake: NX_SECURE_TLS_INVALID_STATE.
class CipherContexts {
public:
    static constexpr int kEncrypt = 1;
    static constexpr int kDecrypt = 0;

    static Result<CipherContexts> make(AlgorithmsPtr algorithms, const EVP_CIPHER* cipher, std::string_view name,
                                       const ContextSetup& setup, Bytes key, AeadUse use) {
        CipherContexts contexts(std::move(algorithms));
        if (use != AeadUse::kOpenOnly) {
            NXS_TRY_ASSIGN(contexts.m_contexts[kEncrypt], keyed_context(cipher, name, setup, key, kEncrypt));
        }
        if (use != AeadUse::kSealOnly) {
            NXS_TRY_ASSIGN(contexts.m_contexts[kDecrypt], keyed_context(cipher, name, setup, key, kDecrypt));
        }
        return contexts;
    }

    // The context for `encrypt` (kEncrypt or kDecrypt).
    Result<EVP_CIPHER_CTX*> get(int encrypt) const {
        EVP_CIPHER_CTX* ctx = m_contexts[static_cast<std::size_t>(encrypt)].get();
        if (ctx == nullptr) {
            return Error(Status::kTlsInvalidState, encrypt == kEncrypt ? "this key was made for opening only"
                                                                       : "this key was made for sealing only");
        }
        return ctx;
    }

private:
    explicit CipherContexts(AlgorithmsPtr algorithms) noexcept : m_algorithms(std::move(algorithms)) {}

    static Result<CipherCtxPtr> keyed_context(const EVP_CIPHER* cipher, std::string_view name,
                                              const ContextSetup& setup, Bytes key, int encrypt) {
        CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
        if (setup.kind == ContextSetup::Kind::kNone) {
            // Cipher and key in one call.
            if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nullptr, encrypt, nullptr) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": key setup failed");
            }
            return ctx;
        }
        if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, encrypt, nullptr) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": context setup failed");
        }
        NXS_TRY(configure(ctx.get(), setup, name));
        if (EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), nullptr, encrypt, nullptr) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, std::string(name) + ": key setup failed");
        }
        return ctx;
    }

    AlgorithmsPtr m_algorithms;              // keeps the fetched cipher alive as long as the contexts
    std::array<CipherCtxPtr, 2> m_contexts;  // [kDecrypt], [kEncrypt]; empty for a direction not made
};

class OsslAeadKey final : public AeadKey {
public:
    OsslAeadKey(AeadAlgorithm aead, CipherContexts contexts) noexcept
        : m_aead(aead), m_ccm(is_ccm(aead)), m_contexts(std::move(contexts)) {}

    static bool is_ccm(AeadAlgorithm aead) noexcept {
        return aead == AeadAlgorithm::kAes128Ccm || aead == AeadAlgorithm::kAes128Ccm8;
    }

    AeadAlgorithm algorithm() const noexcept override { return m_aead; }

    Result<void> seal(Bytes nonce, Bytes aad, MutableBytes in_out, MutableBytes tag) override {
        return seal_from(nonce, aad, in_out, in_out, tag);
    }

    Result<void> open(Bytes nonce, Bytes aad, MutableBytes in_out, Bytes tag) override {
        return open_into(nonce, aad, in_out, in_out, tag);
    }

    Result<void> seal_from(Bytes nonce, Bytes aad, Bytes head, MutableBytes out, MutableBytes tag) override {
        const std::size_t tag_length = aead_tag_length(m_aead);
        if (nonce.size() != kAeadNonceLength) {
            return Error(Status::kTlsUnsupportedCipher, "AEAD seal: nonce must be 12 bytes");
        }
        if (tag.size() < tag_length) {
            return Error(Status::kTlsInsufficientMetadataSpace, "AEAD seal: tag buffer too short");
        }
        if (head.size() > out.size()) {
            return Error(Status::kTlsInvalidState, "AEAD seal: the output is shorter than the payload");
        }
        if (!fits_int(out.size()) || !fits_int(aad.size())) {
            return Error(Status::kTlsRecordOverflow, "AEAD seal: input too long");
        }
        NXS_TRY_ASSIGN(EVP_CIPHER_CTX* const ctx, m_contexts.get(CipherContexts::kEncrypt));  // before `out` changes
        std::uint8_t* data = data_or_empty(out);
        const bool in_place = head.data() == out.data();
        if (m_ccm && !in_place && !head.empty()) {
            // CCM encrypts the whole payload in one call (below), so the head joins the rest in `out` first.
            std::memcpy(data, head.data(), head.size());
        }
        int written = 0;
        if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data(), 1, nullptr) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AEAD seal: nonce setup failed");
        }
        // CCM authenticates the message length first (RFC 3610 §2.2), so it must be known before the AAD.
        if (m_ccm && EVP_CipherUpdate(ctx, nullptr, &written, nullptr, static_cast<int>(out.size())) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AEAD seal: CCM length setup failed");
        }
        if (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &written, aad.data(), static_cast<int>(aad.size())) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AEAD seal: AAD failed");
        }
        if (m_ccm) {
            // CCM processes the payload in exactly one call, even an empty one.
            if (EVP_CipherUpdate(ctx, data, &written, data, static_cast<int>(out.size())) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, "AEAD seal: encryption failed");
            }
        } else {
            // GCM and ChaCha20-Poly1305 stream: the head is encrypted from where it lies into `out`, then the rest
            // in place after it. Empty parts are skipped.
            const std::size_t rest = out.size() - head.size();
            if (!head.empty() &&
                EVP_CipherUpdate(ctx, data, &written, data_or_empty(head), static_cast<int>(head.size())) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, "AEAD seal: encryption failed");
            }
            if (rest != 0 &&
                EVP_CipherUpdate(ctx, data + head.size(), &written, data + head.size(), static_cast<int>(rest)) <= 0) {
                return fail(Status::kTlsUnsupportedCipher, "AEAD seal: encryption failed");
            }
        }
        if (EVP_CipherFinal_ex(ctx, data, &written) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AEAD seal: finish failed");
        }
        if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag_length), tag.data()) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AEAD seal: reading the tag failed");
        }
        return {};
    }

    Result<void> open_into(Bytes nonce, Bytes aad, Bytes ciphertext, MutableBytes plaintext, Bytes tag) override {
        const std::size_t tag_length = aead_tag_length(m_aead);
        // A wrong-sized nonce or tag cannot authenticate anything: treat it like any other forged record.
        if (nonce.size() != kAeadNonceLength || tag.size() != tag_length || !fits_int(ciphertext.size()) ||
            !fits_int(aad.size())) {
            return Error(Status::kTlsAeadDecryptFail, "AEAD open: nonce or tag has the wrong length");
        }
        if (ciphertext.size() != plaintext.size()) {
            return Error(Status::kTlsAeadDecryptFail, "AEAD open: the output is not the size of the ciphertext");
        }
        NXS_TRY_ASSIGN(EVP_CIPHER_CTX* const ctx, m_contexts.get(CipherContexts::kDecrypt));
        int written = 0;
        if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data(), 0, nullptr) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: nonce setup failed");
        }
        // The expected tag goes in before the payload: CCM checks it inside the one payload update.
        if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_length),
                                const_cast<std::uint8_t*>(tag.data())) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: tag setup failed");
        }
        if (m_ccm && EVP_CipherUpdate(ctx, nullptr, &written, nullptr, static_cast<int>(ciphertext.size())) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: CCM length setup failed");
        }
        if (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &written, aad.data(), static_cast<int>(aad.size())) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: AAD failed");
        }
        std::uint8_t* out = data_or_empty(plaintext);
        const std::uint8_t* in = data_or_empty(ciphertext);
        if (m_ccm) {
            if (EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(ciphertext.size())) <= 0) {
                return fail(Status::kTlsAeadDecryptFail, "AEAD open: authentication failed");
            }
            return {};
        }
        if (!ciphertext.empty() && EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(ciphertext.size())) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: decryption failed");
        }
        if (EVP_CipherFinal_ex(ctx, out, &written) <= 0) {
            return fail(Status::kTlsAeadDecryptFail, "AEAD open: authentication failed");
        }
        return {};
    }

private:
    AeadAlgorithm m_aead;
    bool m_ccm;
    CipherContexts m_contexts;
};

class OsslCbcKey final : public CbcKey {
public:
    explicit OsslCbcKey(CipherContexts contexts) noexcept : m_contexts(std::move(contexts)) {}

    Result<void> encrypt(Bytes iv, MutableBytes in_out) override { return run(CipherContexts::kEncrypt, iv, in_out); }
    Result<void> decrypt(Bytes iv, MutableBytes in_out) override { return run(CipherContexts::kDecrypt, iv, in_out); }

private:
    static constexpr std::size_t kBlock = 16;

    Result<void> run(int encrypt, Bytes iv, MutableBytes in_out) const {
        if (iv.size() != kBlock) {
            return Error(Status::kTlsUnsupportedCipher, "AES-CBC: IV must be 16 bytes");
        }
        // RFC 5246 §6.2.3.2: a CBC record is a whole number of blocks; anything else is a malformed record.
        if (in_out.size() % kBlock != 0 || !fits_int(in_out.size())) {
            return Error(Status::kTlsPaddingCheckFailed, "AES-CBC: input is not a whole number of blocks");
        }
        NXS_TRY_ASSIGN(EVP_CIPHER_CTX* const ctx, m_contexts.get(encrypt));
        if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.data(), encrypt, nullptr) <= 0 ||
            EVP_CIPHER_CTX_set_padding(ctx, 0) <= 0) {
            return fail(Status::kTlsUnsupportedCipher, "AES-CBC: IV setup failed");
        }
        if (in_out.empty()) {
            return {};
        }
        int written = 0;
        if (EVP_CipherUpdate(ctx, in_out.data(), &written, in_out.data(), static_cast<int>(in_out.size())) <= 0 ||
            static_cast<std::size_t>(written) != in_out.size()) {
            return fail(Status::kTlsUnsupportedCipher, "AES-CBC: cipher failed");
        }
        return {};
    }

    CipherContexts m_contexts;
};

}  // namespace

Result<std::unique_ptr<AeadKey>> new_aead(const AlgorithmsPtr& algorithms, AeadAlgorithm aead, Bytes key, AeadUse use) {
    if (index_of(aead) >= kAeadCount || !algorithms->aead[index_of(aead)]) {
        return Error(Status::kTlsMissingCryptoRoutine, std::string(aead_name(aead)) + " is not available");
    }
    if (key.size() != aead_key_length(aead)) {
        return Error(Status::kTlsUnsupportedCipher, std::string(aead_name(aead)) + ": wrong key length");
    }
    // AES-GCM and ChaCha20-Poly1305 use a 12-byte nonce unless told otherwise (NIST SP 800-38D §5.2.1.1's recommended
    // length; RFC 8439 §2.8), which is what RFC 8446 §5.3 needs; CCM is told (ContextSetup::Kind::kCcm).
    const ContextSetup setup = OsslAeadKey::is_ccm(aead)
                                   ? ContextSetup{ContextSetup::Kind::kCcm, static_cast<int>(aead_tag_length(aead))}
                                   : ContextSetup{};
    NXS_TRY_ASSIGN(CipherContexts contexts, CipherContexts::make(algorithms, algorithms->aead[index_of(aead)].get(),
                                                                 aead_name(aead), setup, key, use));
    return std::unique_ptr<AeadKey>(std::make_unique<OsslAeadKey>(aead, std::move(contexts)));
}

Result<std::unique_ptr<CbcKey>> new_cbc(const AlgorithmsPtr& algorithms, CbcAlgorithm cbc, Bytes key) {
    const std::string_view name = cbc == CbcAlgorithm::kAes128Cbc ? "AES-128-CBC" : "AES-256-CBC";
    if (index_of(cbc) >= kCbcCount || !algorithms->cbc[index_of(cbc)]) {
        return Error(Status::kTlsMissingCryptoRoutine, std::string(name) + " is not available");
    }
    if (key.size() != (cbc == CbcAlgorithm::kAes128Cbc ? std::size_t{16} : std::size_t{32})) {
        return Error(Status::kTlsUnsupportedCipher, std::string(name) + ": wrong key length");
    }
    NXS_TRY_ASSIGN(CipherContexts contexts,
                   CipherContexts::make(algorithms, algorithms->cbc[index_of(cbc)].get(), name,
                                        ContextSetup{ContextSetup::Kind::kNoPadding, 0}, key, AeadUse::kSealAndOpen));
    return std::unique_ptr<CbcKey>(std::make_unique<OsslCbcKey>(std::move(contexts)));
}

}  // namespace nxs::crypto::openssl
