#include "handshake/ext/certificate_authorities.h"

namespace nxs::tls13 {

Result<CertificateAuthorities> CertificateAuthorities::decode(Bytes data) {
    Reader reader(data);
    NXS_TRY_ASSIGN(Reader list, reader.vec16());
    NXS_TRY(reader.expect_end());
    CertificateAuthorities out;
    while (!list.empty()) {
        NXS_TRY_ASSIGN(const Bytes name, list.vec16_bytes());
        if (name.empty()) {
            return handshake::codec_error(Status::kTlsIncorrectMessageLength, "certificate_authorities",
                                          "a distinguished name is empty");
        }
        out.authorities.push_back(name);
    }
    if (out.authorities.empty()) {
        return handshake::codec_error(Status::kTlsIncorrectMessageLength, "certificate_authorities",
                                      "the authority list is empty");
    }
    return out;
}

Result<void> CertificateAuthorities::encode(Writer& writer) const {
    const auto block = writer.open(2);
    for (const auto& name : authorities) {
        NXS_TRY(writer.vec16(name));
    }
    return writer.close(block);
}

}  // namespace nxs::tls13
