// RecordWriter — turns handshake bytes, alerts and application data into records (RFC 8446 §5.1, §5.2).
//
// Data longer than one record allows is split into as many records as needed, each at most the limit: 2^14 bytes of
// content, or less when the peer sent a record_size_limit (RFC 8449; the limit lives in the RecordProtection, since
// RFC 8449 §4 exempts unprotected records). Records are appended to a caller-owned vector; with protection the
// content is encrypted from the caller's data into it, so the encryption is the only pass over each byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "nxs/result.h"
#include "record/alert.h"
#include "record/record.h"
#include "record/record_protection.h"

namespace nxs::record {

class RecordWriter {
public:
    RecordWriter() = default;

    // From now on records are protected with `protection` (a key change replaces it).
    void set_protection(RecordProtection protection) { m_protection.emplace(std::move(protection)); }
    bool is_protected() const noexcept { return m_protection.has_value(); }
    // The current write protection, or null before the first key.
    RecordProtection* protection() noexcept { return m_protection ? &*m_protection : nullptr; }

    // legacy_record_version of unprotected records: 0x0303, or 0x0301 for the initial ClientHello (RFC 8446 §5.1).
    void set_legacy_version(std::uint16_t version) noexcept { m_legacy_version = version; }

    // The most content one record carries now.
    std::size_t max_fragment() const noexcept;

    // Appends `data` of content type `type` as one or more records. Empty handshake or alert data is refused
    // (RFC 8446 §5.1: no zero-length handshake or alert fragments), as NX_SECURE_TLS_INVALID_STATE since it is a
    // caller's mistake; empty application data makes one empty record (allowed, §5.1).
    // Protected records are encrypted from `data` into `out`. Either output type works; a ByteBuffer (a
    // connection's) is not zero-filled as it grows.
    Result<void> write(ContentType type, Bytes data, std::vector<std::uint8_t>& out);
    Result<void> write(ContentType type, Bytes data, ByteBuffer& out);
    Result<void> write_alert(const Alert& alert, std::vector<std::uint8_t>& out);
    Result<void> write_alert(const Alert& alert, ByteBuffer& out);
    // The middlebox-compatibility change_cipher_spec (RFC 8446 Appendix D.4): always the unprotected byte 0x01.
    void write_change_cipher_spec(std::vector<std::uint8_t>& out) const;
    void write_change_cipher_spec(ByteBuffer& out) const;

private:
    template <typename Buffer>
    Result<void> write_records(ContentType type, Bytes data, Buffer& out);
    template <typename Buffer>
    Result<void> write_alert_record(const Alert& alert, Buffer& out);
    template <typename Buffer>
    void write_plaintext_record(ContentType type, Bytes content, Buffer& out) const;

    std::optional<RecordProtection> m_protection;
    std::uint16_t m_legacy_version = kLegacyRecordVersion;
};

}  // namespace nxs::record
