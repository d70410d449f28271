#include "handshake/ext/server_name.h"

#include <cstdint>

namespace nxs::handshake {

namespace {

Error sni_error(std::string_view message) {
    return codec_error(Status::kTlsSniExtensionInvalid, "server_name", message);
}

bool is_label_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool looks_like_ipv4(std::string_view name) noexcept {
    int dots = 0;
    for (const char c : name) {
        if (c == '.') {
            ++dots;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return dots == 3;
}

std::string_view as_text(Bytes bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Bytes as_bytes(std::string_view text) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

bool is_valid_sni_host_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxHostNameLength || looks_like_ipv4(name)) {
        return false;
    }
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        if (i < name.size() && name[i] != '.') {
            if (!is_label_char(name[i])) {
                return false;
            }
            continue;
        }
        // End of a label: 1..63 bytes, no leading or trailing '-'. An empty last label is a trailing dot.
        const std::string_view label = name.substr(label_start, i - label_start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        label_start = i + 1;
    }
    return true;
}

Result<ServerNameClientHello> ServerNameClientHello::decode(Bytes data) {
    // Every short read inside the extension is reported as a malformed server_name.
    Reader reader(data, Status::kTlsSniExtensionInvalid);
    NXS_TRY_ASSIGN(Reader list, reader.vec16());
    NXS_TRY(reader.expect_end());
    NXS_TRY_ASSIGN(const auto name_type, list.u8());
    // RFC 6066 §3: host_name is the only NameType; the list "MUST NOT contain more than one name of the same
    // name_type", and an unknown type cannot be skipped (its body has no defined length).
    if (name_type != kSniNameTypeHostName) {
        return sni_error("server_name has a name type other than host_name");
    }
    NXS_TRY_ASSIGN(const Bytes host, list.vec16_bytes());
    if (!list.empty()) {
        return sni_error("server_name lists more than one name");
    }
    const std::string_view host_name = as_text(host);
    // RFC 6066 §3: "HostName" contains the fully qualified DNS hostname ... without a trailing dot; literal IPv4 and
    // IPv6 addresses are not permitted.
    if (!is_valid_sni_host_name(host_name)) {
        return sni_error("server_name is not a valid DNS host name");
    }
    return ServerNameClientHello{host_name};
}

Result<void> ServerNameClientHello::encode(Writer& writer) const {
    if (!is_valid_sni_host_name(host_name)) {
        return sni_error("the server name to send is not a valid DNS host name");
    }
    const auto list = writer.open(2);
    writer.u8(kSniNameTypeHostName);
    NXS_TRY(writer.vec16(as_bytes(host_name)));
    return writer.close(list);
}

Result<ServerNameAck> ServerNameAck::decode(Bytes data) {
    // RFC 6066 §3: the server's "extension_data" field of this extension SHALL be empty.
    if (!data.empty()) {
        return sni_error("the server's server_name extension is not empty");
    }
    return ServerNameAck{};
}

Result<void> ServerNameAck::encode(Writer& /*writer*/) const {
    return {};
}

}  // namespace nxs::handshake
