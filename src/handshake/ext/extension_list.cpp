#include "handshake/ext/extension_list.h"

#include <string>

#include "handshake/ext/registry.h"

namespace nxs::handshake {

Result<ExtensionList> ExtensionList::decode(Reader& reader) {
    NXS_TRY_ASSIGN(Reader list_reader, reader.vec16());
    ExtensionList list;
    while (!list_reader.empty()) {
        NXS_TRY_ASSIGN(const auto type, read_enum16<ExtensionType>(list_reader));
        NXS_TRY_ASSIGN(const Bytes data, list_reader.vec16_bytes());
        // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension block."
        if (list.contains(type)) {
            return codec_error(Status::kTlsHandshakeFailure, "extensions",
                               "duplicate extension " + std::string(tls13::extension_name(type)),
                               AlertDescription::kIllegalParameter);
        }
        list.add(type, data);
    }
    return list;
}

Result<void> ExtensionList::encode(Writer& writer) const {
    const auto block = writer.open(2);
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (m_entries[j].type == m_entries[i].type) {
                return Error(Status::kTlsInvalidState, "an extension list to send has a duplicate extension");
            }
        }
        writer.u16(static_cast<std::uint16_t>(m_entries[i].type));
        NXS_TRY(writer.vec16(m_entries[i].data));
    }
    return writer.close(block);
}

const Extension* ExtensionList::find(ExtensionType type) const noexcept {
    for (const auto& entry : m_entries) {
        if (entry.type == type) {
            return &entry;
        }
    }
    return nullptr;
}

std::vector<ExtensionType> ExtensionList::types() const {
    std::vector<ExtensionType> out;
    out.reserve(m_entries.size());
    for (const auto& entry : m_entries) {
        out.push_back(entry.type);
    }
    return out;
}

Error missing_extension_error(ExtensionType type) {
    return codec_error(Status::kTlsMissingExtension, tls13::extension_name(type),
                       "the message lacks the required " + std::string(tls13::extension_name(type)) + " extension");
}

ExtensionList ExtensionBuilder::list() const {
    ExtensionList out;
    for (const auto& [type, data] : m_items) {
        out.add(type, data);
    }
    return out;
}

}  // namespace nxs::handshake
