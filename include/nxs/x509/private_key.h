// nxs::x509 private keys: PEM or DER in the three common containers, checked here and loaded by the crypto provider.
//
//   PKCS #8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, RFC 5958)  "PRIVATE KEY"     RSA, RSA-PSS, EC, Ed25519, Ed448
//   PKCS #1 RSAPrivateKey (RFC 8017 Appendix A.1.2)                  "RSA PRIVATE KEY" RSA
//   SEC1 ECPrivateKey (RFC 5915)                                      "EC PRIVATE KEY"  EC on P-256, P-384, P-521
//
// The structure is read with nxs's own strict DER reader before any byte reaches the crypto library, so a malformed
// key fails with a NetX code and a message that says what is wrong: NX_SECURE_PKCS1_INVALID_PRIVATE_KEY for a bad
// RSAPrivateKey, NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE for everything else (unknown algorithm, unsupported curve,
// malformed PKCS #8 or SEC1, and encrypted keys, which nxs does not decrypt).
#pragma once

#include <memory>
#include <span>

#include "nxs/crypto/provider.h"
#include "nxs/export.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"

namespace nxs::x509 {

// What the structure of a private key says, before the provider sees it.
struct PrivateKeyDescription {
    crypto::Provider::PrivateKeyFormat format = crypto::Provider::PrivateKeyFormat::kPkcs8;
    crypto::KeyType type = crypto::KeyType::kRsa;
    crypto::EcCurve curve = crypto::EcCurve::kNone;
};

// Checks DER private key structure; the format is told by the structure (PKCS #8 has an AlgorithmIdentifier second,
// SEC1 version 1 and an OCTET STRING, PKCS #1 version 0 and INTEGERs). An EncryptedPrivateKeyInfo is refused.
NXS_API Result<PrivateKeyDescription> inspect_private_key(std::span<const std::uint8_t> der);

// Loads the private key of `pem_or_der`: PEM with one "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY" block
// (other blocks, such as "EC PARAMETERS" or certificates, are skipped), or one DER key.
NXS_API Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(const crypto::Provider& provider,
                                                                     std::span<const std::uint8_t> pem_or_der);

// The key belongs to the certificate: the DER SubjectPublicKeyInfo of its public half equals the certificate's.
// A mismatch is NX_SECURE_X509_INVALID_PUBLIC_KEY (the certificate's public key is not the one for this key; the
// TLS configuration reports the same code for the same mistake).
NXS_API Result<void> check_key_matches_certificate(const Certificate& certificate, const crypto::PrivateKey& key);

}  // namespace nxs::x509
