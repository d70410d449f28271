// PEM (RFC 7468) reading.
#include "nxs/x509/pem.h"

#include <gtest/gtest.h>

#include <string>

#include "x509_test_support.h"

namespace nxs::x509 {
namespace {

Status status_of(const std::string& text) {
    return parse_pem(text).status();
}

std::string block(const std::string& body, const std::string& label = "TEST") {
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
}

TEST(Pem, DecodesOpenSslFilesLikeTheirDerCopies) {
    for (const std::string name : {"leaf-rsa", "leaf-p256", "v1"}) {
        auto blocks = parse_pem(test::read_text(name + ".pem"));
        ASSERT_TRUE(blocks.ok());
        ASSERT_EQ(blocks->size(), 1U);
        EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
        EXPECT_EQ((*blocks)[0].der, test::read_vector(name + ".der"));
        EXPECT_FALSE((*blocks)[0].has_headers);
    }
}

TEST(Pem, SeveralBlocksAndTextAround) {
    auto blocks = parse_pem(test::read_text("bundle.pem"));
    ASSERT_TRUE(blocks.ok());
    EXPECT_EQ(blocks->size(), 3U);
    auto mixed = parse_pem(test::read_text("key-p256-ecparam.pem"));
    ASSERT_TRUE(mixed.ok());
    ASSERT_EQ(mixed->size(), 2U);
    EXPECT_EQ((*mixed)[0].label, "EC PARAMETERS");
    EXPECT_EQ((*mixed)[1].label, "EC PRIVATE KEY");
    EXPECT_EQ((*mixed)[1].line, 4U);
    auto none = parse_pem("just text\n");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

TEST(Pem, Base64Forms) {
    auto decoded = [](const std::string& body) {
        auto blocks = parse_pem(block(body));
        EXPECT_TRUE(blocks.ok()) << body;
        return blocks.ok() ? std::string((*blocks)[0].der.begin(), (*blocks)[0].der.end()) : std::string();
    };
    EXPECT_EQ(decoded("Zm9v"), "foo");
    EXPECT_EQ(decoded("Zm9vYg=="), "foob");
    EXPECT_EQ(decoded("Zm9vYmE="), "fooba");
    EXPECT_EQ(decoded("Zm9v\r\nYmFy\r\n"), "foobar");  // CRLF lines
    EXPECT_EQ(decoded("Zm9v YmFy\t"), "foobar");       // white space between characters
    auto crlf = parse_pem("-----BEGIN A-----\r\nZm9v\r\n-----END A-----\r\n");
    ASSERT_TRUE(crlf.ok());
    EXPECT_EQ(crlf->size(), 1U);
}

TEST(Pem, BadBase64IsRejectedWithAReason) {
    const char* bad[] = {
        "Zm9*",       // bad character
        "Zm9vY",      // length
        "Zm9vYg=",    // missing padding
        "Zm9vYg===",  // too much padding
        "Zm9vYh==",   // non-zero bits under the padding
        "Zm9vYmF=",   // same with one '='
        "Zm==Zm9v",   // data after padding
        "=",          //
        "",           // empty block
        "Zm9v-",      //
    };
    for (const char* body : bad) {
        auto result = parse_pem(block(body));
        EXPECT_EQ(result.status(), Status::kX509InvalidCertificateData) << body;
        if (!result.ok()) {
            EXPECT_NE(result.error().message().find("PEM line"), std::string::npos);
        }
    }
    auto message = parse_pem(block("Zm9*")).error().message();
    EXPECT_NE(message.find("invalid base64 character '*'"), std::string::npos) << message;
}

TEST(Pem, BoundariesMustMatch) {
    EXPECT_EQ(status_of("-----BEGIN A-----\nZm9v\n-----END B-----\n"), Status::kX509InvalidCertificateData);
    EXPECT_EQ(status_of("-----BEGIN A-----\nZm9v\n"), Status::kX509InvalidCertificateData);
    EXPECT_EQ(status_of("-----BEGIN A-----\nZm9v\n-----BEGIN A-----\nZm9v\n-----END A-----\n"),
              Status::kX509InvalidCertificateData);
    EXPECT_EQ(status_of("-----BEGIN -----\nZm9v\n-----END -----\n"), Status::kX509InvalidCertificateData);
    // A stray END line outside a block is text, ignored.
    EXPECT_TRUE(parse_pem("-----END A-----\n" + block("Zm9v")).ok());
}

TEST(Pem, HeadersAreRecorded) {
    auto blocks = parse_pem(test::read_text("key-rsa-legacy-encrypted.pem"));
    ASSERT_TRUE(blocks.ok()) << blocks.error().to_string();
    ASSERT_EQ(blocks->size(), 1U);
    EXPECT_TRUE((*blocks)[0].has_headers);
}

TEST(Pem, LooksLikePem) {
    EXPECT_TRUE(looks_like_pem(test::read_vector("leaf-rsa.pem")));
    EXPECT_FALSE(looks_like_pem(test::read_vector("leaf-rsa.der")));
}

}  // namespace
}  // namespace nxs::x509
