// Names: checking, RFC 4514 text, and the RFC 5280 §7.1 comparison.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nxs/x509/certificate.h"
#include "x509/name.h"
#include "x509_test_support.h"

namespace nxs::x509 {
namespace {

using test::ByteVec;
using test::seq;
using test::tlv;

const ByteVec kCn = test::oid_bytes({0x55, 0x04, 0x03});
const ByteVec kO = test::oid_bytes({0x55, 0x04, 0x0A});
const ByteVec kC = test::oid_bytes({0x55, 0x04, 0x06});

ByteVec atv(const ByteVec& type, std::uint8_t string_tag, const ByteVec& value) {
    return seq({type, tlv(string_tag, value)});
}

ByteVec rdn(std::initializer_list<ByteVec> attributes) {
    return tlv(tag::kSet, test::cat(attributes));
}

ByteVec name(std::initializer_list<ByteVec> rdns) {
    return tlv(tag::kSequence, test::cat(rdns));
}

// UTF-16BE for BMPString, UTF-32BE for UniversalString (ASCII input).
ByteVec bmp(const std::string& text) {
    ByteVec out;
    for (const char c : text) {
        out.insert(out.end(), {0x00, static_cast<std::uint8_t>(c)});
    }
    return out;
}

ByteVec universal(const std::string& text) {
    ByteVec out;
    for (const char c : text) {
        out.insert(out.end(), {0x00, 0x00, 0x00, static_cast<std::uint8_t>(c)});
    }
    return out;
}

Name checked(const ByteVec& der) {
    DerReader reader(der);
    auto element = reader.read_any();
    EXPECT_TRUE(element.ok());
    auto parsed = parse_name(*element, "test");
    EXPECT_TRUE(parsed.ok()) << parsed.error().to_string();
    return Name{der};
}

Status check(const ByteVec& der) {
    DerReader reader(der);
    auto element = reader.read_any();
    if (!element.ok()) {
        return element.status();
    }
    return parse_name(*element, "test").status();
}

bool equal(const ByteVec& a, const ByteVec& b) {
    return names_equal(checked(a), checked(b));
}

TEST(Name, ToStringOfAnOpenSslName) {
    // openssl x509 -subject -nameopt RFC2253 prints the RDNs in reverse; ours follow the DER. Within the multi-valued
    // RDN the DER order (SET OF sorted by encoding) puts Ops before Web.
    auto cert = Certificate::parse(test::pem_der("leaf-rsa.pem"));
    ASSERT_TRUE(cert.ok());
    EXPECT_EQ(cert->subject().to_string(),
              "DC=com,DC=example,C=US,ST=California,L=San Francisco,O=Example\\, Inc.,OU=Ops+OU=Web,"
              "CN=www.example.com,emailAddress=admin@example.com");
    EXPECT_EQ(cert->issuer().to_string(), "C=US,O=Example,CN=Example Root CA");
    EXPECT_FALSE(cert->subject().empty());
}

TEST(Name, ForEachAttributeGroupsMultiValuedRdns) {
    auto cert = Certificate::parse(test::pem_der("leaf-rsa.pem"));
    ASSERT_TRUE(cert.ok());
    std::vector<std::size_t> indexes;
    cert->subject().for_each_attribute([&](const Name::Attribute& attribute) {
        indexes.push_back(attribute.rdn_index);
        return true;
    });
    EXPECT_EQ(indexes, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 6, 7, 8}));
    std::size_t visited = 0;
    cert->subject().for_each_attribute([&](const Name::Attribute&) { return ++visited < 3; });
    EXPECT_EQ(visited, 3U);
}

TEST(Name, ToStringEscapesAndHex) {
    // Only a leading '#' is escaped (RFC 4514 §2.4); here the leading character is the space.
    const auto text = checked(name({rdn({atv(kCn, tag::kUtf8String, test::str(" #a,b+c\"d\\e<f>g;h "))})})).to_string();
    EXPECT_EQ(text, "CN=\\ #a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h\\ ");
    // BMPString is shown as UTF-8; an unknown attribute type as dotted OID with the value's DER in hex.
    const auto unknown = test::oid_bytes({0x2B, 0x06, 0x01, 0x04, 0x01, 0x01});
    EXPECT_EQ(checked(name({rdn({atv(kCn, tag::kBmpString, {0x00, 'A', 0x00, 0xE9})}),
                            rdn({atv(unknown, tag::kUtf8String, test::str("x"))})}))
                  .to_string(),
              "CN=A\xC3\xA9,1.3.6.1.4.1.1=#0C0178");
    const auto control = name({rdn({atv(kCn, tag::kUtf8String, ByteVec{'a', 0x01})})});
    EXPECT_EQ(checked(control).to_string(), "CN=a\\01");
    const ByteVec empty_der = {0x30, 0x00};
    EXPECT_EQ(Name{empty_der}.to_string(), "");
    EXPECT_TRUE(Name{empty_der}.empty());
    EXPECT_TRUE(Name{}.empty());
}

TEST(Name, CommonName) {
    EXPECT_EQ(checked(name({rdn({atv(kO, tag::kUtf8String, test::str("Org"))}),
                            rdn({atv(kCn, tag::kPrintableString, test::str("first"))}),
                            rdn({atv(kCn, tag::kPrintableString, test::str("second"))})}))
                  .common_name(),
              "first");
    EXPECT_EQ(checked(name({rdn({atv(kO, tag::kUtf8String, test::str("Org"))})})).common_name(), "");
}

TEST(NamesEqual, CaseAndSpaces) {
    const auto a = name({rdn({atv(kC, tag::kPrintableString, test::str("US"))}),
                         rdn({atv(kCn, tag::kUtf8String, test::str("Example CA"))})});
    EXPECT_TRUE(equal(a, a));
    EXPECT_TRUE(equal(a, name({rdn({atv(kC, tag::kPrintableString, test::str("us"))}),
                               rdn({atv(kCn, tag::kUtf8String, test::str("  EXAMPLE    ca "))})})));
    EXPECT_FALSE(equal(a, name({rdn({atv(kC, tag::kPrintableString, test::str("US"))}),
                                rdn({atv(kCn, tag::kUtf8String, test::str("ExampleCA"))})})));
    EXPECT_FALSE(equal(a, name({rdn({atv(kC, tag::kPrintableString, test::str("US"))}),
                                rdn({atv(kCn, tag::kUtf8String, test::str("Example CA2"))})})));
    // Only ASCII is case-folded (documented simplification of RFC 4518).
    EXPECT_FALSE(equal(name({rdn({atv(kCn, tag::kUtf8String, {0xC3, 0xA9})})}),
                       name({rdn({atv(kCn, tag::kUtf8String, {0xC3, 0x89})})})));
}

TEST(NamesEqual, AcrossStringTypes) {
    const auto utf8 = name({rdn({atv(kCn, tag::kUtf8String, test::str("Example"))})});
    EXPECT_TRUE(equal(utf8, name({rdn({atv(kCn, tag::kPrintableString, test::str("example"))})})));
    EXPECT_TRUE(equal(utf8, name({rdn({atv(kCn, tag::kBmpString, bmp("EXAMPLE"))})})));
    EXPECT_TRUE(equal(utf8, name({rdn({atv(kCn, tag::kUniversalString, universal("Example "))})})));
    EXPECT_TRUE(equal(utf8, name({rdn({atv(kCn, tag::kTeletexString, test::str("Example"))})})));
    // A non-string value compares as bytes, and never equals a string.
    EXPECT_FALSE(equal(utf8, name({rdn({atv(kCn, tag::kOctetString, test::str("Example"))})})));
    EXPECT_TRUE(
        equal(name({rdn({atv(kCn, tag::kOctetString, {1, 2})})}), name({rdn({atv(kCn, tag::kOctetString, {1, 2})})})));
}

TEST(NamesEqual, RdnStructure) {
    const auto o = atv(kO, tag::kUtf8String, test::str("Org"));
    const auto cn = atv(kCn, tag::kUtf8String, test::str("Name"));
    // Multi-valued RDNs match in any order; splitting them into two RDNs is a different name.
    EXPECT_TRUE(equal(name({rdn({o, cn})}), name({rdn({cn, o})})));
    EXPECT_FALSE(equal(name({rdn({o, cn})}), name({rdn({o}), rdn({cn})})));
    EXPECT_FALSE(equal(name({rdn({o}), rdn({cn})}), name({rdn({cn}), rdn({o})})));
    EXPECT_FALSE(equal(name({rdn({o, cn})}), name({rdn({o, o})})));
    EXPECT_FALSE(equal(name({rdn({o, o})}), name({rdn({o, cn})})));
    EXPECT_FALSE(equal(name({rdn({o})}), name({rdn({o, cn})})));
    EXPECT_FALSE(equal(name({rdn({o}), rdn({cn})}), name({rdn({o})})));
    // Same value, different attribute type.
    EXPECT_FALSE(equal(name({rdn({atv(kO, tag::kUtf8String, test::str("x"))})}),
                       name({rdn({atv(kCn, tag::kUtf8String, test::str("x"))})})));
    EXPECT_TRUE(equal(name({}), name({})));
}

TEST(NameCheck, StringTypes0x188) {
    auto with = [](std::uint8_t string_tag, const ByteVec& value) {
        return check(name({rdn({atv(kCn, string_tag, value)})}));
    };
    EXPECT_EQ(with(tag::kPrintableString, test::str("a_b")), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kPrintableString, test::str("a@b")), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kPrintableString, test::str("*.example.com & Co")), Status::kTlsSuccess);  // tolerated
    EXPECT_EQ(with(tag::kIa5String, {0x80}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kUtf8String, {0xC3}), Status::kX509InvalidCertificateData);              // truncated
    EXPECT_EQ(with(tag::kUtf8String, {0xC0, 0xAF}), Status::kX509InvalidCertificateData);        // overlong
    EXPECT_EQ(with(tag::kUtf8String, {0xED, 0xA0, 0x80}), Status::kX509InvalidCertificateData);  // surrogate
    EXPECT_EQ(with(tag::kUtf8String, {0xF4, 0x90, 0x80, 0x80}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kUtf8String, {0xF0, 0x9F, 0x98, 0x9C}), Status::kTlsSuccess);
    EXPECT_EQ(with(tag::kBmpString, {0x00}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kBmpString, {0xD8, 0x00}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kUniversalString, {0, 0, 0}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kUniversalString, {0, 0x11, 0, 0}), Status::kX509InvalidCertificateData);
    EXPECT_EQ(with(tag::kVisibleString, {0x0A}), Status::kX509InvalidCertificateData);
}

TEST(NameCheck, Structure) {
    EXPECT_EQ(check(name({rdn({})})), Status::kX509InvalidCertificateData);  // empty RDN
    EXPECT_EQ(check(name({seq({})})), Status::kX509UnexpectedAsn1Tag);       // RDN not a SET
    EXPECT_EQ(check(name({rdn({seq({kCn})})})), Status::kX509UnexpectedAsn1Tag);
    EXPECT_EQ(check(tlv(tag::kSet, {})), Status::kX509UnexpectedAsn1Tag);
    EXPECT_EQ(check(name({})), Status::kTlsSuccess);
}

TEST(NameCheck, Limits0x19E) {
    ByteVec many;
    const auto one = rdn({atv(kCn, tag::kUtf8String, test::str("a"))});
    for (std::size_t i = 0; i < kMaxNameAttributes; ++i) {
        many.insert(many.end(), one.begin(), one.end());
    }
    EXPECT_EQ(check(tlv(tag::kSequence, many)), Status::kTlsSuccess);
    many.insert(many.end(), one.begin(), one.end());
    EXPECT_EQ(check(tlv(tag::kSequence, many)), Status::kX509NameStringTooLong);
    EXPECT_EQ(check(name({rdn({atv(kCn, tag::kUtf8String, ByteVec(kMaxAttributeValueLength + 1, 'a'))})})),
              Status::kX509NameStringTooLong);
}

}  // namespace
}  // namespace nxs::x509
