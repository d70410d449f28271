// Extensions (RFC 5280 §4.1.2.9, §4.2, §5.2, §5.3): the framing shared by certificates and CRLs, and the
// certificate extensions nxs understands.
#pragma once

#include <array>
#include <cstddef>

#include "nxs/result.h"
#include "nxs/x509/certificate.h"
#include "x509/der.h"

namespace nxs::x509 {

// More is refused (real certificates carry about ten); the bound keeps the duplicate check allocation-free.
constexpr std::size_t kMaxExtensions = 64;

// One Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
struct ExtensionView {
    Bytes oid;
    bool critical = false;
    Element value;  // the extnValue OCTET STRING; its contents are the extension's DER
};

// Reads one Extension; malformed (including critical encoded as FALSE, which DER forbids for a DEFAULT value,
// X.690 §11.5) is NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE.
Result<ExtensionView> read_extension(DerReader& reader);

// A one-line description of an extension for messages: "extension subjectAltName (2.5.29.17) at offset 312".
std::string describe_extension(const ExtensionView& extension);

// Turns an error met while decoding `extension` into NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE naming it (a
// NX_SECURE_X509_NAME_STRING_TOO_LONG keeps its code).
Error extension_error(const ExtensionView& extension, const Error& cause);

// NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE with "<what> at offset N": a malformed extension (certificate or CRL).
Error malformed_extension(std::string_view what, std::size_t offset);
// The single DER value an extnValue holds (RFC 5280 §4.1: "an OCTET STRING ... contains the DER encoding of an ASN.1
// value corresponding to the extension type"), which must have `expected_tag`.
Result<Element> extension_single_value(const ExtensionView& extension, std::uint8_t expected_tag);

// Calls `visit(const ExtensionView&) -> Result<void>` for each Extension in the contents of an Extensions SEQUENCE,
// after checking its framing and that no extension appears twice (RFC 5280 §4.2: "A certificate MUST NOT include
// more than one instance of a particular extension"; §5.2 and §5.3 say the same of CRLs).
template <typename Visit>
Result<void> for_each_extension(const Element& sequence, Visit&& visit) {
    std::array<Bytes, kMaxExtensions> seen;
    std::size_t count = 0;
    DerReader reader = contents_reader(sequence);
    while (!reader.empty()) {
        NXS_TRY_ASSIGN(const auto extension, read_extension(reader));
        for (std::size_t i = 0; i < count; ++i) {
            if (std::equal(seen[i].begin(), seen[i].end(), extension.oid.begin(), extension.oid.end())) {
                return Error(Status::kX509InvalidExtensionSequence, "duplicate " + describe_extension(extension));
            }
        }
        if (count == kMaxExtensions) {
            return Error(Status::kX509InvalidExtensionSequence,
                         "more than " + std::to_string(kMaxExtensions) + " extensions");
        }
        seen[count++] = extension.oid;
        NXS_TRY(visit(extension));
    }
    return {};
}

// Certificate extensions from the [3] EXPLICIT element of a TBSCertificate. The element must hold exactly one
// non-empty SEQUENCE (else NX_SECURE_X509_INVALID_EXTENSIONS); each known extension is decoded and checked, and an
// unknown extension marked critical is rejected (RFC 5280 §4.2: "A certificate-using system MUST reject the
// certificate if it encounters a critical extension it does not recognize"), both as
// NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE.
Result<Extensions> parse_certificate_extensions(const Element& explicit_wrapper, Bytes& sequence_contents);

// authorityKeyIdentifier (RFC 5280 §4.2.1.1, §5.2.1) into `out` (authority_key_id and its flags): shared by
// certificates and CRLs.
Result<void> parse_authority_key_identifier(const ExtensionView& extension, Extensions& out);

// DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN } — the element
// inside distributionPoint [0] (RFC 5280 §4.2.1.13, §5.2.5).
Result<void> check_distribution_point_name(const Element& element);

}  // namespace nxs::x509
