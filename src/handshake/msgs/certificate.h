// Certificate (RFC 8446 §4.4.2): opaque certificate_request_context<0..2^8-1>;
// CertificateEntry certificate_list<0..2^24-1>, each {opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>}.
// cert_data is the DER certificate (or RawPublicKey SPKI, RFC 7250), kept as a view for x509/ to parse.
#pragma once

#include <vector>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

struct CertificateEntry {
    Bytes cert_data;  // empty → 0x10A
    handshake::ExtensionList extensions;
};

// Decode checks the wire shape only. An empty certificate_list decodes: whether that is acceptable (a client may send
// one; 0x145 when the server requires a certificate, 0x132 from a server) is the state machine's decision.
struct Certificate {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kCertificate;
    Bytes certificate_request_context;
    std::vector<CertificateEntry> certificate_list;  // end-entity first

    bool is_empty() const noexcept { return certificate_list.empty(); }
    static Result<Certificate> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
