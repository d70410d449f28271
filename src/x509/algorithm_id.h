// AlgorithmIdentifier and SubjectPublicKeyInfo (RFC 5280 §4.1.1.2, §4.1.2.7) for the algorithms nxs supports:
// RSA PKCS #1 v1.5 and RSASSA-PSS (RFC 4055), ECDSA on named curves (RFC 5480, RFC 5758), Ed25519 and Ed448
// (RFC 8410). Anything else parses with an empty `algorithm` / `type`, and fails later where it is used.
#pragma once

#include <optional>

#include "nxs/crypto/algorithms.h"
#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "x509/der.h"

namespace nxs::x509 {

// An AlgorithmIdentifier SEQUENCE naming a signature algorithm. Parameters that are wrong for a known algorithm
// (present for ECDSA/EdDSA, anything but NULL or absent for PKCS #1 v1.5, malformed or missing RSASSA-PSS-params)
// are NX_SECURE_X509_INVALID_CERTIFICATE_DATA; an unknown algorithm is not an error.
Result<SignatureAlgorithmId> parse_signature_algorithm(const Element& element);

// RSASSA-PSS-params (RFC 4055 §3.1) from the parameters TLV. nullopt when it names a hash or mask generation function
// nxs does not support; malformed is NX_SECURE_X509_INVALID_CERTIFICATE_DATA.
Result<std::optional<crypto::SignatureAlgorithm>> parse_pss_parameters(const Element& parameters);

// A SubjectPublicKeyInfo SEQUENCE. Malformed, or wrong for its algorithm (RSA key not a valid RSAPublicKey, EC point
// not uncompressed on a named curve, explicit curve parameters, EdDSA key of the wrong length), is
// NX_SECURE_X509_INVALID_PUBLIC_KEY.
Result<PublicKeyInfo> parse_public_key_info(const Element& element);

// The key type of a SubjectPublicKeyInfo / PKCS #8 algorithm OID, if nxs supports it.
std::optional<crypto::KeyType> key_type_for_oid(Bytes oid) noexcept;
// The named curve for a namedCurve OID; nullopt for curves nxs does not support.
std::optional<crypto::EcCurve> curve_for_oid(Bytes oid) noexcept;

}  // namespace nxs::x509
