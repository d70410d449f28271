// CertificateRequest (RFC 8446 §4.3.2): opaque certificate_request_context<0..2^8-1>; Extension extensions<2..2^16-1>.
#pragma once

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

// Decode: RFC 8446 §4.3.2 "The "signature_algorithms" extension MUST be specified" — missing →
// NX_SECURE_TLS_MISSING_EXTENSION (0x144, missing_extension); a malformed one → 0x10A. Duplicates → 0x107.
// Read it with handshake::require_extension<handshake::SignatureAlgorithms>(request.extensions).
struct CertificateRequest {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kCertificateRequest;
    Bytes certificate_request_context;  // empty during the handshake (RFC 8446 §4.3.2)
    handshake::ExtensionList extensions;

    static Result<CertificateRequest> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
