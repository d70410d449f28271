#include "handshake/msgs/certificate_verify.h"

namespace nxs::handshake {

Result<CertificateVerify> CertificateVerify::decode(Bytes body) {
    Reader reader(body);
    NXS_TRY_ASSIGN(const auto algorithm, read_enum16<crypto::SignatureScheme>(reader));
    NXS_TRY_ASSIGN(const Bytes signature, reader.vec16_bytes());
    NXS_TRY(reader.expect_end());
    return CertificateVerify{algorithm, signature};
}

Result<void> CertificateVerify::encode(Writer& writer) const {
    writer.u16(static_cast<std::uint16_t>(algorithm));
    return writer.vec16(signature);
}

}  // namespace nxs::handshake

namespace nxs::tls13 {

std::vector<std::uint8_t> certificate_verify_content(SignatureContext context, Bytes transcript_hash) {
    // RFC 8446 §4.4.3: "The digital signature is then computed over the concatenation of:
    //   - A string that consists of octet 32 (0x20) repeated 64 times
    //   - The context string
    //   - A single 0 byte which serves as the separator
    //   - The content to be signed"
    const std::string_view label =
        context == SignatureContext::kServer ? kServerCertificateVerifyContext : kClientCertificateVerifyContext;
    std::vector<std::uint8_t> out(64, 0x20);
    out.reserve(64 + label.size() + 1 + transcript_hash.size());
    out.insert(out.end(), label.begin(), label.end());
    out.push_back(0x00);
    out.insert(out.end(), transcript_hash.begin(), transcript_hash.end());
    return out;
}

}  // namespace nxs::tls13
