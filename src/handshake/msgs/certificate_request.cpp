#include "handshake/msgs/certificate_request.h"

#include "handshake/ext/groups_and_signatures.h"

namespace nxs::tls13 {

Result<CertificateRequest> CertificateRequest::decode(Bytes body) {
    Reader reader(body);
    CertificateRequest request;
    NXS_TRY_ASSIGN(request.certificate_request_context, reader.vec8_bytes());
    NXS_TRY_ASSIGN(request.extensions, handshake::ExtensionList::decode(reader));
    NXS_TRY(reader.expect_end());
    // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified".
    NXS_TRY(handshake::require_extension<handshake::SignatureAlgorithms>(request.extensions));
    return request;
}

Result<void> CertificateRequest::encode(Writer& writer) const {
    NXS_TRY(writer.vec8(certificate_request_context));
    return extensions.encode(writer);
}

}  // namespace nxs::tls13
