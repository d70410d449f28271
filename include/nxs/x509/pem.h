// nxs::x509 PEM (RFC 7468): the textual encoding of certificates, keys and CRLs.
//
// A PEM input holds any number of blocks
//   -----BEGIN LABEL-----
//   base64 lines
//   -----END LABEL-----
// with any text before, between and after them (ignored, RFC 7468 §2). Reading is strict where a mistake would
// otherwise go unnoticed: the END label must equal the BEGIN label, the base64 alphabet is the standard one with
// white space allowed only between characters, padding must be correct and final, and the unused bits of the last
// character must be zero. Every failure is NX_SECURE_X509_INVALID_CERTIFICATE_DATA (the seed has no PEM code; that
// one says "certificate identity data malformed", which is what a broken PEM certificate is) with a message giving
// the line and the reason.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nxs/export.h"
#include "nxs/result.h"

namespace nxs::x509 {

struct PemBlock {
    std::string label;              // "CERTIFICATE", "PRIVATE KEY", "X509 CRL", ...
    std::vector<std::uint8_t> der;  // the decoded contents
    bool has_headers = false;       // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") preceded the base64
    std::size_t line = 0;           // the BEGIN line, 1-based, for messages
};

// Every block of `text`, in order. No block at all is not an error (an empty vector).
NXS_API Result<std::vector<PemBlock>> parse_pem(std::string_view text);

// True if `data` contains a PEM BEGIN line: how parse_certificates and friends tell PEM from DER.
NXS_API bool looks_like_pem(std::span<const std::uint8_t> data) noexcept;

}  // namespace nxs::x509
