// Shared pieces of the OpenSSL 3 provider: RAII owners for libcrypto objects, the table of algorithms fetched once
// per provider, and the error helper. Internal to src/crypto/openssl/ (the only place that includes OpenSSL).
#pragma once

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nxs/crypto/provider.h"
#include "nxs/result.h"

namespace nxs::crypto::openssl {

// unique_ptr deleter calling a libcrypto free function: `Owned<EVP_MD, &EVP_MD_free>`.
template <auto Free>
struct Freer {
    template <typename T>
    void operator()(T* p) const noexcept {
        Free(p);
    }
};
template <typename T, auto Free>
using Owned = std::unique_ptr<T, Freer<Free>>;

using MdPtr = Owned<EVP_MD, &EVP_MD_free>;
using MdCtxPtr = Owned<EVP_MD_CTX, &EVP_MD_CTX_free>;
using MacPtr = Owned<EVP_MAC, &EVP_MAC_free>;
using MacCtxPtr = Owned<EVP_MAC_CTX, &EVP_MAC_CTX_free>;
using KdfPtr = Owned<EVP_KDF, &EVP_KDF_free>;
using KdfCtxPtr = Owned<EVP_KDF_CTX, &EVP_KDF_CTX_free>;
using CipherPtr = Owned<EVP_CIPHER, &EVP_CIPHER_free>;
using CipherCtxPtr = Owned<EVP_CIPHER_CTX, &EVP_CIPHER_CTX_free>;
using PkeyPtr = Owned<EVP_PKEY, &EVP_PKEY_free>;
using PkeyCtxPtr = Owned<EVP_PKEY_CTX, &EVP_PKEY_CTX_free>;
using BnPtr = Owned<BIGNUM, &BN_free>;
using SecretBnPtr = Owned<BIGNUM, &BN_clear_free>;  // private scalars and exponents
using BnCtxPtr = Owned<BN_CTX, &BN_CTX_free>;
using EcGroupPtr = Owned<EC_GROUP, &EC_GROUP_free>;
using EcPointPtr = Owned<EC_POINT, &EC_POINT_free>;
using ParamBldPtr = Owned<OSSL_PARAM_BLD, &OSSL_PARAM_BLD_free>;
using ParamsPtr = Owned<OSSL_PARAM, &OSSL_PARAM_free>;

constexpr std::size_t kHashCount = 4;  // HashAlgorithm values
constexpr std::size_t kAeadCount = 5;  // AeadAlgorithm values
constexpr std::size_t kCbcCount = 2;   // CbcAlgorithm values

// The key types (OpenSSL key-management names) a key share is made of, indexing Algorithms::key_import.
enum class KeyImport : std::uint8_t { kX25519, kX448, kEc, kDh };
constexpr std::size_t kKeyImportCount = 4;
constexpr std::size_t index_of(KeyImport type) noexcept {
    return static_cast<std::size_t>(type);
}

constexpr std::size_t index_of(HashAlgorithm hash) noexcept {
    return static_cast<std::size_t>(hash);
}
constexpr std::size_t index_of(AeadAlgorithm aead) noexcept {
    return static_cast<std::size_t>(aead);
}
constexpr std::size_t index_of(CbcAlgorithm cbc) noexcept {
    return static_cast<std::size_t>(cbc);
}

// OpenSSL's digest names, for APIs that take a name (EVP_KDF, signature parameters).
const char* md_name(HashAlgorithm hash) noexcept;
// OpenSSL's key-management name of a key share's key type ("X25519", "EC").
const char* key_import_name(KeyImport type) noexcept;
// OpenSSL's group names for the NIST curves ("P-256"), or nullptr.
const char* ec_group_name(EcCurve curve) noexcept;

// Everything the provider fetched when it was made. Immutable afterwards, so shared by every object the provider
// creates (they keep it alive) and by any number of threads.
struct Algorithms {
    std::string properties;
    std::array<MdPtr, kHashCount> md;
    MacPtr hmac;
    // A keyless HMAC context per hash with the digest already set: new_hmac() duplicates it, which copies the
    // digest reference instead of fetching it again by name.
    std::array<MacCtxPtr, kHashCount> hmac_template;
    KdfPtr hkdf;
    KdfPtr tls1_prf;
    std::array<CipherPtr, kAeadCount> aead;
    std::array<CipherPtr, kCbcCount> cbc;
    // Key management available under the property query (checked once; keys themselves are made per use).
    bool has_x25519 = false;
    bool has_x448 = false;
    bool has_ec = false;
    bool has_dh = false;
    bool has_rsa = false;
    bool has_rsa_pss = false;
    bool has_ed25519 = false;
    bool has_ed448 = false;
    // Contexts on which EVP_PKEY_fromdata_init() has been done, one per key type of the key shares, so that a key
    // share's keys are imported without a key-management fetch and a context per key. Shared by every thread: in
    // OpenSSL 3.0 and later EVP_PKEY_fromdata() only reads the context (its operation and key manager, whose
    // reference count it raises atomically; crypto/evp/pmeth_gn.c), and nothing else is ever done with these.
    // Null when the key type is unavailable.
    std::array<PkeyCtxPtr, kKeyImportCount> key_import;
    // The RFC 7748 base points as public keys (X25519: u = 9, X448: u = 5; indexed by KeyImport::kX25519/kX448), the
    // peer of the exchange that computes a key share's public value (key_exchange.cpp, xdh_share). Shared like the
    // contexts above: an exchange only takes a reference to its peer and reads its public half.
    std::array<PkeyPtr, 2> xdh_base_point;
    // P-256, P-384, P-521: for computing a public point from a given scalar.
    std::array<EcGroupPtr, 3> ec_group;
    // RFC 7919 primes of ffdhe2048..ffdhe8192, for range checks and for a public value from a given exponent.
    std::array<BnPtr, 5> ffdhe_prime;

    const char* propq() const noexcept { return properties.empty() ? nullptr : properties.c_str(); }
};
using AlgorithmsPtr = std::shared_ptr<const Algorithms>;

// An Error with `what` and the reason of OpenSSL's latest queued error, after which the thread's OpenSSL error
// queue is emptied so that nothing from this failure shows up in a later call's message.
Error fail(Status status, std::string_view what);
// Empties the thread's error queue after a call that may queue errors even when it succeeds.
void clear_errors() noexcept;

// libcrypto rejects a null pointer even for zero-length input; this gives every span a valid address.
const std::uint8_t* data_or_empty(Bytes bytes) noexcept;
std::uint8_t* data_or_empty(MutableBytes bytes) noexcept;

// The per-family operations, one file each, called by the Provider in provider.cpp.
Result<std::unique_ptr<HashContext>> new_hash(const AlgorithmsPtr& algorithms, HashAlgorithm hash);
Result<void> hash_once(const Algorithms& algorithms, HashAlgorithm hash, Bytes data, MutableBytes out);
Result<std::unique_ptr<HmacContext>> new_hmac(const AlgorithmsPtr& algorithms, HashAlgorithm hash, Bytes key);
Result<void> hmac_once(const Algorithms& algorithms, HashAlgorithm hash, Bytes key, Bytes data, MutableBytes out);

Result<Secret> hkdf_extract(const Algorithms& algorithms, HashAlgorithm hash, Bytes salt, Bytes ikm);
Result<Secret> hkdf_expand(const Algorithms& algorithms, HashAlgorithm hash, Bytes prk, Bytes info, std::size_t length);
Result<std::unique_ptr<HkdfPrk>> new_hkdf_prk(const AlgorithmsPtr& algorithms, HashAlgorithm hash, Bytes prk);
Result<Secret> tls12_prf(const Algorithms& algorithms, HashAlgorithm hash, Bytes secret, std::string_view label,
                         Bytes seed, std::size_t length);

Result<std::unique_ptr<AeadKey>> new_aead(const AlgorithmsPtr& algorithms, AeadAlgorithm aead, Bytes key, AeadUse use);
Result<std::unique_ptr<CbcKey>> new_cbc(const AlgorithmsPtr& algorithms, CbcAlgorithm cbc, Bytes key);

bool supports_group(const Algorithms& algorithms, NamedGroup group) noexcept;
// The RFC 7748 base point of X25519 or X448 as a public key (for Algorithms::xdh_base_point), or null.
PkeyPtr xdh_base_point(const Algorithms& algorithms, NamedGroup group);
Result<std::unique_ptr<KeyShare>> generate_key_share(const AlgorithmsPtr& algorithms, NamedGroup group);
Result<std::unique_ptr<KeyShare>> key_share_from_private(const AlgorithmsPtr& algorithms, NamedGroup group,
                                                         Bytes private_key);

bool supports_scheme(const Algorithms& algorithms, SignatureScheme scheme) noexcept;
Result<std::unique_ptr<PublicKey>> load_public_key(const AlgorithmsPtr& algorithms, Bytes spki_der);
Result<std::unique_ptr<PrivateKey>> load_private_key(const AlgorithmsPtr& algorithms, Provider::PrivateKeyFormat format,
                                                     Bytes der);
Result<std::unique_ptr<PrivateKey>> generate_private_key(const AlgorithmsPtr& algorithms, const KeySpec& spec);

// The provider's generator on RAND_bytes (OpenSSL's DRBG).
Rng& openssl_rng() noexcept;
// Bytes for private keys from OpenSSL's private DRBG (RAND_priv_bytes), buffered per thread like openssl_rng()'s
// (rng.cpp).
Result<void> private_random(MutableBytes out);

}  // namespace nxs::crypto::openssl
