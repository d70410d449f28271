// DER encoding of certificates for build_certificate (builder.h). Each structure is built bottom-up as a byte
// vector and wrapped in its tag and length: certificates are small and built rarely, so clarity wins over copies.
#include "nxs/x509/builder.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

#include "x509/der.h"
#include "x509/time.h"

namespace nxs::x509 {
namespace {

using ByteVector = std::vector<std::uint8_t>;

// X.690 §8.1.3: definite length, short form below 128, else the minimal long form.
ByteVector tlv(std::uint8_t tag_byte, std::span<const std::uint8_t> content) {
    ByteVector out{tag_byte};
    const std::size_t length = content.size();
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
    } else {
        std::array<std::uint8_t, sizeof(std::size_t)> digits{};
        std::size_t count = 0;
        for (std::size_t value = length; value != 0; value >>= 8) {
            digits[count++] = static_cast<std::uint8_t>(value & 0xFF);
        }
        out.push_back(static_cast<std::uint8_t>(0x80 | count));
        for (std::size_t i = count; i > 0; --i) {
            out.push_back(digits[i - 1]);
        }
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

ByteVector concat(std::initializer_list<std::span<const std::uint8_t>> parts) {
    ByteVector out;
    for (const auto part : parts) {
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

ByteVector sequence(std::initializer_list<std::span<const std::uint8_t>> parts) {
    return tlv(tag::kSequence, concat(parts));
}

std::span<const std::uint8_t> text_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};  // NOLINT: text as octets
}

// INTEGER from big-endian magnitude: minimal, with a 0x00 in front when the top bit is set (X.690 §8.3).
ByteVector positive_integer(std::span<const std::uint8_t> magnitude) {
    std::size_t start = 0;
    while (start + 1 < magnitude.size() && magnitude[start] == 0) {
        ++start;
    }
    ByteVector content;
    if (magnitude.empty() || (magnitude[start] & 0x80) != 0) {
        content.push_back(0);
    }
    content.insert(content.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(start), magnitude.end());
    return tlv(tag::kInteger, content);
}

ByteVector small_integer(std::int64_t value) {
    ByteVector magnitude;
    for (int shift = 56; shift >= 0; shift -= 8) {
        magnitude.push_back(static_cast<std::uint8_t>((static_cast<std::uint64_t>(value) >> shift) & 0xFF));
    }
    return positive_integer(magnitude);
}

ByteVector oid(std::initializer_list<std::uint8_t> encoded) {
    return tlv(tag::kOid, ByteVector(encoded));
}

ByteVector bit_string(std::span<const std::uint8_t> bytes, std::uint8_t unused_bits = 0) {
    ByteVector content{unused_bits};
    content.insert(content.end(), bytes.begin(), bytes.end());
    return tlv(tag::kBitString, content);
}

// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
Result<ByteVector> encode_time(std::int64_t seconds) {
    // format_time gives "YYYY-MM-DD HH:MM:SS UTC"; the DER forms are its digits.
    const std::string text = format_time(seconds);
    if (text.size() != 23 || text[4] != '-') {
        return Error(Status::kX509InvalidDateFormat, "a validity date outside the years 0000-9999");
    }
    const std::string digits = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2) + text.substr(11, 2) +
                               text.substr(14, 2) + text.substr(17, 2) + "Z";
    const int year = std::stoi(text.substr(0, 4));
    if (year < 1950) {
        return Error(Status::kX509InvalidDateFormat, "a validity date before 1950 has no X.509 encoding");
    }
    if (year < 2050) {
        return tlv(tag::kUtcTime, text_bytes(std::string_view(digits).substr(2)));
    }
    return tlv(tag::kGeneralizedTime, text_bytes(digits));
}

ByteVector name_of(const CertificateTemplate& spec) {
    ByteVector rdns;
    auto add_rdn = [&rdns](std::initializer_list<std::uint8_t> type, std::string_view value) {
        const auto attribute = sequence({oid(type), tlv(tag::kUtf8String, text_bytes(value))});
        const auto rdn = tlv(tag::kSet, attribute);
        rdns.insert(rdns.end(), rdn.begin(), rdn.end());
    };
    if (!spec.organization.empty()) {
        add_rdn({0x55, 0x04, 0x0A}, spec.organization);  // id-at-organizationName
    }
    add_rdn({0x55, 0x04, 0x03}, spec.common_name);  // id-at-commonName
    return tlv(tag::kSequence, rdns);
}

ByteVector extension(std::initializer_list<std::uint8_t> type, bool critical, std::span<const std::uint8_t> value) {
    ByteVector content = oid(type);
    if (critical) {
        const auto flag = tlv(tag::kBoolean, ByteVector{0xFF});
        content.insert(content.end(), flag.begin(), flag.end());
    }
    const auto wrapped = tlv(tag::kOctetString, value);
    content.insert(content.end(), wrapped.begin(), wrapped.end());
    return tlv(tag::kSequence, content);
}

Result<ByteVector> subject_alt_names(const CertificateTemplate& spec) {
    ByteVector names;
    for (const auto& dns : spec.dns_names) {
        const auto entry = tlv(tag::context(2), text_bytes(dns));
        names.insert(names.end(), entry.begin(), entry.end());
    }
    for (const auto& ip : spec.ip_addresses) {
        std::array<std::uint8_t, 16> address{};
        ByteVector entry;
        if (::inet_pton(AF_INET, ip.c_str(), address.data()) == 1) {
            entry = tlv(tag::context(7), std::span<const std::uint8_t>(address.data(), 4));
        } else if (::inet_pton(AF_INET6, ip.c_str(), address.data()) == 1) {
            entry = tlv(tag::context(7), address);
        } else {
            return Error(Status::kX509InvalidCertificateData, "'" + ip + "' is not an IPv4 or IPv6 address");
        }
        names.insert(names.end(), entry.begin(), entry.end());
    }
    return tlv(tag::kSequence, names);
}

// keyUsage as a named BIT STRING with trailing zero bits removed (X.690 §11.2.2).
ByteVector key_usage(std::uint16_t bits) {
    std::uint8_t first = 0;
    std::uint8_t second = 0;
    for (unsigned i = 0; i < 9; ++i) {
        if ((bits & (1U << i)) != 0) {
            if (i < 8) {
                first = static_cast<std::uint8_t>(first | (0x80U >> i));
            } else {
                second = 0x80;
            }
        }
    }
    ByteVector bytes{first};
    if (second != 0) {
        bytes.push_back(second);
    }
    const std::uint8_t last = bytes.back();
    std::uint8_t unused = 0;
    while (unused < 7 && (last & (1U << unused)) == 0) {
        ++unused;
    }
    return bit_string(bytes, unused);
}

struct SignatureChoice {
    ByteVector algorithm_identifier;
    crypto::SignatureAlgorithm algorithm;
};

Result<SignatureChoice> signature_for(const crypto::PrivateKey& key) {
    using crypto::EcCurve;
    using crypto::HashAlgorithm;
    using crypto::KeyType;
    using crypto::SignatureKind;
    switch (key.type()) {
        case KeyType::kEc: {
            // ecdsa-with-SHA256/384/512 (RFC 5758 §3.2), parameters absent.
            const auto hash = key.curve() == EcCurve::kP384   ? HashAlgorithm::kSha384
                              : key.curve() == EcCurve::kP521 ? HashAlgorithm::kSha512
                                                              : HashAlgorithm::kSha256;
            const std::uint8_t last = hash == HashAlgorithm::kSha384 ? 3 : hash == HashAlgorithm::kSha512 ? 4 : 2;
            return SignatureChoice{sequence({oid({0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, last})}),
                                   {SignatureKind::kEcdsa, hash, hash, 0}};
        }
        case KeyType::kEd25519:
            return SignatureChoice{sequence({oid({0x2B, 0x65, 0x70})}),
                                   {SignatureKind::kEd25519, HashAlgorithm::kSha512, HashAlgorithm::kSha512, 0}};
        case KeyType::kEd448:
            return SignatureChoice{sequence({oid({0x2B, 0x65, 0x71})}),
                                   {SignatureKind::kEd448, HashAlgorithm::kSha512, HashAlgorithm::kSha512, 0}};
        case KeyType::kRsa:
            // sha256WithRSAEncryption with NULL parameters (RFC 4055 §5).
            return SignatureChoice{
                sequence({oid({0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B}), tlv(tag::kNull, {})}),
                {SignatureKind::kRsaPkcs1, HashAlgorithm::kSha256, HashAlgorithm::kSha256, 0}};
        case KeyType::kRsaPss:
            break;
    }
    return Error(Status::kTlsUnsupportedPublicCipher,
                 "certificates can be built only with EC, EdDSA or RSA issuer keys");
}

// RFC 7093 §2 method 1: the leftmost 160 bits of the SHA-256 of the subjectPublicKey bits.
Result<ByteVector> key_identifier(const crypto::Provider& provider, std::span<const std::uint8_t> spki) {
    DerReader outer(spki);
    NXS_TRY_ASSIGN(auto inner, outer.enter());
    NXS_TRY(inner.read(tag::kSequence));
    NXS_TRY_ASSIGN(const auto bits, inner.read_bit_string());
    std::array<std::uint8_t, 32> digest{};
    NXS_TRY(provider.hash(crypto::HashAlgorithm::kSha256, bits.bytes, digest));
    return ByteVector(digest.begin(), digest.begin() + 20);
}

}  // namespace

Result<Certificate> build_certificate(const crypto::Provider& provider, const CertificateTemplate& spec,
                                      std::span<const std::uint8_t> subject_spki, const Certificate* issuer,
                                      const crypto::PrivateKey& issuer_key) {
    NXS_TRY_ASSIGN(const auto signature, signature_for(issuer_key));
    ByteVector serial = spec.serial;
    if (serial.empty()) {
        serial.resize(16);
        NXS_TRY(provider.rng().fill(serial));
        serial[0] &= 0x7F;  // positive, and at most 20 octets once encoded (RFC 5280 §4.1.2.2)
        serial[0] |= 0x01;
    }
    const ByteVector subject = name_of(spec);
    const ByteVector issuer_name =
        issuer != nullptr ? ByteVector(issuer->subject().der.begin(), issuer->subject().der.end()) : subject;
    NXS_TRY_ASSIGN(const auto not_before, encode_time(spec.not_before));
    NXS_TRY_ASSIGN(const auto not_after, encode_time(spec.not_after));

    NXS_TRY_ASSIGN(const auto subject_key_id, key_identifier(provider, subject_spki));
    ByteVector authority_key_id = subject_key_id;
    if (issuer != nullptr && issuer->extensions().subject_key_id) {
        const auto ski = *issuer->extensions().subject_key_id;
        authority_key_id.assign(ski.begin(), ski.end());
    }

    ByteVector extensions;
    auto add = [&extensions](const ByteVector& ext) { extensions.insert(extensions.end(), ext.begin(), ext.end()); };
    if (spec.is_ca) {
        ByteVector constraints = tlv(tag::kBoolean, ByteVector{0xFF});
        if (spec.path_length) {
            const auto length = small_integer(*spec.path_length);
            constraints.insert(constraints.end(), length.begin(), length.end());
        }
        add(extension({0x55, 0x1D, 0x13}, true, tlv(tag::kSequence, constraints)));
        add(extension({0x55, 0x1D, 0x0F}, true, key_usage(kKeyCertSign | kCrlSign | kDigitalSignature)));
    } else {
        add(extension({0x55, 0x1D, 0x13}, true, tlv(tag::kSequence, {})));
        add(extension({0x55, 0x1D, 0x0F}, true, key_usage(kDigitalSignature)));
    }
    if (spec.server_auth || spec.client_auth) {
        ByteVector purposes;
        if (spec.server_auth) {
            const auto id = oid({0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01});
            purposes.insert(purposes.end(), id.begin(), id.end());
        }
        if (spec.client_auth) {
            const auto id = oid({0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02});
            purposes.insert(purposes.end(), id.begin(), id.end());
        }
        add(extension({0x55, 0x1D, 0x25}, false, tlv(tag::kSequence, purposes)));
    }
    if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
        NXS_TRY_ASSIGN(const auto names, subject_alt_names(spec));
        add(extension({0x55, 0x1D, 0x11}, false, names));
    }
    add(extension({0x55, 0x1D, 0x0E}, false, tlv(tag::kOctetString, subject_key_id)));
    add(extension({0x55, 0x1D, 0x23}, false, sequence({tlv(tag::context(0), authority_key_id)})));

    const ByteVector tbs =
        sequence({tlv(tag::context_constructed(0), small_integer(2)), positive_integer(serial),
                  signature.algorithm_identifier, issuer_name, sequence({not_before, not_after}), subject, subject_spki,
                  tlv(tag::context_constructed(3), tlv(tag::kSequence, extensions))});
    NXS_TRY_ASSIGN(const auto signature_value, issuer_key.sign(signature.algorithm, tbs));
    const ByteVector der = sequence({tbs, signature.algorithm_identifier, bit_string(signature_value)});
    return Certificate::parse(der);
}

}  // namespace nxs::x509
