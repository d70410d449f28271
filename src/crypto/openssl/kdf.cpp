// HKDF (RFC 5869) and the TLS 1.2 PRF (RFC 5246 §5) on EVP_KDF.
//
// The KDF methods are fetched once per provider. OpenSSL 3.0's KDF contexts cannot be duplicated
// (EVP_KDF_CTX_dup returns null for HKDF and TLS1-PRF), so each call makes a context from the fetched method and
// names the digest; key schedules run a handful of times per handshake, never per record.
#include <array>

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

}  // namespace

Result<Secret> hkdf_extract(const Algorithms& algorithms, HashAlgorithm hash, Bytes salt, Bytes ikm) {
    NXS_TRY_ASSIGN(KdfCtxPtr ctx, new_kdf_ctx(algorithms, algorithms.hkdf.get(), hash, "HKDF-Extract"));
    int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
    // properties_param() may be the end marker, so it comes last.
    std::array<OSSL_PARAM, 6> params = {
        digest_param(hash),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        octets(OSSL_KDF_PARAM_KEY, ikm),
        // RFC 5869 §2.2: an absent salt is HashLen zeros; HMAC pads an empty key with zeros, so both agree.
        octets(OSSL_KDF_PARAM_SALT, salt),
        properties_param(algorithms),
        OSSL_PARAM_construct_end(),
    };
    Secret prk(hash_length(hash));
    if (EVP_KDF_derive(ctx.get(), prk.data(), prk.size(), params.data()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "HKDF-Extract failed");
    }
    return prk;
}

Result<Secret> hkdf_expand(const Algorithms& algorithms, HashAlgorithm hash, Bytes prk, Bytes info,
                           std::size_t length) {
    // RFC 5869 §2.3: L <= 255 * HashLen.
    if (length > 255 * hash_length(hash)) {
        return Error(Status::kTlsCryptoKeysTooLarge, "HKDF-Expand: length exceeds 255 * HashLen");
    }
    NXS_TRY_ASSIGN(KdfCtxPtr ctx, new_kdf_ctx(algorithms, algorithms.hkdf.get(), hash, "HKDF-Expand"));
    if (length == 0) {
        return Secret();
    }
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    std::array<OSSL_PARAM, 6> params = {
        digest_param(hash),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        octets(OSSL_KDF_PARAM_KEY, prk),
        octets(OSSL_KDF_PARAM_INFO, info),
        properties_param(algorithms),
        OSSL_PARAM_construct_end(),
    };
    Secret okm(length);
    if (EVP_KDF_derive(ctx.get(), okm.data(), okm.size(), params.data()) <= 0) {
        return fail(Status::kTlsMissingCryptoRoutine, "HKDF-Expand failed");
    }
    return okm;
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
