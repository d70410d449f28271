// Certificate parsing (RFC 5280 §4.1): the outer SEQUENCE, then every TBSCertificate field in order.
#include "nxs/x509/certificate.h"

#include "nxs/x509/pem.h"
#include "x509/algorithm_id.h"
#include "x509/der.h"
#include "x509/extensions.h"
#include "x509/name.h"
#include "x509/time.h"

namespace nxs::x509 {
namespace {

std::string at(std::size_t offset) {
    return " at offset " + std::to_string(offset);
}

// RFC 5280 §4.1.2.2: "Certificate users MUST be able to handle serialNumber values up to 20 octets. Conforming CAs
// MUST NOT use serialNumber values longer than 20 octets." We accept up to 20 octets of magnitude (21 contents octets
// when a leading zero keeps a 20-octet value positive) and refuse longer ones. Zero and negative serials are
// non-conforming too, but §4.1.2.2 asks users to "gracefully handle such certificates", and deployed ones exist:
// they are accepted (a serial is only ever compared, never computed with).
Result<Bytes> read_serial(DerReader& tbs) {
    const std::size_t offset = tbs.offset();
    NXS_TRY_ASSIGN(const Bytes serial, tbs.read_integer());
    const std::size_t magnitude = serial[0] == 0 && serial.size() > 1 ? serial.size() - 1 : serial.size();
    if (magnitude > 20) {
        return Error(Status::kX509InvalidCertificateData, "serialNumber longer than 20 octets" + at(offset));
    }
    return serial;
}

// version [0] EXPLICIT Version DEFAULT v1, Version ::= INTEGER { v1(0), v2(1), v3(2) }
Result<int> read_version(DerReader& tbs) {
    NXS_TRY_ASSIGN(const auto field, tbs.read_optional(tag::context_constructed(0)));
    if (!field) {
        return 1;
    }
    DerReader inner = contents_reader(*field);
    NXS_TRY_ASSIGN(const Bytes value, inner.read_integer());
    NXS_TRY(inner.expect_end("version"));
    // X.690 §11.5: DER leaves out a value equal to the DEFAULT, so v1 is never encoded explicitly.
    if (value.size() == 1 && value[0] == 0) {
        return Error(Status::kX509InvalidVersion,
                     "version v1 encoded explicitly (DER omits the default)" + at(field->offset));
    }
    if (value.size() != 1 || value[0] > 2) {
        return Error(Status::kX509InvalidVersion, "unknown certificate version" + at(field->offset));
    }
    return value[0] + 1;
}

// Validity ::= SEQUENCE { notBefore Time, notAfter Time }
Result<void> read_validity(DerReader& tbs, std::int64_t& not_before, std::int64_t& not_after) {
    NXS_TRY_ASSIGN(auto validity, tbs.enter(tag::kSequence));
    NXS_TRY_ASSIGN(const auto before, validity.read_any());
    NXS_TRY_ASSIGN(not_before, parse_time(before));
    NXS_TRY_ASSIGN(const auto after, validity.read_any());
    NXS_TRY_ASSIGN(not_after, parse_time(after));
    NXS_TRY(validity.expect_end("Validity"));
    return {};
}

// issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL, subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL.
// RFC 5280 §4.1.2.8: "These fields MUST only appear if the version is 2 or 3."
Result<void> read_unique_id(DerReader& tbs, std::uint8_t number, int version) {
    NXS_TRY_ASSIGN(const auto field, tbs.read_optional(tag::context(number)));
    if (!field) {
        return {};
    }
    const char* name = number == 1 ? "issuerUniqueID" : "subjectUniqueID";
    if (version < 2) {
        return Error(Status::kX509InvalidVersion, std::string(name) + " in a v1 certificate" + at(field->offset));
    }
    // A BIT STRING's contents: the unused-bits octet, then the bits (X.690 §8.6.2).
    if (field->value.empty() || field->value[0] > 7) {
        return Error(Status::kX509InvalidCertificateData,
                     std::string(name) + " is not a BIT STRING" + at(field->offset));
    }
    return {};
}

}  // namespace

Result<Certificate> Certificate::parse(Bytes der) {
    Certificate cert;
    // The one allocation: every field below is a view into this copy.
    cert.m_der = std::make_shared<const std::vector<std::uint8_t>>(der.begin(), der.end());
    const Bytes input(cert.m_der->data(), cert.m_der->size());

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §4.1)
    DerReader top(input);
    if (!top.next_is(tag::kSequence)) {
        return Error(Status::kX509InvalidCertificateSequence,
                     "not a certificate: the input does not start with a "
                     "SEQUENCE");
    }
    NXS_TRY_ASSIGN(const auto certificate, top.read_any());
    if (!top.empty()) {
        return Error(Status::kX509InvalidCertificateSequence, "data after the certificate" + at(top.offset()));
    }
    DerReader outer = contents_reader(certificate);
    NXS_TRY_ASSIGN(const auto tbs_element, outer.read(tag::kSequence));
    if (!outer.next_is(tag::kSequence)) {
        return Error(Status::kX509MissingSignatureAlgorithm,
                     "certificate without signatureAlgorithm" + at(outer.offset()));
    }
    NXS_TRY_ASSIGN(const auto outer_algorithm, outer.read(tag::kSequence));
    const std::size_t signature_offset = outer.offset();
    NXS_TRY_ASSIGN(const BitString signature, outer.read_bit_string());
    // The signature is a whole number of octets for every algorithm in use.
    if (signature.unused_bits != 0) {
        return Error(Status::kX509FoundNonZeroPadding, "signatureValue has unused bits" + at(signature_offset));
    }
    NXS_TRY(outer.expect_end("Certificate"));
    NXS_TRY_ASSIGN(cert.m_signature_algorithm, parse_signature_algorithm(outer_algorithm));
    cert.m_signature = signature.bytes;
    cert.m_tbs = tbs_element.encoded;

    // TBSCertificate ::= SEQUENCE { version, serialNumber, signature, issuer, validity, subject,
    //     subjectPublicKeyInfo, issuerUniqueID [1], subjectUniqueID [2], extensions [3] }
    DerReader tbs = contents_reader(tbs_element);
    NXS_TRY_ASSIGN(cert.m_version, read_version(tbs));
    NXS_TRY_ASSIGN(cert.m_serial, read_serial(tbs));
    if (!tbs.next_is(tag::kSequence)) {
        return Error(Status::kX509MissingSignatureAlgorithm,
                     "TBSCertificate without its signature "
                     "AlgorithmIdentifier" +
                         at(tbs.offset()));
    }
    NXS_TRY_ASSIGN(const auto inner_algorithm, tbs.read(tag::kSequence));
    // RFC 5280 §4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the signature field in
    // the sequence tbsCertificate". Compared as DER, byte for byte.
    if (!std::equal(inner_algorithm.encoded.begin(), inner_algorithm.encoded.end(), outer_algorithm.encoded.begin(),
                    outer_algorithm.encoded.end())) {
        return Error(Status::kX509WrongSignatureMethod,
                     "TBSCertificate signature algorithm differs from the certificate's signatureAlgorithm" +
                         at(inner_algorithm.offset));
    }
    NXS_TRY_ASSIGN(const auto issuer, tbs.read_any());
    NXS_TRY_ASSIGN(cert.m_issuer, parse_name(issuer, "issuer"));
    NXS_TRY(read_validity(tbs, cert.m_not_before, cert.m_not_after));
    NXS_TRY_ASSIGN(const auto subject, tbs.read_any());
    NXS_TRY_ASSIGN(cert.m_subject, parse_name(subject, "subject"));
    const auto next = tbs.peek_tag();
    if (!next || (*next & tag::kClassMask) == tag::kContextClass) {
        return Error(Status::kX509MissingPublicKey, "TBSCertificate without subjectPublicKeyInfo" + at(tbs.offset()));
    }
    NXS_TRY_ASSIGN(const auto key, tbs.read_any());
    NXS_TRY_ASSIGN(cert.m_public_key, parse_public_key_info(key));
    NXS_TRY(read_unique_id(tbs, 1, cert.m_version));
    NXS_TRY(read_unique_id(tbs, 2, cert.m_version));
    NXS_TRY_ASSIGN(const auto extensions, tbs.read_optional(tag::context_constructed(3)));
    if (extensions) {
        // RFC 5280 §4.1.2.9: "This field MUST only appear if the version is 3".
        if (cert.m_version != 3) {
            return Error(Status::kX509InvalidVersion, "extensions in a v" + std::to_string(cert.m_version) +
                                                          " certificate" + at(extensions->offset));
        }
        NXS_TRY_ASSIGN(cert.m_extensions, parse_certificate_extensions(*extensions, cert.m_extensions_der));
    }
    NXS_TRY(tbs.expect_end("TBSCertificate"));
    return cert;
}

bool Certificate::is_self_issued() const {
    return names_equal(m_subject, m_issuer);
}

Result<std::vector<Certificate>> parse_certificates(Bytes pem_or_der) {
    std::vector<Certificate> out;
    if (!looks_like_pem(pem_or_der)) {
        NXS_TRY_ASSIGN(auto certificate, Certificate::parse(pem_or_der));
        out.push_back(std::move(certificate));
        return out;
    }
    const std::string_view text(reinterpret_cast<const char*>(pem_or_der.data()), pem_or_der.size());
    NXS_TRY_ASSIGN(const auto blocks, parse_pem(text));
    for (const auto& block : blocks) {
        // RFC 7468 §5.1: "CERTIFICATE"; other blocks (keys, CRLs, parameters) in the same file are skipped.
        if (block.label != "CERTIFICATE") {
            continue;
        }
        auto certificate = Certificate::parse(block.der);
        if (!certificate.ok()) {
            return Error(certificate.status(), "certificate in the PEM block on line " + std::to_string(block.line) +
                                                   ": " + certificate.error().message());
        }
        out.push_back(std::move(certificate).value());
    }
    if (out.empty()) {
        return Error(Status::kX509InvalidCertificateData, "no CERTIFICATE block in the PEM input");
    }
    return out;
}

}  // namespace nxs::x509
