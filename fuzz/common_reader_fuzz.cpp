// Fuzz target for nxs::Reader (src/common/reader.h), the bounds check every decoder relies on.
//
// The input is both program and data: the reader takes one opcode byte, performs that read on itself, and a vector
// read runs the same loop on its sub-reader. After every step the target checks what Reader promises: a read that
// succeeds consumes exactly its size, a fixed-size read that fails consumes nothing and fails with the reader's
// status, a vector's sub-reader is exactly as long as its length prefix, and expect_end() is true only at the end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "common/reader.h"

namespace {

constexpr int kMaxDepth = 16;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

template <typename T>
void fixed_read(nxs::Reader& reader, std::size_t size, nxs::Result<T> (nxs::Reader::*read)()) {
    const std::size_t before = reader.position();
    const std::size_t remaining = reader.remaining();
    const auto result = (reader.*read)();
    if (result.ok()) {
        check(remaining >= size && reader.position() == before + size);
        return;
    }
    check(remaining < size && reader.position() == before);
    check(result.status() == nxs::Status::kTlsIncorrectMessageLength);
}

void run(nxs::Reader& reader, int depth);

void vector_read(nxs::Reader& reader, std::size_t prefix, nxs::Result<nxs::Reader> (nxs::Reader::*read)(), int depth) {
    const std::size_t before = reader.position();
    const std::size_t remaining = reader.remaining();
    auto result = (reader.*read)();
    if (!result.ok()) {
        // Either the prefix or the body ran short; the reader never moves past its end.
        check(reader.position() <= before + prefix && reader.position() + reader.remaining() == before + remaining);
        check(result.status() == nxs::Status::kTlsIncorrectMessageLength);
        return;
    }
    nxs::Reader inner = std::move(result).value();
    check(reader.position() == before + prefix + inner.remaining());
    check(inner.position() == 0);
    if (depth < kMaxDepth) {
        run(inner, depth + 1);
    }
}

void run(nxs::Reader& reader, int depth) {
    while (!reader.empty()) {
        const auto opcode = reader.u8();
        check(opcode.ok());
        switch (*opcode % 12) {
            case 0:
                fixed_read(reader, 1, &nxs::Reader::u8);
                break;
            case 1:
                fixed_read(reader, 2, &nxs::Reader::u16);
                break;
            case 2:
                fixed_read(reader, 3, &nxs::Reader::u24);
                break;
            case 3:
                fixed_read(reader, 4, &nxs::Reader::u32);
                break;
            case 4:
                fixed_read(reader, 8, &nxs::Reader::u64);
                break;
            case 5:
                vector_read(reader, 1, &nxs::Reader::vec8, depth);
                break;
            case 6:
                vector_read(reader, 2, &nxs::Reader::vec16, depth);
                break;
            case 7:
                vector_read(reader, 3, &nxs::Reader::vec24, depth);
                break;
            case 8: {
                const auto bytes = reader.vec16_bytes();
                check(!bytes.ok() || bytes->size() <= 0xFFFF);
                break;
            }
            case 9: {
                const auto bytes = reader.vec24_bytes();
                check(!bytes.ok() || bytes->size() <= 0xFFFFFF);
                break;
            }
            case 10: {
                const std::size_t count = reader.empty() ? 0 : reader.rest()[0];
                const std::size_t remaining = reader.remaining();
                const auto bytes = reader.bytes(count);
                check(bytes.ok() == (count <= remaining));
                check(!bytes.ok() || (bytes->size() == count && reader.remaining() == remaining - count));
                break;
            }
            default:
                check(reader.expect_end().ok() == reader.empty());
                break;
        }
    }
    check(reader.expect_end().ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nxs::Reader reader(nxs::Bytes(data, size));
    run(reader, 0);
    return 0;
}
