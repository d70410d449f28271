// The TLS record: content types, header, size limits, and the checks that apply to every record whatever its
// protection (RFC 8446 §5, §5.1).
//
// The record layer is sans-I/O: it reads records out of bytes the caller owns and writes records into a vector the
// caller owns. Views (RecordView, spans) point into the caller's buffer; nothing here keeps them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "nxs/result.h"

namespace nxs::record {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// RFC 8446 §5.1 ContentType. Values nxs does not know are kept (a wire enum round-trips); the reader rejects them.
enum class ContentType : std::uint8_t {
    kInvalid = 0,
    kChangeCipherSpec = 20,
    kAlert = 21,
    kHandshake = 22,
    kApplicationData = 23,
};

// True for the four content types TLS 1.3 defines.
constexpr bool is_known(ContentType type) noexcept {
    return type == ContentType::kChangeCipherSpec || type == ContentType::kAlert || type == ContentType::kHandshake ||
           type == ContentType::kApplicationData;
}

std::string_view content_type_name(ContentType type) noexcept;  // "handshake"; "unknown" for other values

// Sizes from RFC 8446 §5.1 / §5.2.
constexpr std::size_t kHeaderSize = 5;                            // type u8, legacy_record_version u16, length u16
constexpr std::size_t kMaxPlaintext = std::size_t{1} << 14;       // TLSPlaintext.length <= 2^14
constexpr std::size_t kMaxInnerPlaintext = kMaxPlaintext + 1;     // content + the inner content type byte
constexpr std::size_t kMaxCiphertext = kMaxPlaintext + 256;       // TLSCiphertext.length <= 2^14 + 256
constexpr std::size_t kMaxRecord = kHeaderSize + kMaxCiphertext;  // the largest record a peer may send
constexpr std::uint16_t kLegacyRecordVersion = 0x0303;            // every TLS 1.3 record but the first
constexpr std::uint16_t kLegacyRecordVersionInitial = 0x0301;     // allowed for the initial ClientHello

// An allocator whose resize() leaves new bytes uninitialized (default-initialized) instead of zeroing them. Record
// buffers are grown by a whole record and then written over by the cipher, so zero-filling first would touch every
// byte twice (a 16 KiB memset per record sent and per record received).
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
    template <typename U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() noexcept = default;
    template <typename U>
    UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}  // NOLINT: converting, as std::allocator's

    template <typename U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

// The byte vector records are written to and read from inside a connection: a std::vector whose growth does not
// zero-fill (bytes appended by insert() or push_back() are still copied as usual).
using ByteBuffer = std::vector<std::uint8_t, UninitializedAllocator<std::uint8_t>>;

// One complete record inside the caller's buffer. `header` is the 5 bytes as received (the AEAD additional data in
// TLS 1.3); `fragment` is the payload, mutable so that it can be decrypted where it lies.
struct RecordView {
    ContentType type = ContentType::kInvalid;
    std::uint16_t legacy_version = 0;
    MutableBytes header;
    MutableBytes fragment;

    // How many bytes of the input this record occupies.
    std::size_t wire_size() const noexcept { return header.size() + fragment.size(); }
};

// Writes a record header to `out` (at least kHeaderSize bytes).
void write_header(MutableBytes out, ContentType type, std::uint16_t legacy_version, std::size_t length) noexcept;

// The plaintext content of a record that is not protected (before the handshake keys, or a middlebox CCS), with the
// zero-length rule applied.
Result<Bytes> plaintext_content(const RecordView& record);

// RFC 8446 §5.1: zero-length fragments of Handshake (and Alert) content are illegal; zero-length application data is
// allowed. Applies to plaintext records and to the content of decrypted ones.
Result<void> check_content_length(ContentType type, std::size_t length);

// RFC 8446 §5 / Appendix D.4: the middlebox-compatibility change_cipher_spec. Returns success when the record is the
// single byte 0x01, unprotected, and `allowed_now` (the caller's state: after the first ClientHello and before the
// peer's Finished); the caller then drops it. Anything else is NX_SECURE_TLS_BAD_CIPHERSPEC (unexpected_message).
Result<void> check_compat_change_cipher_spec(const RecordView& record, bool allowed_now);

// The single byte a middlebox-compatibility CCS carries.
constexpr std::uint8_t kChangeCipherSpecByte = 0x01;

}  // namespace nxs::record
