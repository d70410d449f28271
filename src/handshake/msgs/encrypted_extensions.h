// EncryptedExtensions (RFC 8446 §4.3.1): Extension extensions<0..2^16-1>. Which extensions may appear is checked by
// tls13::check_response(list, ExtensionContext::kEncryptedExtensions, offered).
#pragma once

#include "handshake/ext/extension_list.h"

namespace nxs::tls13 {

struct EncryptedExtensions {
    static constexpr handshake::HandshakeType kType = handshake::HandshakeType::kEncryptedExtensions;
    handshake::ExtensionList extensions;

    static Result<EncryptedExtensions> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::tls13
