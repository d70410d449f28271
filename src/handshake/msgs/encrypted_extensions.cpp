#include "handshake/msgs/encrypted_extensions.h"

namespace nxs::tls13 {

Result<EncryptedExtensions> EncryptedExtensions::decode(Bytes body) {
    Reader reader(body);
    NXS_TRY_ASSIGN(auto extensions, handshake::ExtensionList::decode(reader));
    NXS_TRY(reader.expect_end());
    return EncryptedExtensions{std::move(extensions)};
}

Result<void> EncryptedExtensions::encode(Writer& writer) const {
    return extensions.encode(writer);
}

}  // namespace nxs::tls13
