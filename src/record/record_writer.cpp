#include "record/record_writer.h"

#include <algorithm>
#include <string>

namespace nxs::record {

std::size_t RecordWriter::max_fragment() const noexcept {
    // RFC 8449 §4: Unprotected messages -- handshake messages in particular -- are not subject to this limit.
    return m_protection ? m_protection->max_content() : kMaxPlaintext;
}

void RecordWriter::write_plaintext_record(ContentType type, Bytes content, std::vector<std::uint8_t>& out) const {
    const std::size_t start = out.size();
    out.resize(start + kHeaderSize);
    write_header(MutableBytes(out.data() + start, kHeaderSize), type, m_legacy_version, content.size());
    out.insert(out.end(), content.begin(), content.end());
}

Result<void> RecordWriter::write(ContentType type, Bytes data, std::vector<std::uint8_t>& out) {
    if (!is_known(type) || type == ContentType::kChangeCipherSpec) {
        return Error(Status::kTlsInvalidState, "RecordWriter::write: use write_change_cipher_spec() or a TLS type");
    }
    // RFC 8446 §5.1: Implementations MUST NOT send zero-length fragments of Handshake types.
    if (data.empty() && type != ContentType::kApplicationData) {
        return Error(Status::kTlsInvalidState,
                     "refusing to send an empty " + std::string(content_type_name(type)) + " record");
    }
    // RFC 8446 §5: application data is only ever sent protected.
    if (type == ContentType::kApplicationData && !m_protection) {
        return Error(Status::kTlsInvalidState, "application data before the traffic keys are installed");
    }
    const std::size_t limit = max_fragment();
    const std::size_t records = data.empty() ? 1 : (data.size() + limit - 1) / limit;

    // One reservation for the whole write, so the vector does not reallocate record by record.
    std::size_t total = 0;
    for (std::size_t i = 0; i < records; ++i) {
        const std::size_t length = std::min(limit, data.size() - i * limit);
        total += m_protection ? m_protection->sealed_size(length) : kHeaderSize + length;
    }
    const std::size_t start = out.size();
    out.reserve(start + total);

    for (std::size_t offset = 0, i = 0; i < records; ++i, offset += limit) {
        const Bytes chunk = data.subspan(offset, std::min(limit, data.size() - offset));
        if (!m_protection) {
            write_plaintext_record(type, chunk, out);
            continue;
        }
        auto sealed = m_protection->seal(type, chunk, out);
        if (!sealed.ok()) {
            out.resize(start);
            return sealed;
        }
    }
    return {};
}

Result<void> RecordWriter::write_alert(const Alert& alert, std::vector<std::uint8_t>& out) {
    const auto bytes = encode_alert(alert);
    if (!m_protection) {
        write_plaintext_record(ContentType::kAlert, bytes, out);
        return {};
    }
    return m_protection->seal(ContentType::kAlert, bytes, out);
}

void RecordWriter::write_change_cipher_spec(std::vector<std::uint8_t>& out) const {
    const std::uint8_t byte = kChangeCipherSpecByte;
    const std::size_t start = out.size();
    out.resize(start + kHeaderSize);
    // RFC 8446 §5.1: legacy_record_version MUST be set to 0x0303 for all records ... other than an initial
    // ClientHello.
    write_header(MutableBytes(out.data() + start, kHeaderSize), ContentType::kChangeCipherSpec, kLegacyRecordVersion,
                 1);
    out.push_back(byte);
}

}  // namespace nxs::record
