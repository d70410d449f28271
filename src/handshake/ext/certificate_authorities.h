// certificate_authorities (RFC 8446 §4.2.4): DistinguishedName authorities<3..2^16-1>, each opaque <1..2^16-1>.
// The DNs are DER views, not parsed here (x509/ does that if the state machine wants to match them).
#pragma once

#include <vector>

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

using handshake::ExtensionType;

struct CertificateAuthorities {
    static constexpr ExtensionType kType = ExtensionType::kCertificateAuthorities;
    std::vector<Bytes> authorities;  // DER Name of each acceptable CA; empty list or empty DN → 0x10A

    static Result<CertificateAuthorities> decode(Bytes data);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
