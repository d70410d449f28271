// CertificateVerify (RFC 8446 §4.4.3): SignatureScheme algorithm; opaque signature<0..2^16-1>. The wire form is TLS
// 1.2's digitally-signed struct too; the signed content below is TLS 1.3's.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "handshake/msgs/handshake_type.h"
#include "nxs/crypto/algorithms.h"

namespace nxs::handshake {

struct CertificateVerify {
    static constexpr HandshakeType kType = HandshakeType::kCertificateVerify;
    crypto::SignatureScheme algorithm = crypto::SignatureScheme::kEcdsaSecp256r1Sha256;
    Bytes signature;

    static Result<CertificateVerify> decode(Bytes body);
    Result<void> encode(Writer& writer) const;
};

}  // namespace nxs::handshake

namespace nxs::tls13 {

// Who signs: selects the context string of RFC 8446 §4.4.3.
enum class SignatureContext : std::uint8_t { kServer, kClient };

inline constexpr std::string_view kServerCertificateVerifyContext = "TLS 1.3, server CertificateVerify";
inline constexpr std::string_view kClientCertificateVerifyContext = "TLS 1.3, client CertificateVerify";

// RFC 8446 §4.4.3: 64 bytes of 0x20, the context string, a 0x00 byte, then Transcript-Hash(Handshake Context,
// Certificate): the bytes that are signed and verified.
std::vector<std::uint8_t> certificate_verify_content(SignatureContext context, Bytes transcript_hash);

}  // namespace nxs::tls13
