// The crypto provider: every primitive nxs uses, behind one interface (ARCHITECTURE.md §2).
//
// The protocol code never names a crypto library. A provider is obtained once (default_provider() is the OpenSSL 3
// libcrypto one, src/crypto/openssl/) and shared by configurations and connections; it is immutable after creation,
// so one provider serves any number of threads. Algorithms are resolved when the provider is made, not per call.
// Anything a provider cannot do is NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE (0x13B).
//
// Objects made by a provider (hash contexts, AEAD keys, key shares, keys) are single-owner and not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "nxs/crypto/algorithms.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/secret.h"

namespace nxs::crypto {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// Randomness. The provider's default is the crypto library's DRBG; tests inject a deterministic one through the
// configuration. fill() fails only if the generator cannot be seeded.
class NXS_API Rng {
public:
    virtual ~Rng() = default;
    virtual Result<void> fill(MutableBytes out) = 0;
};

// An incremental hash. clone() copies the running state, which is how a TLS transcript hash is read mid-handshake.
class NXS_API HashContext {
public:
    virtual ~HashContext() = default;
    virtual HashAlgorithm algorithm() const noexcept = 0;
    virtual Result<void> update(Bytes data) = 0;
    // Writes hash_length() bytes to out (which must be at least that long) and resets the context.
    virtual Result<void> finish(MutableBytes out) = 0;
    virtual Result<std::unique_ptr<HashContext>> clone() const = 0;
    // Writes the hash of everything absorbed so far (hash_length() bytes; `out` at least that long) and goes on
    // hashing as if it had not been called: finish() on a clone(). A TLS transcript is read this way five to eight
    // times per handshake; a provider overrides it to avoid making a whole context each time.
    virtual Result<void> hash_so_far(MutableBytes out) {
        NXS_TRY_ASSIGN(const auto copy, clone());
        return copy->finish(out);
    }
};

// An incremental HMAC under a fixed key (TLS 1.2 CBC records MAC every record under one key).
class NXS_API HmacContext {
public:
    virtual ~HmacContext() = default;
    virtual Result<void> update(Bytes data) = 0;
    // Writes hash_length() bytes and resets for the next message under the same key.
    virtual Result<void> finish(MutableBytes out) = 0;
};

// An HKDF pseudorandom key (RFC 5869 §2.2) set up for several HKDF-Expand calls. Each TLS 1.3 secret is expanded
// two to four times (RFC 8446 §7.1, §7.3); keying the HMAC once per secret instead of once per expansion saves two of
// the four compression-function calls of each. expand(info, length) equals Provider::hkdf_expand(hash, prk, info,
// length), including its failure for length > 255 * hash_length(hash).
class NXS_API HkdfPrk {
public:
    virtual ~HkdfPrk() = default;
    virtual HashAlgorithm hash() const noexcept = 0;
    virtual Result<Secret> expand(Bytes info, std::size_t length) const = 0;
};

// An AEAD key, set up once and used for many records. seal() and open() work in place: the payload buffer is
// encrypted or decrypted where it lies. seal_from() and open_into() also read the payload from another buffer, so
// that a record is encrypted straight from the application's data and decrypted straight from the received bytes
// (the copy is the cipher's own output, not a memcpy before it). Their default implementations copy and then work
// in place, so a provider needs to implement only seal() and open(); the OpenSSL provider implements all four. A key
// made for one direction (Provider::new_aead_for) fails the other direction's calls with NX_SECURE_TLS_INVALID_STATE.
class NXS_API AeadKey {
public:
    virtual ~AeadKey() = default;
    virtual AeadAlgorithm algorithm() const noexcept = 0;
    // Encrypts `in_out` in place and writes the tag (aead_tag_length() bytes) to `tag`.
    virtual Result<void> seal(Bytes nonce, Bytes aad, MutableBytes in_out, MutableBytes tag) = 0;
    // Checks `tag` and decrypts `in_out` in place. A wrong tag is NX_SECURE_TLS_AEAD_DECRYPT_FAIL; `in_out` is then
    // unspecified and must not be used.
    virtual Result<void> open(Bytes nonce, Bytes aad, MutableBytes in_out, Bytes tag) = 0;

    // Encrypts the plaintext `head` || out[head.size():] into `out` and writes the tag: the first head.size() bytes
    // come from `head` where it lies, the rest (a TLS 1.3 record's content type byte and padding) are already in
    // `out`. out.size() >= head.size(); `head` is either out.first(head.size()) itself (then this is seal()) or does
    // not overlap `out`. Errors as seal(); a payload longer than `out` is NX_SECURE_TLS_INVALID_STATE.
    virtual Result<void> seal_from(Bytes nonce, Bytes aad, Bytes head, MutableBytes out, MutableBytes tag) {
        if (head.size() > out.size()) {
            return Error(Status::kTlsInvalidState, "AEAD seal: the output is shorter than the payload");
        }
        if (head.data() != out.data()) {
            for (std::size_t i = 0; i < head.size(); ++i) {
                out[i] = head[i];
            }
        }
        return seal(nonce, aad, out, tag);
    }

    // Checks `tag` and decrypts `ciphertext` into `plaintext` (the same size; either the same bytes, then this is
    // open(), or not overlapping). Errors as open(): a wrong tag, or sizes that differ, is
    // NX_SECURE_TLS_AEAD_DECRYPT_FAIL, and `plaintext` is then unspecified and must not be used.
    virtual Result<void> open_into(Bytes nonce, Bytes aad, Bytes ciphertext, MutableBytes plaintext, Bytes tag) {
        if (ciphertext.size() != plaintext.size()) {
            return Error(Status::kTlsAeadDecryptFail, "AEAD open: the output is not the size of the ciphertext");
        }
        if (ciphertext.data() != plaintext.data()) {
            for (std::size_t i = 0; i < ciphertext.size(); ++i) {
                plaintext[i] = ciphertext[i];
            }
        }
        return open(nonce, aad, plaintext, tag);
    }
};

// AES-CBC without padding (the TLS 1.2 record layer adds and checks padding itself, in constant time).
class NXS_API CbcKey {
public:
    virtual ~CbcKey() = default;
    // `in_out` is a whole number of 16-byte blocks.
    virtual Result<void> encrypt(Bytes iv, MutableBytes in_out) = 0;
    virtual Result<void> decrypt(Bytes iv, MutableBytes in_out) = 0;
};

// One side of an (EC)DH exchange (RFC 8446 §4.2.8, §7.4).
class NXS_API KeyShare {
public:
    virtual ~KeyShare() = default;
    virtual NamedGroup group() const noexcept = 0;
    // Our public value in TLS wire form: X25519/X448 raw, NIST curves uncompressed (0x04 || X || Y), FFDHE padded
    // to the size of the prime.
    virtual Bytes public_key() const noexcept = 0;
    // The shared secret with the peer's public value in the same form: the x-coordinate for NIST curves, the
    // left-padded value for FFDHE. A malformed or invalid peer value (wrong length, not on the curve, small-order
    // X25519 point, out-of-range FFDHE value) is NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT; the handshake maps it to the
    // key_share code of its role.
    virtual Result<Secret> derive(Bytes peer_public) const = 0;
};

class NXS_API PublicKey {
public:
    virtual ~PublicKey() = default;
    virtual KeyType type() const noexcept = 0;
    virtual EcCurve curve() const noexcept = 0;  // kNone unless type() == kEc
    virtual std::size_t bits() const noexcept = 0;
    // The DER SubjectPublicKeyInfo this key was loaded from or would encode to.
    virtual Bytes spki_der() const noexcept = 0;
    // A signature that does not verify is NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR; an algorithm that does not fit
    // the key (ECDSA under an RSA key) is NX_SECURE_X509_WRONG_SIGNATURE_METHOD. Callers map to their own code
    // (0x117 for certificates, 0x131 for CertificateVerify) where that fits better.
    virtual Result<void> verify(const SignatureAlgorithm& algorithm, Bytes message, Bytes signature) const = 0;
};

class NXS_API PrivateKey {
public:
    virtual ~PrivateKey() = default;
    virtual KeyType type() const noexcept = 0;
    virtual EcCurve curve() const noexcept = 0;
    virtual std::size_t bits() const noexcept = 0;
    // The matching public key as DER SubjectPublicKeyInfo: how a certificate and a key are shown to belong together.
    virtual Bytes public_spki_der() const noexcept = 0;
    virtual Result<std::vector<std::uint8_t>> sign(const SignatureAlgorithm& algorithm, Bytes message) const = 0;
    // The key as unencrypted PKCS#8 DER (wiped when the Secret goes).
    virtual Result<Secret> to_pkcs8_der() const = 0;
};

// What to generate, for `nxs demo` and tests that need fresh keys.
struct KeySpec {
    KeyType type = KeyType::kEc;
    EcCurve curve = EcCurve::kP256;  // for kEc
    std::size_t rsa_bits = 2048;     // for kRsa / kRsaPss
};

class NXS_API Provider {
public:
    virtual ~Provider() = default;
    virtual std::string_view name() const noexcept = 0;

    // What this provider can do; the protocol offers only what is supported here.
    virtual bool supports(AeadAlgorithm aead) const noexcept = 0;
    virtual bool supports(NamedGroup group) const noexcept = 0;
    virtual bool supports(SignatureScheme scheme) const noexcept = 0;

    virtual Result<std::unique_ptr<HashContext>> new_hash(HashAlgorithm hash) const = 0;
    // One-shot hash into out (at least hash_length(hash) bytes).
    virtual Result<void> hash(HashAlgorithm hash, Bytes data, MutableBytes out) const = 0;

    virtual Result<std::unique_ptr<HmacContext>> new_hmac(HashAlgorithm hash, Bytes key) const = 0;
    virtual Result<void> hmac(HashAlgorithm hash, Bytes key, Bytes data, MutableBytes out) const = 0;

    // RFC 5869. extract() returns hash_length(hash) bytes; expand() fails for length > 255 * hash_length(hash).
    virtual Result<Secret> hkdf_extract(HashAlgorithm hash, Bytes salt, Bytes ikm) const = 0;
    virtual Result<Secret> hkdf_expand(HashAlgorithm hash, Bytes prk, Bytes info, std::size_t length) const = 0;
    // `prk` prepared for repeated expansion. The default keeps a copy of `prk` and calls hkdf_expand() (so the
    // provider must outlive the object); a provider overrides it to key its HMAC once.
    virtual Result<std::unique_ptr<HkdfPrk>> new_hkdf_prk(HashAlgorithm hash, Bytes prk) const;
    // RFC 5246 §5: PRF(secret, label, seed) = P_hash(secret, label + seed).
    virtual Result<Secret> tls12_prf(HashAlgorithm hash, Bytes secret, std::string_view label, Bytes seed,
                                     std::size_t length) const = 0;

    virtual Result<std::unique_ptr<AeadKey>> new_aead(AeadAlgorithm aead, Bytes key) const = 0;
    virtual Result<std::unique_ptr<CbcKey>> new_cbc(CbcAlgorithm cbc, Bytes key) const = 0;

    // A fresh ephemeral key pair, from this provider's generator.
    virtual Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) const = 0;
    // A key pair from a given private value (X25519/X448 raw, NIST curves big-endian scalar, FFDHE exponent): the
    // deterministic path for RFC 8448 traces and fuzzing.
    virtual Result<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group, Bytes private_key) const = 0;

    // A public key from DER SubjectPublicKeyInfo. Malformed: NX_SECURE_X509_INVALID_PUBLIC_KEY; a key type or curve
    // this provider does not support: NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER.
    virtual Result<std::unique_ptr<PublicKey>> load_public_key(Bytes spki_der) const = 0;
    // A private key from DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC1 ECPrivateKey (the X.509 layer
    // decides which and reads PEM). Malformed: NX_SECURE_PKCS1_INVALID_PRIVATE_KEY for PKCS#1, otherwise
    // NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE.
    enum class PrivateKeyFormat : std::uint8_t { kPkcs8, kPkcs1, kSec1 };
    virtual Result<std::unique_ptr<PrivateKey>> load_private_key(PrivateKeyFormat format, Bytes der) const = 0;
    virtual Result<std::unique_ptr<PrivateKey>> generate_private_key(const KeySpec& spec) const = 0;

    // The provider's own random generator (the crypto library's DRBG for the OpenSSL provider).
    virtual Rng& rng() const noexcept = 0;

    // An AEAD key for the operations `use` names (see new_aead()). On a key made for one direction, the other
    // direction's calls fail with NX_SECURE_TLS_INVALID_STATE. The default returns new_aead()'s key, which does both;
    // the OpenSSL provider sets up only what is asked for (one cipher context instead of two per record key).
    // Declared last, after the functions that were there before it, so that their vtable slots stay where they were.
    virtual Result<std::unique_ptr<AeadKey>> new_aead_for(AeadUse use, AeadAlgorithm aead, Bytes key) const {
        static_cast<void>(use);
        return new_aead(aead, key);
    }
};

// The OpenSSL 3 libcrypto provider, made on first use and shared. Never null.
NXS_API std::shared_ptr<const Provider> default_provider();

// RFC 8446 §7.1: HKDF-Expand-Label(secret, label, context, length), with "tls13 " prefixed to label.
NXS_API Result<Secret> hkdf_expand_label(const Provider& provider, HashAlgorithm hash, Bytes secret,
                                         std::string_view label, Bytes context, std::size_t length);
// RFC 8446 §7.1: Derive-Secret(secret, label, messages) where `transcript_hash` = Transcript-Hash(messages).
NXS_API Result<Secret> derive_secret(const Provider& provider, HashAlgorithm hash, Bytes secret, std::string_view label,
                                     Bytes transcript_hash);
// The same two on a prepared PRK (the hash is the PRK's).
NXS_API Result<Secret> hkdf_expand_label(const HkdfPrk& prk, std::string_view label, Bytes context, std::size_t length);
NXS_API Result<Secret> derive_secret(const HkdfPrk& prk, std::string_view label, Bytes transcript_hash);

}  // namespace nxs::crypto
