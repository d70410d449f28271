// RecordReader — finds complete records in bytes the caller owns (RFC 8446 §5.1, §5.2).
//
// The reader copies nothing and owns no buffer: frame(input) looks at the start of `input` and returns either a
// RecordView over it or how many more bytes are needed. "Need more bytes" is a normal value, not an error. The caller
// consumes `wire_size()` bytes and calls again. Checks made from the header alone, in this order:
//   1. unknown content type: NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE (0x102), unexpected_message;
//   2. legacy_record_version not allowed now: NX_SECURE_TLS_UNKNOWN_TLS_VERSION (0x10F), protocol_version;
//   3. length over the protocol limit (2^14 before record protection, 2^14 + 256 after):
//      NX_SECURE_TLS_RECORD_OVERFLOW (0x151), record_overflow;
//   4. record (header + length) larger than the receive buffer this connection was configured with:
//      NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL (0x135), record_overflow.
// All are reported as soon as the 5-byte header is in, before the body arrives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>

#include "nxs/result.h"
#include "record/record.h"

namespace nxs::record {

// Which legacy_record_version values the next records may carry.
enum class RecordVersionPolicy : std::uint8_t {
    // The first flight from the client: RFC 8446 §5.1 allows 0x0301 for the initial ClientHello, and a server should
    // accept any {03,XX} there (RFC 5246 Appendix E.1), so old-but-valid clients reach version negotiation.
    kInitial,
    // Everything else: 0x0303 only.
    kTls12,
};

struct RecordReaderConfig {
    // The largest record (header included) the caller can hold. Defaults to the largest record TLS allows.
    std::size_t receive_buffer_size = kMaxRecord;
    RecordVersionPolicy version_policy = RecordVersionPolicy::kInitial;
};

// More input is needed before a record is complete: at least `bytes` more.
struct NeedMoreBytes {
    std::size_t bytes = 0;
};

using Framed = std::variant<NeedMoreBytes, RecordView>;

// A complete record found in read-only bytes: where its parts lie, for callers that decrypt it elsewhere.
struct RecordSpan {
    ContentType type = ContentType::kInvalid;
    Bytes header;    // the 5 header bytes as received (the AEAD additional data)
    Bytes fragment;  // the payload

    std::size_t wire_size() const noexcept { return header.size() + fragment.size(); }
};

using FramedSpan = std::variant<NeedMoreBytes, RecordSpan>;

class RecordReader {
public:
    explicit RecordReader(RecordReaderConfig config = {}) noexcept : m_config(config) {}

    // Looks for one complete record at the start of `input`.
    Result<Framed> frame(MutableBytes input) const;
    // The same, in bytes that may not be written (the caller's received bytes): same checks, same errors.
    Result<FramedSpan> frame_read_only(Bytes input) const;

    // Once the peer's records are protected (RFC 8446 §5.2), TLSCiphertext may be 256 bytes longer than plaintext.
    void set_protected(bool is_protected) noexcept { m_protected = is_protected; }
    bool is_protected() const noexcept { return m_protected; }

    void set_version_policy(RecordVersionPolicy policy) noexcept { m_config.version_policy = policy; }
    RecordVersionPolicy version_policy() const noexcept { return m_config.version_policy; }

    std::size_t receive_buffer_size() const noexcept { return m_config.receive_buffer_size; }
    // The largest record length field this reader accepts right now.
    std::size_t max_length() const noexcept { return m_protected ? kMaxCiphertext : kMaxPlaintext; }

private:
    Result<void> check_version(std::uint16_t version) const;

    RecordReaderConfig m_config;
    bool m_protected = false;
};

}  // namespace nxs::record
