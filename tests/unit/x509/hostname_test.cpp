// Host names and IP addresses (RFC 9525): wildcards, IPs, NUL, case, IDNA A-labels, trailing dots.
#include <gtest/gtest.h>

#include <string>

#include "chain_test_support.h"
#include "nxs/x509/hostname.h"

namespace nxs::x509 {
namespace {

TEST(DnsNameMatches, ExactAndCase) {
    EXPECT_TRUE(dns_name_matches("example.com", "example.com"));
    EXPECT_TRUE(dns_name_matches("Example.COM", "example.com"));
    EXPECT_TRUE(dns_name_matches("example.com", "EXAMPLE.com"));
    EXPECT_FALSE(dns_name_matches("example.com", "example.org"));
    EXPECT_FALSE(dns_name_matches("example.com", "www.example.com"));
}

TEST(DnsNameMatches, TrailingDot) {
    EXPECT_TRUE(dns_name_matches("example.com", "example.com."));
    EXPECT_FALSE(dns_name_matches("example.com", "example.com.."));
    EXPECT_FALSE(dns_name_matches("example.com.", "example.com"));  // a presented name has no trailing dot
}

TEST(DnsNameMatches, Wildcards) {
    EXPECT_TRUE(dns_name_matches("*.example.com", "a.example.com"));
    EXPECT_TRUE(dns_name_matches("*.example.com", "A.Example.Com"));
    EXPECT_FALSE(dns_name_matches("*.example.com", "example.com"));
    EXPECT_FALSE(dns_name_matches("*.example.com", "a.b.example.com"));
    EXPECT_FALSE(dns_name_matches("f*o.example.com", "foo.example.com"));
    EXPECT_FALSE(dns_name_matches("*oo.example.com", "foo.example.com"));
    EXPECT_FALSE(dns_name_matches("xn--*.example.com", "xn--bcher-kva.example.com"));
    EXPECT_FALSE(dns_name_matches("www.*.com", "www.example.com"));
    EXPECT_FALSE(dns_name_matches("*.com", "example.com"));
    EXPECT_FALSE(dns_name_matches("*", "example"));
    EXPECT_FALSE(dns_name_matches("**.example.com", "a.example.com"));
    EXPECT_FALSE(dns_name_matches("*.example.com", "*.example.com"));  // a reference name is never a wildcard
}

TEST(DnsNameMatches, IdnaALabelsAreAscii) {
    EXPECT_TRUE(dns_name_matches("xn--bcher-kva.example", "XN--BCHER-KVA.example"));
    EXPECT_FALSE(dns_name_matches("xn--bcher-kva.example",
                                  "b\xC3\xBC"
                                  "cher.example"));  // U-label: never
}

TEST(DnsNameMatches, InvalidCharactersNeverMatch) {
    const std::string with_nul("example.com\0.evil.com", 21);
    EXPECT_FALSE(dns_name_matches(with_nul, "example.com"));
    EXPECT_FALSE(dns_name_matches("example.com", with_nul));
    EXPECT_FALSE(dns_name_matches("foo_bar.example.com", "foo_bar.example.com"));
    EXPECT_FALSE(dns_name_matches("exa mple.com", "exa mple.com"));
    EXPECT_FALSE(dns_name_matches("-a.example.com", "-a.example.com"));
    EXPECT_FALSE(dns_name_matches("a..example.com", "a..example.com"));
    EXPECT_FALSE(dns_name_matches("", ""));
    EXPECT_FALSE(dns_name_matches(std::string(64, 'a') + ".com", std::string(64, 'a') + ".com"));
}

TEST(IsValidHostName, IpAddressesAreNotHostNames) {
    EXPECT_FALSE(is_valid_host_name("8.8.8.8"));
    EXPECT_TRUE(is_valid_host_name("8.8.8.8.example"));
    EXPECT_TRUE(is_valid_host_name("localhost"));
}

TEST(ParseIpAddress, Ipv4) {
    const auto ip = parse_ip_address("192.0.2.1");
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->size, 4U);
    EXPECT_EQ(ip->bytes[0], 192);
    EXPECT_EQ(ip->bytes[3], 1);
    EXPECT_FALSE(parse_ip_address("192.0.2"));
    EXPECT_FALSE(parse_ip_address("192.0.2.256"));
    EXPECT_FALSE(parse_ip_address("192.0.2.01"));  // no octal look-alikes
    EXPECT_FALSE(parse_ip_address("0xC0.0.2.1"));
    EXPECT_FALSE(parse_ip_address("192.0.2.1 "));
    EXPECT_FALSE(parse_ip_address(""));
}

TEST(ParseIpAddress, Ipv6) {
    const auto loopback = parse_ip_address("::1");
    ASSERT_TRUE(loopback);
    EXPECT_EQ(loopback->size, 16U);
    EXPECT_EQ(loopback->bytes[15], 1);
    const auto full = parse_ip_address("2001:DB8:0:0:0:0:0:1");
    const auto short_form = parse_ip_address("2001:db8::1");
    ASSERT_TRUE(full && short_form);
    EXPECT_EQ(full->bytes, short_form->bytes);
    const auto mapped = parse_ip_address("::ffff:192.0.2.1");
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->bytes[12], 192);
    EXPECT_TRUE(parse_ip_address("::"));
    EXPECT_FALSE(parse_ip_address("1::2::3"));
    EXPECT_FALSE(parse_ip_address("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(parse_ip_address("12345::1"));
    EXPECT_FALSE(parse_ip_address("fe80::1%eth0"));
    EXPECT_FALSE(parse_ip_address("[::1]"));
}

TEST(CheckHostName, CertificateSans) {
    const auto leaf = test::chain_cert("leaf.pem");
    EXPECT_TRUE(check_host_name(leaf, "www.example.com").ok());
    EXPECT_TRUE(check_host_name(leaf, "WWW.EXAMPLE.COM.").ok());
    EXPECT_TRUE(check_host_name(leaf, "x.api.example.com").ok());
    const auto r = check_host_name(leaf, "api.example.com");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status(), Status::kX509CertificateDnsMismatch);
    EXPECT_NE(r.error().message().find("(www.example.com, *.api.example.com)"), std::string::npos);
    // The IP SAN is not a DNS name.
    EXPECT_FALSE(check_host_name(leaf, "192.0.2.1").ok());
}

TEST(CheckIpAddress, OnlyIpSans) {
    const auto leaf = test::chain_cert("leaf.pem");
    EXPECT_TRUE(check_ip_address(leaf, "192.0.2.1").ok());
    EXPECT_TRUE(check_ip_address(leaf, "2001:DB8::1").ok());
    EXPECT_TRUE(check_ip_address(leaf, "2001:db8:0:0:0:0:0:1").ok());
    const auto r = check_ip_address(leaf, "192.0.2.2");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status(), Status::kX509CertificateDnsMismatch);
    EXPECT_NE(r.error().message().find("192.0.2.1"), std::string::npos);
    EXPECT_FALSE(check_ip_address(leaf, "www.example.com").ok());
}

TEST(CheckHostName, CommonNameFallbackIsOptInAndOnlyWithoutDnsSans) {
    // leaf.pem's CN is www.example.com but it has dNSName SANs: the CN is never used.
    const auto leaf = test::chain_cert("leaf.pem");
    EXPECT_TRUE(check_host_name(leaf, "www.example.com", true).ok());
    // nc_ip_out.pem has CN=ip and only an IP SAN.
    const auto ip_only = test::chain_cert("nc_ip_out.pem");
    EXPECT_FALSE(check_host_name(ip_only, "ip").ok());
    EXPECT_TRUE(check_host_name(ip_only, "ip", true).ok());
}

TEST(CheckEmail, Rfc822Sans) {
    const auto leaf = test::chain_cert("nc_ok.pem");
    EXPECT_TRUE(check_email(leaf, "a@EXAMPLE.com").ok());
    EXPECT_FALSE(check_email(leaf, "A@example.com").ok());  // the local part is exact
    EXPECT_FALSE(check_email(leaf, "b@example.com").ok());
}

}  // namespace
}  // namespace nxs::x509
