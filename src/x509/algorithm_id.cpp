#include "x509/algorithm_id.h"

#include "x509/oids.h"

namespace nxs::x509 {
namespace {

using crypto::HashAlgorithm;
using crypto::SignatureAlgorithm;
using crypto::SignatureKind;

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

Error bad_parameters(std::string_view what, std::size_t offset) {
    return Error(Status::kX509InvalidCertificateData, std::string(what) + at(offset));
}

struct AlgorithmIdentifier {
    Bytes oid;
    std::optional<Element> parameters;
};

// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }
Result<AlgorithmIdentifier> read_algorithm_identifier(const Element& element) {
    if (element.tag != tag::kSequence) {
        return Error(Status::kX509UnexpectedAsn1Tag,
                     "AlgorithmIdentifier is not a SEQUENCE but " + tag_to_string(element.tag) + at(element.offset));
    }
    DerReader reader = contents_reader(element);
    AlgorithmIdentifier id;
    NXS_TRY_ASSIGN(id.oid, reader.read_oid());
    if (!reader.empty()) {
        NXS_TRY_ASSIGN(id.parameters, reader.read_any());
    }
    NXS_TRY(reader.expect_end("AlgorithmIdentifier"));
    return id;
}

bool is_null(const std::optional<Element>& parameters) {
    return parameters && parameters->tag == tag::kNull && parameters->value.empty();
}

// A hash AlgorithmIdentifier inside RSASSA-PSS-params: RFC 4055 §2.1 — parameters absent or NULL, both accepted.
Result<std::optional<HashAlgorithm>> read_hash_algorithm(const Element& element) {
    NXS_TRY_ASSIGN(const auto id, read_algorithm_identifier(element));
    if (id.parameters && !is_null(id.parameters)) {
        return bad_parameters("hash AlgorithmIdentifier with parameters other than NULL", element.offset);
    }
    if (oid_equals(id.oid, oid::kSha1)) {
        return std::optional(HashAlgorithm::kSha1);
    }
    if (oid_equals(id.oid, oid::kSha256)) {
        return std::optional(HashAlgorithm::kSha256);
    }
    if (oid_equals(id.oid, oid::kSha384)) {
        return std::optional(HashAlgorithm::kSha384);
    }
    if (oid_equals(id.oid, oid::kSha512)) {
        return std::optional(HashAlgorithm::kSha512);
    }
    return std::optional<HashAlgorithm>();
}

// The one EXPLICIT-tagged element inside [n] of RSASSA-PSS-params.
Result<Element> read_explicit(const Element& wrapper) {
    DerReader reader = contents_reader(wrapper);
    NXS_TRY_ASSIGN(const auto inner, reader.read_any());
    NXS_TRY(reader.expect_end("an EXPLICIT tagged field"));
    return inner;
}

Result<std::optional<std::uint8_t>> curve_coordinate_length(crypto::EcCurve curve) {
    switch (curve) {
        case crypto::EcCurve::kP256:
            return std::optional<std::uint8_t>(32);
        case crypto::EcCurve::kP384:
            return std::optional<std::uint8_t>(48);
        case crypto::EcCurve::kP521:
            return std::optional<std::uint8_t>(66);
        case crypto::EcCurve::kNone:
            break;
    }
    return std::optional<std::uint8_t>();
}

Error invalid_key(std::string_view what, std::size_t offset) {
    return Error(Status::kX509InvalidPublicKey, "subjectPublicKeyInfo: " + std::string(what) + at(offset));
}

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 Appendix A.1.1), both positive.
Result<std::size_t> check_rsa_public_key(Bytes key, std::size_t offset) {
    DerReader outer(key, offset);
    NXS_TRY_ASSIGN(auto sequence, outer.enter(tag::kSequence));
    NXS_TRY(outer.expect_end("RSAPublicKey"));
    NXS_TRY_ASSIGN(const Bytes modulus, sequence.read_integer());
    NXS_TRY_ASSIGN(const Bytes exponent, sequence.read_integer());
    NXS_TRY(sequence.expect_end("RSAPublicKey"));
    auto positive = [](Bytes integer) { return (integer[0] & 0x80) == 0 && !(integer.size() == 1 && integer[0] == 0); };
    if (!positive(modulus) || !positive(exponent)) {
        return invalid_key("RSA modulus or exponent not positive", offset);
    }
    // Bits of the modulus: the leading zero octet (if any) does not count.
    const Bytes magnitude = modulus[0] == 0 ? modulus.subspan(1) : modulus;
    std::size_t bits = magnitude.size() * 8;
    for (std::uint8_t top = magnitude[0]; (top & 0x80) == 0; top = static_cast<std::uint8_t>(top << 1)) {
        --bits;
    }
    return bits;
}

Result<void> check_ec_point(PublicKeyInfo& info, std::size_t offset) {
    NXS_TRY_ASSIGN(const auto coordinate, curve_coordinate_length(info.curve));
    if (!coordinate) {
        return {};
    }
    // RFC 5480 §2.2: the ECPoint as an OCTET STRING; nxs takes the uncompressed form 0x04 || X || Y only.
    if (info.key.empty() || info.key[0] != 0x04) {
        return invalid_key("EC point is not in uncompressed form", offset);
    }
    if (info.key.size() != 1 + 2 * std::size_t{*coordinate}) {
        return invalid_key("EC point has the wrong length for its curve", offset);
    }
    info.bits = info.curve == crypto::EcCurve::kP521 ? 521 : std::size_t{*coordinate} * 8;
    return {};
}

Result<PublicKeyInfo> read_public_key_info(const Element& element) {
    if (element.tag != tag::kSequence) {
        return invalid_key("not a SEQUENCE", element.offset);
    }
    PublicKeyInfo info;
    info.der = element.encoded;
    DerReader reader = contents_reader(element);
    NXS_TRY_ASSIGN(const auto algorithm_element, reader.read(tag::kSequence));
    NXS_TRY_ASSIGN(const auto algorithm, read_algorithm_identifier(algorithm_element));
    const std::size_t key_offset = reader.offset();
    NXS_TRY_ASSIGN(const BitString key, reader.read_bit_string());
    NXS_TRY(reader.expect_end("SubjectPublicKeyInfo"));
    info.algorithm_oid = algorithm.oid;
    info.algorithm_parameters = algorithm.parameters ? algorithm.parameters->encoded : Bytes();
    info.key = key.bytes;
    info.type = key_type_for_oid(algorithm.oid);
    if (!info.type) {
        return info;
    }
    if (key.unused_bits != 0) {
        return invalid_key("subjectPublicKey is not a whole number of octets", key_offset);
    }
    switch (*info.type) {
        case crypto::KeyType::kRsa: {
            // RFC 3279 §2.3.1: the parameters of rsaEncryption SHALL be NULL.
            if (!is_null(algorithm.parameters)) {
                return invalid_key("rsaEncryption parameters are not NULL", algorithm_element.offset);
            }
            NXS_TRY_ASSIGN(info.bits, check_rsa_public_key(info.key, key_offset));
            return info;
        }
        case crypto::KeyType::kRsaPss: {
            // RFC 4055 §3.1: in a public key the RSASSA-PSS-params are optional; when present they restrict the key.
            if (algorithm.parameters) {
                NXS_TRY(parse_pss_parameters(*algorithm.parameters));
            }
            NXS_TRY_ASSIGN(info.bits, check_rsa_public_key(info.key, key_offset));
            return info;
        }
        case crypto::KeyType::kEc: {
            // RFC 5480 §2.1.1: ECParameters ::= CHOICE { namedCurve, implicitCurve NULL, specifiedCurve }; RFC 5480
            // says specifiedCurve and implicitCurve MUST NOT be used in PKIX.
            if (!algorithm.parameters || algorithm.parameters->tag != tag::kOid) {
                return invalid_key("EC key without a named curve (explicit or implicit curve parameters)",
                                   algorithm_element.offset);
            }
            NXS_TRY(check_oid_encoding(algorithm.parameters->value, algorithm.parameters->offset));
            const auto curve = curve_for_oid(algorithm.parameters->value);
            if (!curve) {
                // A curve nxs does not support (P-192, brainpool...): a well-formed but unusable key.
                info.type.reset();
                return info;
            }
            info.curve = *curve;
            NXS_TRY(check_ec_point(info, key_offset));
            return info;
        }
        case crypto::KeyType::kEd25519:
        case crypto::KeyType::kEd448: {
            // RFC 8410 §3: "the parameters MUST be absent"; §4: the key is the raw 32- or 57-byte public value.
            if (algorithm.parameters) {
                return invalid_key("EdDSA key with algorithm parameters", algorithm_element.offset);
            }
            const std::size_t length = *info.type == crypto::KeyType::kEd25519 ? 32 : 57;
            if (info.key.size() != length) {
                return invalid_key("EdDSA key of the wrong length", key_offset);
            }
            info.bits = *info.type == crypto::KeyType::kEd25519 ? 256 : 456;
            return info;
        }
    }
    return info;
}

}  // namespace

std::optional<crypto::KeyType> key_type_for_oid(Bytes oid) noexcept {
    if (oid_equals(oid, oid::kRsaEncryption)) {
        return crypto::KeyType::kRsa;
    }
    if (oid_equals(oid, oid::kRsassaPss)) {
        return crypto::KeyType::kRsaPss;
    }
    if (oid_equals(oid, oid::kEcPublicKey)) {
        return crypto::KeyType::kEc;
    }
    if (oid_equals(oid, oid::kEd25519)) {
        return crypto::KeyType::kEd25519;
    }
    if (oid_equals(oid, oid::kEd448)) {
        return crypto::KeyType::kEd448;
    }
    return std::nullopt;
}

std::optional<crypto::EcCurve> curve_for_oid(Bytes oid) noexcept {
    if (oid_equals(oid, oid::kPrime256v1)) {
        return crypto::EcCurve::kP256;
    }
    if (oid_equals(oid, oid::kSecp384r1)) {
        return crypto::EcCurve::kP384;
    }
    if (oid_equals(oid, oid::kSecp521r1)) {
        return crypto::EcCurve::kP521;
    }
    return std::nullopt;
}

Result<std::optional<SignatureAlgorithm>> parse_pss_parameters(const Element& parameters) {
    // RSASSA-PSS-params ::= SEQUENCE {
    //     hashAlgorithm    [0] HashAlgorithm    DEFAULT sha1,
    //     maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
    //     saltLength       [2] INTEGER          DEFAULT 20,
    //     trailerField     [3] TrailerField     DEFAULT trailerFieldBC }   (RFC 4055 §3.1)
    if (parameters.tag != tag::kSequence) {
        return bad_parameters("RSASSA-PSS parameters are not a SEQUENCE", parameters.offset);
    }
    DerReader reader = contents_reader(parameters);
    SignatureAlgorithm algorithm{SignatureKind::kRsaPss, HashAlgorithm::kSha1, HashAlgorithm::kSha1, 20};
    bool supported = true;
    NXS_TRY_ASSIGN(const auto hash_field, reader.read_optional(tag::context_constructed(0)));
    if (hash_field) {
        NXS_TRY_ASSIGN(const auto inner, read_explicit(*hash_field));
        NXS_TRY_ASSIGN(const auto hash, read_hash_algorithm(inner));
        supported = supported && hash.has_value();
        algorithm.hash = hash.value_or(HashAlgorithm::kSha1);
    }
    NXS_TRY_ASSIGN(const auto mgf_field, reader.read_optional(tag::context_constructed(1)));
    if (mgf_field) {
        NXS_TRY_ASSIGN(const auto inner, read_explicit(*mgf_field));
        NXS_TRY_ASSIGN(const auto mgf, read_algorithm_identifier(inner));
        if (!oid_equals(mgf.oid, oid::kMgf1)) {
            supported = false;
        } else if (!mgf.parameters) {
            return bad_parameters("MGF1 without its hash AlgorithmIdentifier", inner.offset);
        } else {
            NXS_TRY_ASSIGN(const auto mgf_hash, read_hash_algorithm(*mgf.parameters));
            supported = supported && mgf_hash.has_value();
            algorithm.mgf1_hash = mgf_hash.value_or(HashAlgorithm::kSha1);
        }
    }
    NXS_TRY_ASSIGN(const auto salt_field, reader.read_optional(tag::context_constructed(2)));
    if (salt_field) {
        DerReader inner = contents_reader(*salt_field);
        NXS_TRY_ASSIGN(const auto salt, inner.read_small_integer());
        NXS_TRY(inner.expect_end("saltLength"));
        algorithm.pss_salt_length = static_cast<std::size_t>(salt);
    }
    NXS_TRY_ASSIGN(const auto trailer_field, reader.read_optional(tag::context_constructed(3)));
    if (trailer_field) {
        DerReader inner = contents_reader(*trailer_field);
        NXS_TRY_ASSIGN(const auto trailer, inner.read_small_integer());
        NXS_TRY(inner.expect_end("trailerField"));
        // RFC 4055 §3.1: "The only supported value is 1" (trailerFieldBC, 0xBC).
        if (trailer != 1) {
            return bad_parameters("RSASSA-PSS trailerField is not 1", trailer_field->offset);
        }
    }
    NXS_TRY(reader.expect_end("RSASSA-PSS-params"));
    if (!supported) {
        return std::optional<SignatureAlgorithm>();
    }
    return std::optional(algorithm);
}

Result<SignatureAlgorithmId> parse_signature_algorithm(const Element& element) {
    NXS_TRY_ASSIGN(const auto id, read_algorithm_identifier(element));
    SignatureAlgorithmId result;
    result.oid = id.oid;
    result.parameters = id.parameters ? id.parameters->encoded : Bytes();
    struct Fixed {
        Bytes oid;
        SignatureKind kind;
        HashAlgorithm hash;
    };
    const Fixed kPkcs1[] = {
        {oid::kSha1WithRsa, SignatureKind::kRsaPkcs1, HashAlgorithm::kSha1},
        {oid::kSha256WithRsa, SignatureKind::kRsaPkcs1, HashAlgorithm::kSha256},
        {oid::kSha384WithRsa, SignatureKind::kRsaPkcs1, HashAlgorithm::kSha384},
        {oid::kSha512WithRsa, SignatureKind::kRsaPkcs1, HashAlgorithm::kSha512},
    };
    for (const auto& entry : kPkcs1) {
        if (std::equal(id.oid.begin(), id.oid.end(), entry.oid.begin(), entry.oid.end())) {
            // RFC 4055 §5: the parameters MUST be NULL, and implementations MUST accept them absent as well.
            if (id.parameters && !is_null(id.parameters)) {
                return bad_parameters("PKCS #1 v1.5 signature algorithm with parameters other than NULL",
                                      element.offset);
            }
            result.algorithm = SignatureAlgorithm{entry.kind, entry.hash};
            return result;
        }
    }
    const Fixed kNoParameters[] = {
        {oid::kEcdsaWithSha256, SignatureKind::kEcdsa, HashAlgorithm::kSha256},
        {oid::kEcdsaWithSha384, SignatureKind::kEcdsa, HashAlgorithm::kSha384},
        {oid::kEcdsaWithSha512, SignatureKind::kEcdsa, HashAlgorithm::kSha512},
        {oid::kEd25519, SignatureKind::kEd25519, HashAlgorithm::kSha512},
        {oid::kEd448, SignatureKind::kEd448, HashAlgorithm::kSha512},
    };
    for (const auto& entry : kNoParameters) {
        if (std::equal(id.oid.begin(), id.oid.end(), entry.oid.begin(), entry.oid.end())) {
            // RFC 5758 §3.2 (ECDSA) and RFC 8410 §3 (EdDSA): the parameters MUST be absent.
            if (id.parameters) {
                return bad_parameters("ECDSA/EdDSA signature algorithm with parameters", element.offset);
            }
            result.algorithm = SignatureAlgorithm{entry.kind, entry.hash};
            return result;
        }
    }
    if (oid_equals(id.oid, oid::kRsassaPss)) {
        // RFC 4055 §3.1: with a signature value "the parameters MUST be present".
        if (!id.parameters) {
            return bad_parameters("RSASSA-PSS signature algorithm without parameters", element.offset);
        }
        NXS_TRY_ASSIGN(result.algorithm, parse_pss_parameters(*id.parameters));
        return result;
    }
    return result;
}

Result<PublicKeyInfo> parse_public_key_info(const Element& element) {
    auto info = read_public_key_info(element);
    if (!info.ok() && info.status() != Status::kX509InvalidPublicKey) {
        // Every failure inside the SubjectPublicKeyInfo is reported as an invalid key, with the DER reason kept.
        return Error(Status::kX509InvalidPublicKey, "subjectPublicKeyInfo: " + info.error().message());
    }
    return info;
}

}  // namespace nxs::x509
