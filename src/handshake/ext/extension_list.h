// The generic extension list (RFC 8446 §4.2): ExtensionType, a decoded list of {type, data} views that keeps the wire
// order, typed lookup, and a builder that owns the encoded data of the extensions a sender adds.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "handshake/msgs/handshake_type.h"

namespace nxs::handshake {

// IANA ExtensionType values (RFC 8446 §4.2, RFC 6066, 7301, 8449, 5746, ...). Unknown values round-trip.
enum class ExtensionType : std::uint16_t {
    kServerName = 0,
    kMaxFragmentLength = 1,
    kStatusRequest = 5,
    kSupportedGroups = 10,
    kEcPointFormats = 11,
    kSignatureAlgorithms = 13,
    kUseSrtp = 14,
    kHeartbeat = 15,
    kApplicationLayerProtocolNegotiation = 16,
    kSignedCertificateTimestamp = 18,
    kClientCertificateType = 19,
    kServerCertificateType = 20,
    kPadding = 21,
    kEncryptThenMac = 22,
    kExtendedMasterSecret = 23,
    kCompressCertificate = 27,
    kRecordSizeLimit = 28,
    kSessionTicket = 35,
    kPreSharedKey = 41,
    kEarlyData = 42,
    kSupportedVersions = 43,
    kCookie = 44,
    kPskKeyExchangeModes = 45,
    kCertificateAuthorities = 47,
    kOidFilters = 48,
    kPostHandshakeAuth = 49,
    kSignatureAlgorithmsCert = 50,
    kKeyShare = 51,
    kRenegotiationInfo = 0xFF01,
};

struct Extension {
    ExtensionType type = ExtensionType::kServerName;
    Bytes data;  // extension_data, without its length
};

class ExtensionList {
public:
    ExtensionList() = default;

    // Reads `Extension extensions<0..2^16-1>` (the 2-byte length and the entries) from `reader`.
    // RFC 8446 §4.2: a second extension of a type already seen is 0x107 with alert illegal_parameter.
    static Result<ExtensionList> decode(Reader& reader);
    // Writes the 2-byte length and the entries in order. A duplicate type is an internal error (0x103).
    Result<void> encode(Writer& writer) const;

    // Appends an entry (for encoding); `data` must outlive the list.
    void add(ExtensionType type, Bytes data) { m_entries.push_back(Extension{type, data}); }

    const Extension* find(ExtensionType type) const noexcept;
    bool contains(ExtensionType type) const noexcept { return find(type) != nullptr; }
    std::span<const Extension> entries() const noexcept { return m_entries; }
    std::size_t size() const noexcept { return m_entries.size(); }
    bool empty() const noexcept { return m_entries.empty(); }
    // The types in wire order, e.g. to remember what a ClientHello offered.
    std::vector<ExtensionType> types() const;

private:
    std::vector<Extension> m_entries;
};

// The typed value of extension T (a struct with kType and decode(Bytes)), or nullopt if the list lacks it.
template <typename T>
Result<std::optional<T>> find_extension(const ExtensionList& list) {
    const Extension* entry = list.find(T::kType);
    if (entry == nullptr) {
        return std::optional<T>();
    }
    NXS_TRY_ASSIGN(T value, T::decode(entry->data));
    return std::optional<T>(std::move(value));
}

// Like find_extension, but a missing extension is NX_SECURE_TLS_MISSING_EXTENSION (0x144, alert missing_extension).
Error missing_extension_error(ExtensionType type);
template <typename T>
Result<T> require_extension(const ExtensionList& list) {
    const Extension* entry = list.find(T::kType);
    if (entry == nullptr) {
        return missing_extension_error(T::kType);
    }
    return T::decode(entry->data);
}

// Builds the extensions of a message to send: encodes typed extensions into storage it owns, in the order added.
//   ExtensionBuilder b; NXS_TRY(b.add(SupportedVersionsClientHello{...})); hello.extensions = b.list();
// The list returned views the builder's storage: keep the builder alive until the message is encoded.
class ExtensionBuilder {
public:
    template <typename T>
    Result<void> add(const T& extension) {
        std::vector<std::uint8_t> data;
        Writer writer(data);
        NXS_TRY(extension.encode(writer));
        m_items.emplace_back(T::kType, std::move(data));
        return {};
    }
    void add_raw(ExtensionType type, Bytes data) {
        m_items.emplace_back(type, std::vector<std::uint8_t>(data.begin(), data.end()));
    }

    ExtensionList list() const;

private:
    std::vector<std::pair<ExtensionType, std::vector<std::uint8_t>>> m_items;
};

}  // namespace nxs::handshake
