// Fuzz target for nxs::x509::DerReader (src/x509/der.h): walks any input as a tree of TLVs with every typed read,
// and checks the reader's promises — every view lies inside the input, a constructed element's reader covers exactly
// its contents, and a failed read leaves a code from the DER family.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "x509/der.h"

namespace {

using nxs::Status;
using nxs::x509::Bytes;
using nxs::x509::DerReader;

constexpr int kMaxDepth = 24;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool inside(Bytes part, Bytes whole) {
    return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

bool der_status(Status status) {
    return status == Status::kX509MultibyteTagUnsupported || status == Status::kX509Asn1LengthTooLong ||
           status == Status::kX509FoundNonZeroPadding || status == Status::kX509InvalidCertificateData ||
           status == Status::kX509UnexpectedAsn1Tag || status == Status::kX509InvalidTagClass;
}

void walk(DerReader reader, Bytes whole, int depth) {
    while (!reader.empty()) {
        const auto tag = reader.peek_tag();
        check(tag.has_value());
        // Try the typed reads on a copy, then take the element generically.
        DerReader typed = reader;
        switch (*tag) {
            case nxs::x509::tag::kBoolean:
                static_cast<void>(typed.read_boolean());
                break;
            case nxs::x509::tag::kInteger: {
                const auto integer = typed.read_integer();
                if (integer.ok()) {
                    check(!integer->empty() && inside(*integer, whole));
                }
                static_cast<void>(DerReader(reader).read_small_integer());
                break;
            }
            case nxs::x509::tag::kBitString: {
                const auto bits = typed.read_bit_string();
                if (bits.ok()) {
                    check(bits->unused_bits < 8 && inside(bits->bytes, whole));
                    static_cast<void>(bits->bit(bits->bit_count()));
                }
                break;
            }
            case nxs::x509::tag::kOid: {
                const auto oid = typed.read_oid();
                if (oid.ok()) {
                    check(nxs::x509::oid_to_string(*oid) != "<invalid OID>" || oid->size() > 9);
                }
                break;
            }
            case nxs::x509::tag::kNull:
                static_cast<void>(typed.read_null());
                break;
            default:
                break;
        }
        const auto element = reader.read_any();
        if (!element.ok()) {
            check(der_status(element.status()));
            return;
        }
        check(inside(element->encoded, whole) && inside(element->value, element->encoded));
        check(element->encoded[0] == element->tag);
        if (element->constructed() && depth < kMaxDepth) {
            walk(nxs::x509::contents_reader(*element), whole, depth + 1);
        }
    }
    check(reader.expect_end("fuzz").ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bytes input(data, size);
    walk(DerReader(input), input, 0);
    return 0;
}
