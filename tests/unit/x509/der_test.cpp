// DerReader: the strict DER rules every X.509 structure is read with (X.690 §8, §10, §11).
#include "x509/der.h"

#include <gtest/gtest.h>

#include <vector>

namespace nxs::x509 {
namespace {

using ByteVec = std::vector<std::uint8_t>;

TEST(Der, ReadsNestedElementsAsViews) {
    const ByteVec der = {0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xAA};
    DerReader reader(der);
    auto sequence = reader.enter(tag::kSequence);
    ASSERT_TRUE(sequence.ok());
    EXPECT_TRUE(reader.empty());
    EXPECT_EQ(sequence->offset(), 2U);
    auto integer = sequence->read_small_integer();
    ASSERT_TRUE(integer.ok());
    EXPECT_EQ(*integer, 5);
    auto octets = sequence->read_octet_string();
    ASSERT_TRUE(octets.ok());
    EXPECT_EQ(octets->data(), der.data() + 7);  // a view, not a copy
    EXPECT_TRUE(sequence->expect_end("test").ok());
}

TEST(Der, MultiByteTag0x181) {
    const ByteVec der = {0x1F, 0x81, 0x01, 0x00};
    DerReader reader(der);
    EXPECT_EQ(reader.read_any().status(), Status::kX509MultibyteTagUnsupported);
}

TEST(Der, Lengths0x182) {
    const ByteVec cases[] = {
        {0x04, 0x80, 0x00, 0x00},                    // indefinite
        {0x04, 0x81, 0x05, 1, 2, 3, 4, 5},           // long form for a short length
        {0x04, 0x82, 0x00, 0x81},                    // leading zero length octet
        {0x04, 0x05, 1, 2},                          // past the end
        {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00},  // more than 4 length octets
        {0x04, 0x82, 0x01},                          // length octets truncated
        {0x04},                                      // no length
    };
    for (const auto& der : cases) {
        DerReader reader(der);
        EXPECT_EQ(reader.read_any().status(), Status::kX509Asn1LengthTooLong);
    }
    ByteVec long_ok = {0x04, 0x81, 0x80};
    long_ok.resize(3 + 0x80);
    DerReader reader(long_ok);
    EXPECT_TRUE(reader.read_any().ok());
}

TEST(Der, BitStringPadding0x183) {
    const ByteVec bad_padding = {0x03, 0x02, 0x01, 0x81};
    EXPECT_EQ(DerReader(bad_padding).read_bit_string().status(), Status::kX509FoundNonZeroPadding);
    const ByteVec too_many = {0x03, 0x02, 0x08, 0x00};
    EXPECT_EQ(DerReader(too_many).read_bit_string().status(), Status::kX509FoundNonZeroPadding);
    const ByteVec empty_with_unused = {0x03, 0x01, 0x01};
    EXPECT_EQ(DerReader(empty_with_unused).read_bit_string().status(), Status::kX509FoundNonZeroPadding);
    const ByteVec good = {0x03, 0x02, 0x05, 0xA0};  // bits 0 and 2
    auto bits = DerReader(good).read_bit_string();
    ASSERT_TRUE(bits.ok());
    EXPECT_EQ(bits->bit_count(), 3U);
    EXPECT_TRUE(bits->bit(0));
    EXPECT_FALSE(bits->bit(1));
    EXPECT_TRUE(bits->bit(2));
    EXPECT_FALSE(bits->bit(3));
}

TEST(Der, TagClassAndNumber0x190And0x189) {
    const ByteVec context = {0x80, 0x00};
    EXPECT_EQ(DerReader(context).read(tag::kInteger).status(), Status::kX509InvalidTagClass);
    const ByteVec octets = {0x04, 0x00};
    EXPECT_EQ(DerReader(octets).read(tag::kInteger).status(), Status::kX509UnexpectedAsn1Tag);
    EXPECT_EQ(DerReader(Bytes()).read(tag::kInteger).status(), Status::kX509UnexpectedAsn1Tag);
    EXPECT_EQ(DerReader(Bytes()).read_any().status(), Status::kX509UnexpectedAsn1Tag);
    const ByteVec two = {0x05, 0x00, 0x05, 0x00};
    DerReader reader(two);
    EXPECT_TRUE(reader.read_null().ok());
    EXPECT_EQ(reader.expect_end("test").status(), Status::kX509UnexpectedAsn1Tag);
    // A primitive element where a constructed one is expected.
    const ByteVec primitive_sequence = {0x10, 0x00};
    EXPECT_FALSE(DerReader(primitive_sequence).enter(0x10).ok());
}

TEST(Der, OptionalElements) {
    const ByteVec der = {0xA0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x07};
    DerReader reader(der);
    auto absent = reader.read_optional(tag::context_constructed(1));
    ASSERT_TRUE(absent.ok());
    EXPECT_FALSE(absent->has_value());
    auto present = reader.read_optional(tag::context_constructed(0));
    ASSERT_TRUE(present.ok() && present->has_value());
    EXPECT_EQ((*present)->value.size(), 3U);
    EXPECT_EQ(reader.read_small_integer().value_or(-1), 7);
}

TEST(Der, BooleansAndIntegers0x188) {
    EXPECT_EQ(DerReader(ByteVec{0x01, 0x01, 0x01}).read_boolean().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(DerReader(ByteVec{0x01, 0x02, 0xFF, 0xFF}).read_boolean().status(), Status::kX509InvalidCertificateData);
    EXPECT_TRUE(DerReader(ByteVec{0x01, 0x01, 0xFF}).read_boolean().value_or(false));
    EXPECT_EQ(DerReader(ByteVec{0x02, 0x00}).read_integer().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(DerReader(ByteVec{0x02, 0x02, 0x00, 0x7F}).read_integer().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(DerReader(ByteVec{0x02, 0x02, 0xFF, 0x80}).read_integer().status(), Status::kX509InvalidCertificateData);
    EXPECT_TRUE(DerReader(ByteVec{0x02, 0x02, 0x00, 0x80}).read_integer().ok());
    EXPECT_EQ(DerReader(ByteVec{0x02, 0x01, 0x80}).read_small_integer().status(),
              Status::kX509InvalidCertificateData);  // negative
    EXPECT_EQ(DerReader(ByteVec{0x05, 0x01, 0x00}).read_null().status(), Status::kX509InvalidCertificateData);
}

TEST(Der, ObjectIdentifiers) {
    const ByteVec rsa = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    auto oid = DerReader(rsa).read_oid();
    ASSERT_TRUE(oid.ok());
    EXPECT_EQ(oid_to_string(*oid), "1.2.840.113549.1.1.11");
    EXPECT_EQ(oid_to_string(ByteVec{0x55, 0x1D, 0x11}), "2.5.29.17");
    EXPECT_EQ(oid_to_string(ByteVec{0x88, 0x37}), "2.999");
    EXPECT_EQ(DerReader(ByteVec{0x06, 0x02, 0x80, 0x01}).read_oid().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(DerReader(ByteVec{0x06, 0x01, 0x81}).read_oid().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(DerReader(ByteVec{0x06, 0x00}).read_oid().status(), Status::kX509InvalidCertificateData);
    EXPECT_EQ(oid_to_string(ByteVec{0x81}), "<invalid OID>");
}

TEST(Der, TagNames) {
    EXPECT_EQ(tag_to_string(tag::kSequence), "SEQUENCE");
    EXPECT_EQ(tag_to_string(tag::context_constructed(3)), "[3] constructed");
    EXPECT_EQ(tag_to_string(tag::context(2)), "[2] primitive");
    EXPECT_EQ(tag_to_string(0x45), "tag 0x45");
}

}  // namespace
}  // namespace nxs::x509
