// Private key containers (PKCS #8, PKCS #1, SEC1) in PEM or DER: structure checks, then the crypto provider.
#include "nxs/x509/private_key.h"

#include "nxs/secret.h"
#include "nxs/x509/pem.h"
#include "x509/algorithm_id.h"
#include "x509/der.h"
#include "x509/oids.h"

namespace nxs::x509 {
namespace {

using Format = crypto::Provider::PrivateKeyFormat;
using crypto::EcCurve;
using crypto::KeyType;

Error key_error(std::string_view what) {
    return Error(Status::kX509InvalidPrivateKeyType, "private key: " + std::string(what));
}

Error pkcs1_error(std::string_view what) {
    return Error(Status::kPkcs1InvalidPrivateKey, "RSA private key: " + std::string(what));
}

// Runs `parse` and gives any DER failure inside it the container's code, keeping the reason.
template <typename Parse>
auto with_code(Status status, std::string_view what, Parse&& parse) -> decltype(parse()) {
    auto result = parse();
    if (!result.ok() && result.status() != status) {
        return Error(status, std::string(what) + ": " + result.error().message());
    }
    return result;
}

// RFC 8017 Appendix A.1.2: RSAPrivateKey ::= SEQUENCE { version Version (0 two-prime, 1 multi), modulus,
// publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient, otherPrimeInfos OPTIONAL }.
// nxs takes two-prime keys: version 0 and exactly eight positive INTEGERs.
Result<void> check_pkcs1(Bytes der) {
    return with_code(Status::kPkcs1InvalidPrivateKey, "RSA private key", [&]() -> Result<void> {
        DerReader outer(der);
        NXS_TRY_ASSIGN(auto key, outer.enter(tag::kSequence));
        NXS_TRY(outer.expect_end("RSAPrivateKey"));
        NXS_TRY_ASSIGN(const auto version, key.read_small_integer());
        if (version != 0) {
            return pkcs1_error("version is not 0 (multi-prime keys are not supported)");
        }
        for (int i = 0; i < 8; ++i) {
            NXS_TRY_ASSIGN(const Bytes value, key.read_integer());
            if ((value[0] & 0x80) != 0 || (value.size() == 1 && value[0] == 0)) {
                return pkcs1_error("an RSAPrivateKey component is not positive");
            }
        }
        NXS_TRY(key.expect_end("RSAPrivateKey"));
        return {};
    });
}

std::size_t scalar_length(EcCurve curve) {
    switch (curve) {
        case EcCurve::kP256:
            return 32;
        case EcCurve::kP384:
            return 48;
        case EcCurve::kP521:
            return 66;
        case EcCurve::kNone:
            break;
    }
    return 0;
}

Result<EcCurve> named_curve(Bytes oid) {
    const auto curve = curve_for_oid(oid);
    if (!curve) {
        return key_error("EC curve " + oid_to_string(oid) + " is not supported (P-256, P-384 and P-521 are)");
    }
    return *curve;
}

// RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
//     parameters [0] ECParameters {{ NamedCurve }} OPTIONAL, publicKey [1] BIT STRING OPTIONAL }.
// `known` is the curve of a PKCS #8 wrapper (kNone standalone, where the parameters are then required).
Result<EcCurve> check_sec1(Bytes der, EcCurve known) {
    return with_code(Status::kX509InvalidPrivateKeyType, "EC private key", [&]() -> Result<EcCurve> {
        DerReader outer(der);
        NXS_TRY_ASSIGN(auto key, outer.enter(tag::kSequence));
        NXS_TRY(outer.expect_end("ECPrivateKey"));
        NXS_TRY_ASSIGN(const auto version, key.read_small_integer());
        if (version != 1) {
            return key_error("ECPrivateKey version is not 1");
        }
        NXS_TRY_ASSIGN(const Bytes scalar, key.read_octet_string());
        NXS_TRY_ASSIGN(const auto parameters, key.read_optional(tag::context_constructed(0)));
        EcCurve curve = known;
        if (parameters) {
            DerReader inner = contents_reader(*parameters);
            if (!inner.next_is(tag::kOid)) {
                return key_error("EC key with explicit curve parameters (only named curves are supported)");
            }
            NXS_TRY_ASSIGN(const Bytes oid, inner.read_oid());
            NXS_TRY(inner.expect_end("ECParameters"));
            NXS_TRY_ASSIGN(curve, named_curve(oid));
            if (known != EcCurve::kNone && curve != known) {
                return key_error("ECPrivateKey curve differs from the PKCS #8 algorithm's");
            }
        }
        if (curve == EcCurve::kNone) {
            return key_error("EC private key without its curve");
        }
        NXS_TRY(key.read_optional(tag::context_constructed(1)));
        NXS_TRY(key.expect_end("ECPrivateKey"));
        // "privateKey is an octet string of length ceiling (log2(n)/8)" (RFC 5915 §3).
        if (scalar.size() != scalar_length(curve)) {
            return key_error("EC private key of the wrong length for its curve");
        }
        return curve;
    });
}

// RFC 5208 §5 / RFC 5958 §2: OneAsymmetricKey ::= SEQUENCE { version (v1(0) | v2(1)), privateKeyAlgorithm,
//     privateKey OCTET STRING, attributes [0] IMPLICIT OPTIONAL, publicKey [1] IMPLICIT BIT STRING OPTIONAL (v2) }.
Result<PrivateKeyDescription> check_pkcs8(Bytes der) {
    PrivateKeyDescription description{Format::kPkcs8};
    Bytes inner_key;
    Bytes algorithm_oid;
    std::optional<Element> parameters;
    const auto outer_checked =
        with_code(Status::kX509InvalidPrivateKeyType, "PKCS #8 private key", [&]() -> Result<void> {
            DerReader outer(der);
            NXS_TRY_ASSIGN(auto info, outer.enter(tag::kSequence));
            NXS_TRY(outer.expect_end("PrivateKeyInfo"));
            NXS_TRY_ASSIGN(const auto version, info.read_small_integer());
            if (version > 1) {
                return key_error("PrivateKeyInfo version is not 0 or 1");
            }
            NXS_TRY_ASSIGN(auto algorithm, info.enter(tag::kSequence));
            NXS_TRY_ASSIGN(algorithm_oid, algorithm.read_oid());
            if (!algorithm.empty()) {
                NXS_TRY_ASSIGN(parameters, algorithm.read_any());
            }
            NXS_TRY(algorithm.expect_end("AlgorithmIdentifier"));
            NXS_TRY_ASSIGN(inner_key, info.read_octet_string());
            NXS_TRY(info.read_optional(tag::context_constructed(0)));
            NXS_TRY_ASSIGN(const auto public_key, info.read_optional(tag::context(1)));
            if (public_key && version == 0) {
                return key_error("publicKey in a version 0 PrivateKeyInfo");
            }
            NXS_TRY(info.expect_end("PrivateKeyInfo"));
            return {};
        });
    NXS_TRY(outer_checked);
    const auto type = key_type_for_oid(algorithm_oid);
    if (!type) {
        return key_error("unknown key algorithm " + oid_to_string(algorithm_oid));
    }
    description.type = *type;
    switch (*type) {
        case KeyType::kRsa:
            // RFC 8017 Appendix A.1: rsaEncryption parameters "shall be NULL".
            if (!parameters || parameters->tag != tag::kNull || !parameters->value.empty()) {
                return key_error("rsaEncryption parameters are not NULL");
            }
            NXS_TRY(check_pkcs1(inner_key));
            return description;
        case KeyType::kRsaPss:
            if (parameters) {
                const auto pss = with_code(Status::kX509InvalidPrivateKeyType, "RSASSA-PSS parameters",
                                           [&]() { return parse_pss_parameters(*parameters); });
                NXS_TRY(pss);
            }
            NXS_TRY(check_pkcs1(inner_key));
            return description;
        case KeyType::kEc: {
            if (!parameters || parameters->tag != tag::kOid) {
                return key_error("EC key without a named curve");
            }
            NXS_TRY_ASSIGN(const auto curve, named_curve(parameters->value));
            NXS_TRY_ASSIGN(description.curve, check_sec1(inner_key, curve));
            return description;
        }
        case KeyType::kEd25519:
        case KeyType::kEd448: {
            // RFC 8410 §7: parameters absent; CurvePrivateKey ::= OCTET STRING of 32 (Ed25519) or 57 (Ed448) bytes.
            if (parameters) {
                return key_error("EdDSA key with algorithm parameters");
            }
            const std::size_t expected = *type == KeyType::kEd25519 ? 32 : 57;
            const auto seed_checked =
                with_code(Status::kX509InvalidPrivateKeyType, "EdDSA private key", [&]() -> Result<void> {
                    DerReader reader(inner_key);
                    NXS_TRY_ASSIGN(const Bytes seed, reader.read_octet_string());
                    NXS_TRY(reader.expect_end("CurvePrivateKey"));
                    if (seed.size() != expected) {
                        return key_error("EdDSA private key of the wrong length");
                    }
                    return {};
                });
            NXS_TRY(seed_checked);
            return description;
        }
    }
    return description;
}

// Which container a DER key is, from the first two elements of its SEQUENCE.
Result<Format> detect_format(Bytes der) {
    DerReader outer(der);
    auto sequence = outer.enter(tag::kSequence);
    if (!sequence.ok()) {
        return key_error("not a DER private key (no outer SEQUENCE)");
    }
    if (sequence->next_is(tag::kSequence)) {
        // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
        return key_error("encrypted keys are not supported");
    }
    if (!sequence->next_is(tag::kInteger) || !sequence->read_integer().ok()) {
        return key_error("not a private key structure (no version INTEGER)");
    }
    if (sequence->next_is(tag::kSequence)) {
        return Format::kPkcs8;
    }
    if (sequence->next_is(tag::kOctetString)) {
        return Format::kSec1;
    }
    if (sequence->next_is(tag::kInteger)) {
        return Format::kPkcs1;
    }
    return key_error("not a PKCS #8, PKCS #1 or SEC1 private key");
}

// Owns decoded PEM key bytes and wipes them when done.
struct WipedBytes {
    std::vector<std::uint8_t> bytes;
    WipedBytes() = default;
    WipedBytes(const WipedBytes&) = delete;
    WipedBytes& operator=(const WipedBytes&) = delete;
    ~WipedBytes() { secure_wipe(bytes.data(), bytes.size()); }
};

struct KeyBlock {
    Bytes der;
    std::optional<Format> format;  // from the PEM label; nullopt for DER input
};

// The one private key block of a PEM input (RFC 7468 §10, §11 and the legacy OpenSSL labels).
Result<KeyBlock> find_key_block(std::vector<PemBlock>& blocks) {
    std::optional<KeyBlock> found;
    for (auto& block : blocks) {
        std::optional<Format> format;
        if (block.label == "PRIVATE KEY") {
            format = Format::kPkcs8;
        } else if (block.label == "RSA PRIVATE KEY") {
            format = Format::kPkcs1;
        } else if (block.label == "EC PRIVATE KEY") {
            format = Format::kSec1;
        } else if (block.label == "ENCRYPTED PRIVATE KEY") {
            return key_error("encrypted keys are not supported");
        } else {
            continue;  // "EC PARAMETERS", certificates, anything else
        }
        // RFC 1421 headers in a key block mean a legacy OpenSSL encrypted key ("Proc-Type: 4,ENCRYPTED").
        if (block.has_headers) {
            return key_error("encrypted keys are not supported");
        }
        if (found) {
            return key_error("more than one private key in the PEM input");
        }
        found = KeyBlock{block.der, format};
    }
    if (!found) {
        return key_error("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in the PEM input");
    }
    return *found;
}

}  // namespace

Result<PrivateKeyDescription> inspect_private_key(std::span<const std::uint8_t> der) {
    NXS_TRY_ASSIGN(const auto format, detect_format(der));
    switch (format) {
        case Format::kPkcs8:
            return check_pkcs8(der);
        case Format::kPkcs1:
            NXS_TRY(check_pkcs1(der));
            return PrivateKeyDescription{Format::kPkcs1, KeyType::kRsa, EcCurve::kNone};
        case Format::kSec1: {
            NXS_TRY_ASSIGN(const auto curve, check_sec1(der, EcCurve::kNone));
            return PrivateKeyDescription{Format::kSec1, KeyType::kEc, curve};
        }
    }
    return key_error("unknown format");
}

Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(const crypto::Provider& provider,
                                                             std::span<const std::uint8_t> pem_or_der) {
    WipedBytes decoded;
    KeyBlock key{pem_or_der, std::nullopt};
    if (looks_like_pem(pem_or_der)) {
        const std::string_view text(reinterpret_cast<const char*>(pem_or_der.data()), pem_or_der.size());
        NXS_TRY_ASSIGN(auto blocks, parse_pem(text));
        auto chosen = find_key_block(blocks);
        if (chosen.ok()) {
            decoded.bytes.assign(chosen->der.begin(), chosen->der.end());
            key = KeyBlock{decoded.bytes, chosen->format};
        }
        for (auto& block : blocks) {
            secure_wipe(block.der.data(), block.der.size());
        }
        NXS_TRY(chosen);
    }
    NXS_TRY_ASSIGN(const auto description, inspect_private_key(key.der));
    // The label and the structure must agree ("RSA PRIVATE KEY" holding a PKCS #8 key is a mislabelled file).
    if (key.format && *key.format != description.format) {
        return key_error("the PEM label does not match the key structure inside");
    }
    return provider.load_private_key(description.format, key.der);
}

Result<void> check_key_matches_certificate(const Certificate& certificate, const crypto::PrivateKey& key) {
    const Bytes key_spki = key.public_spki_der();
    const Bytes cert_spki = certificate.public_key().der;
    if (!std::equal(key_spki.begin(), key_spki.end(), cert_spki.begin(), cert_spki.end())) {
        return Error(Status::kX509InvalidPublicKey, "the private key does not belong to the certificate (" +
                                                        certificate.subject().to_string() +
                                                        "): their public keys differ");
    }
    return {};
}

}  // namespace nxs::x509
