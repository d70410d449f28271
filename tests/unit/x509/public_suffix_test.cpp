// The Public Suffix List (include/nxs/x509/public_suffix.h): the list format, the PSL algorithm, IDNA A-labels of its
// UTF-8 rules, and wildcard host-name matching with and without it.
//
// Expected values come from outside nxs: rules copied from the Public Suffix List, the PSL project's own algorithm
// examples (tests/test_psl.txt of publicsuffix/list: "ck", "www.ck", "*.kobe.jp", unlisted TLDs), the Punycode
// samples of RFC 3492 §7.1 and IANA's A-labels of internationalized TLDs.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "nxs/crypto/provider.h"
#include "nxs/x509/builder.h"
#include "nxs/x509/hostname.h"
#include "nxs/x509/public_suffix.h"
#include "nxs/x509/verify.h"

namespace nxs::x509 {
namespace {

// Lines as they appear in the Public Suffix List (both sections, comments, wildcards, exceptions, UTF-8 rules).
constexpr std::string_view kListExcerpt =
    "// This Source Code Form is subject to the terms of the Mozilla Public\n"
    "// License, v. 2.0.\n"
    "\n"
    "// ===BEGIN ICANN DOMAINS===\n"
    "\n"
    "// ck : https://en.wikipedia.org/wiki/.ck\n"
    "*.ck\n"
    "!www.ck\n"
    "\n"
    "com\n"
    "\n"
    "// jp : https://en.wikipedia.org/wiki/.jp\n"
    "jp\n"
    "*.kobe.jp\n"
    "!city.kobe.jp\n"
    "\n"
    "// uk : https://en.wikipedia.org/wiki/.uk\n"
    "uk\n"
    "ac.uk\n"
    "co.uk\n"
    "\n"
    "// xn--p1ai (\"rf\", Russian-Cyrillic) : RU\n"
    "\xD1\x80\xD1\x84\n"  // рф
    "\n"
    "// cn : https://en.wikipedia.org/wiki/.cn\n"
    "cn\n"
    "\xE5\x85\xAC\xE5\x8F\xB8.cn\n"  // 公司.cn
    "\n"
    "// ===END ICANN DOMAINS===\n"
    "// ===BEGIN PRIVATE DOMAINS===\n"
    "\n"
    "// Amazon S3 : https://aws.amazon.com/s3/\n"
    "s3.amazonaws.com\n"
    "\n"
    "// ===END PRIVATE DOMAINS===\n";

PublicSuffixList excerpt() {
    auto list = PublicSuffixList::parse(kListExcerpt);
    EXPECT_TRUE(list.ok()) << (list.ok() ? "" : list.error().to_string());
    return std::move(list).value();
}

std::shared_ptr<const PublicSuffixList> shared_excerpt() {
    return std::make_shared<const PublicSuffixList>(excerpt());
}

void expect_parse_error(std::string_view text, std::string_view fragment) {
    const auto list = PublicSuffixList::parse(text);
    ASSERT_FALSE(list.ok()) << "parsed: " << text;
    EXPECT_EQ(list.status(), Status::kX509InvalidCertificateData);
    EXPECT_NE(list.error().message().find(fragment), std::string::npos) << list.error().to_string();
}

TEST(PublicSuffixList, ParsesCommentsBlankLinesAndBothSections) {
    const auto list = excerpt();
    // 13 rules; the two UTF-8 rules are held as written and as A-labels.
    EXPECT_EQ(list.size(), 15U);
    EXPECT_TRUE(list.is_public_suffix("s3.amazonaws.com"));  // PRIVATE section
    EXPECT_TRUE(list.is_public_suffix("co.uk"));             // ICANN section
}

TEST(PublicSuffixList, RuleIsReadUpToTheFirstWhitespace) {
    const auto list = PublicSuffixList::parse("  co.uk  this is not part of the rule\r\nuk\tfoo\r\n");
    ASSERT_TRUE(list.ok()) << list.error().to_string();
    EXPECT_EQ(list->size(), 2U);
    EXPECT_TRUE(list->is_public_suffix("co.uk"));
    EXPECT_FALSE(list->is_public_suffix("this.co.uk"));
}

TEST(PublicSuffixList, ByteOrderMarkAndUpperCaseRules) {
    const auto list = PublicSuffixList::parse(
        "\xEF\xBB\xBF"
        "CO.UK\n");
    ASSERT_TRUE(list.ok()) << list.error().to_string();
    EXPECT_TRUE(list->is_public_suffix("co.uk"));
}

TEST(PublicSuffixList, PslAlgorithm) {
    const auto list = excerpt();
    EXPECT_TRUE(list.is_public_suffix("uk"));
    EXPECT_TRUE(list.is_public_suffix("co.uk"));
    EXPECT_FALSE(list.is_public_suffix("example.co.uk"));
    EXPECT_FALSE(list.is_public_suffix("www.example.co.uk"));
    EXPECT_TRUE(list.is_public_suffix("com"));
    EXPECT_FALSE(list.is_public_suffix("example.com"));
    // Wildcard rule "*.ck" with the exception "!www.ck" (test_psl.txt).
    EXPECT_TRUE(list.is_public_suffix("ck"));  // no rule "ck": the implicit "*"
    EXPECT_TRUE(list.is_public_suffix("test.ck"));
    EXPECT_FALSE(list.is_public_suffix("b.test.ck"));
    EXPECT_FALSE(list.is_public_suffix("www.ck"));
    EXPECT_FALSE(list.is_public_suffix("www.www.ck"));
    EXPECT_TRUE(list.is_public_suffix("c.kobe.jp"));
    EXPECT_FALSE(list.is_public_suffix("b.c.kobe.jp"));
    EXPECT_FALSE(list.is_public_suffix("city.kobe.jp"));
    EXPECT_FALSE(list.is_public_suffix("www.city.kobe.jp"));
    EXPECT_FALSE(list.is_public_suffix("kobe.jp"));  // "*.kobe.jp" needs a label under kobe.jp; "jp" prevails
}

TEST(PublicSuffixList, UnknownTopLevelDomainIsAPublicSuffix) {
    const auto list = excerpt();
    // The implicit "*" rule (test_psl.txt: "example" has no registrable domain, "example.example" is one).
    EXPECT_TRUE(list.is_public_suffix("example"));
    EXPECT_TRUE(list.is_public_suffix("internal"));
    EXPECT_FALSE(list.is_public_suffix("example.example"));
    EXPECT_FALSE(list.is_public_suffix("corp.internal"));
}

TEST(PublicSuffixList, CaseTrailingDotAndMalformedNames) {
    const auto list = excerpt();
    EXPECT_TRUE(list.is_public_suffix("CO.UK"));
    EXPECT_TRUE(list.is_public_suffix("co.uk."));
    EXPECT_FALSE(list.is_public_suffix("co.uk.."));
    EXPECT_FALSE(list.is_public_suffix(""));
    EXPECT_FALSE(list.is_public_suffix("."));
    EXPECT_FALSE(list.is_public_suffix(".co.uk"));
    EXPECT_FALSE(list.is_public_suffix("co..uk"));
    EXPECT_FALSE(list.is_public_suffix(std::string(254, 'a')));
}

TEST(PublicSuffixList, InternationalizedRulesAsALabels) {
    const auto list = excerpt();
    // IANA: .рф is xn--p1ai, .公司 is xn--55qx5d.
    EXPECT_TRUE(list.is_public_suffix("xn--p1ai"));
    EXPECT_TRUE(list.is_public_suffix("XN--P1AI"));
    EXPECT_TRUE(list.is_public_suffix("\xD1\x80\xD1\x84"));
    EXPECT_TRUE(list.is_public_suffix("xn--55qx5d.cn"));
    EXPECT_FALSE(list.is_public_suffix("example.xn--55qx5d.cn"));
    EXPECT_FALSE(list.is_public_suffix("example.xn--p1ai"));
}

TEST(PublicSuffixList, PunycodeSamplesOfRfc3492) {
    // RFC 3492 §7.1 (A) Arabic (Egyptian) and (B) Chinese (simplified), UTF-8 encoded, as rules under "example".
    const auto list = PublicSuffixList::parse(
        "\xD9\x84\xD9\x8A\xD9\x87\xD9\x85\xD8\xA7\xD8\xA8\xD8\xAA\xD9\x83\xD9\x84\xD9\x85\xD9\x88\xD8\xB4\xD8\xB9\xD8"
        "\xB1\xD8\xA8\xD9\x8A\xD8\x9F.example\n"
        "\xE4\xBB\x96\xE4\xBB\xAC\xE4\xB8\xBA\xE4\xBB\x80\xE4\xB9\x88\xE4\xB8\x8D\xE8\xAF\xB4\xE4\xB8\xAD\xE6\x96\x87"
        ".example\n"
        "b\xC3\xBC"
        "cher.example\n");
    ASSERT_TRUE(list.ok()) << list.error().to_string();
    EXPECT_TRUE(list->is_public_suffix("xn--egbpdaj6bu4bxfgehfvwxn.example"));
    EXPECT_TRUE(list->is_public_suffix("xn--ihqwcrb4cv8a8dqg056pqjye.example"));
    EXPECT_TRUE(list->is_public_suffix("xn--bcher-kva.example"));  // mixed ASCII and non-ASCII
}

TEST(PublicSuffixList, EmptyInputIsAnError) {
    expect_parse_error("", "no rules");
    expect_parse_error("// only a comment\n\n   \n", "no rules");
    expect_parse_error("*\n", "no rules");  // the implicit rule alone adds nothing
}

TEST(PublicSuffixList, MalformedRulesAreErrorsWithTheLine) {
    expect_parse_error("uk\n*.*.uk\n", "line 2");
    expect_parse_error("foo.*.uk\n", "wildcard");
    expect_parse_error("*uk\n", "wildcard");
    expect_parse_error("a..uk\n", "empty label");
    expect_parse_error(".uk\n", "empty label");
    expect_parse_error("uk.\n", "empty label");
    expect_parse_error("!\n", "empty label");
    expect_parse_error("!uk\n", "single label");
    expect_parse_error("!*.uk\n", "wildcard");
    expect_parse_error("fo_o.uk\n", "letter, digit or hyphen");
    expect_parse_error("a/b\n", "letter, digit or hyphen");
    expect_parse_error(std::string("a\0b\n", 4), "letter, digit or hyphen");
    expect_parse_error(std::string(64, 'a') + ".uk\n", "63");
    expect_parse_error("\xC3.uk\n", "UTF-8");              // truncated sequence
    expect_parse_error("\xC0\xAF.uk\n", "UTF-8");          // overlong "/"
    expect_parse_error("\xED\xA0\x80.uk\n", "UTF-8");      // a surrogate
    expect_parse_error("\xF4\x90\x80\x80.uk\n", "UTF-8");  // above U+10FFFF
    std::string long_name;
    for (int i = 0; i < 30; ++i) {
        long_name += "abcdefghi.";
    }
    expect_parse_error(long_name + "uk\n", "253");
}

TEST(PublicSuffixList, LoadFileErrors) {
    const auto missing = PublicSuffixList::load_file("/nonexistent/nxs/public_suffix_list.dat");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status(), Status::kTlsCertificateNotFound);
    EXPECT_NE(missing.error().message().find("/nonexistent/nxs/public_suffix_list.dat"), std::string::npos);
}

TEST(PublicSuffixList, SystemList) {
    std::error_code ec;
    if (!std::filesystem::exists(std::string(PublicSuffixList::kSystemPath), ec)) {
        GTEST_SKIP() << PublicSuffixList::kSystemPath << " is absent (Debian package `publicsuffix`)";
    }
    const auto list = PublicSuffixList::load_system();
    ASSERT_TRUE(list.ok()) << list.error().to_string();
    EXPECT_GT(list->size(), 5000U);
    EXPECT_TRUE(list->is_public_suffix("uk"));
    EXPECT_TRUE(list->is_public_suffix("co.uk"));
    EXPECT_FALSE(list->is_public_suffix("example.co.uk"));
    EXPECT_TRUE(list->is_public_suffix("com"));
    EXPECT_FALSE(list->is_public_suffix("example.com"));
    EXPECT_TRUE(list->is_public_suffix("s3.amazonaws.com"));
    EXPECT_FALSE(list->is_public_suffix("bucket.s3.amazonaws.com"));
    EXPECT_TRUE(list->is_public_suffix("test.ck"));
    EXPECT_FALSE(list->is_public_suffix("www.ck"));
    EXPECT_TRUE(list->is_public_suffix("c.kobe.jp"));
    EXPECT_FALSE(list->is_public_suffix("city.kobe.jp"));
    EXPECT_TRUE(list->is_public_suffix("xn--p1ai"));  // written "рф" in the file
    EXPECT_TRUE(list->is_public_suffix("example"));
    EXPECT_FALSE(list->is_public_suffix("example.example"));
}

TEST(DnsNameMatchesWithPublicSuffixes, WildcardOverAPublicSuffixNeverMatches) {
    const auto list = excerpt();
    // Without the list: the existing rules only (three labels are enough).
    EXPECT_TRUE(dns_name_matches("*.co.uk", "example.co.uk"));
    EXPECT_TRUE(dns_name_matches("*.s3.amazonaws.com", "bucket.s3.amazonaws.com"));
    // With it.
    EXPECT_FALSE(dns_name_matches("*.co.uk", "example.co.uk", &list));
    EXPECT_FALSE(dns_name_matches("*.CO.UK", "Example.Co.Uk.", &list));
    EXPECT_FALSE(dns_name_matches("*.s3.amazonaws.com", "bucket.s3.amazonaws.com", &list));
    EXPECT_FALSE(dns_name_matches("*.test.ck", "a.test.ck", &list));  // test.ck is a suffix through "*.ck"
    EXPECT_FALSE(dns_name_matches("*.xn--55qx5d.cn", "example.xn--55qx5d.cn", &list));
    EXPECT_FALSE(dns_name_matches("*.com", "example.com", &list));  // as without the list
}

TEST(DnsNameMatchesWithPublicSuffixes, OrdinaryWildcardsAndExactNamesStillMatch) {
    const auto list = excerpt();
    EXPECT_TRUE(dns_name_matches("*.example.co.uk", "www.example.co.uk", &list));
    EXPECT_TRUE(dns_name_matches("*.example.com", "a.example.com", &list));
    EXPECT_TRUE(dns_name_matches("*.www.ck", "a.www.ck", &list));  // the exception: www.ck is registrable
    EXPECT_TRUE(dns_name_matches("*.bucket.s3.amazonaws.com", "a.bucket.s3.amazonaws.com", &list));
    EXPECT_TRUE(dns_name_matches("*.corp.internal", "host.corp.internal", &list));  // unknown TLD: one label only
    EXPECT_TRUE(dns_name_matches("co.uk", "co.uk", &list));  // not a wildcard: the list is not asked
    EXPECT_FALSE(dns_name_matches("*.example.co.uk", "a.b.example.co.uk", &list));
    EXPECT_FALSE(dns_name_matches("f*o.example.co.uk", "foo.example.co.uk", &list));
}

// A CA and a leaf made in memory with `dns_names` as its SANs.
struct MadeChain {
    Certificate ca;
    Certificate leaf;
};

MadeChain make_chain(const std::vector<std::string>& dns_names, std::int64_t now) {
    const auto provider = crypto::default_provider();
    auto ca_key = provider->generate_private_key({crypto::KeyType::kEc, crypto::EcCurve::kP256});
    EXPECT_TRUE(ca_key.ok());
    CertificateTemplate ca_spec;
    ca_spec.common_name = "PSL test CA";
    ca_spec.is_ca = true;
    ca_spec.not_before = now - 3600;
    ca_spec.not_after = now + 3600;
    auto ca = build_certificate(*provider, ca_spec, (*ca_key)->public_spki_der(), nullptr, **ca_key);
    EXPECT_TRUE(ca.ok()) << (ca.ok() ? "" : ca.error().to_string());
    auto leaf_key = provider->generate_private_key({crypto::KeyType::kEc, crypto::EcCurve::kP256});
    EXPECT_TRUE(leaf_key.ok());
    CertificateTemplate leaf_spec;
    leaf_spec.dns_names = dns_names;
    leaf_spec.server_auth = true;
    leaf_spec.not_before = now - 3600;
    leaf_spec.not_after = now + 3600;
    auto leaf = build_certificate(*provider, leaf_spec, (*leaf_key)->public_spki_der(), &*ca, **ca_key);
    EXPECT_TRUE(leaf.ok()) << (leaf.ok() ? "" : leaf.error().to_string());
    return {std::move(ca).value(), std::move(leaf).value()};
}

TEST(VerifyChainWithPublicSuffixes, RefusesAWildcardOverAPublicSuffix) {
    constexpr std::int64_t kNow = 1767225600;  // 2026-01-01
    const auto chain = make_chain({"*.co.uk", "*.example.co.uk"}, kNow);
    TrustStore store;
    store.add(chain.ca);
    VerifyOptions options;
    options.time = kNow;
    options.peer = PeerName::dns("example.co.uk");
    // Without a list: accepted, as before.
    EXPECT_TRUE(verify_chain(chain.leaf, {}, store, options).ok());
    options.public_suffixes = shared_excerpt();
    const auto refused = verify_chain(chain.leaf, {}, store, options);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status(), Status::kX509CertificateDnsMismatch);
    EXPECT_NE(refused.error().message().find("'*.co.uk' covers a public suffix"), std::string::npos)
        << refused.error().to_string();
    // A wildcard one level further down is fine.
    options.peer = PeerName::dns("www.example.co.uk");
    EXPECT_TRUE(verify_chain(chain.leaf, {}, store, options).ok());
    // check_peer_name alone takes the list too.
    EXPECT_FALSE(check_peer_name(chain.leaf, PeerName::dns("example.co.uk"), Purpose::kServerAuth, false,
                                 options.public_suffixes.get())
                     .ok());
    EXPECT_TRUE(check_peer_name(chain.leaf, PeerName::dns("example.co.uk"), Purpose::kServerAuth, false).ok());
}

TEST(VerifyChainWithPublicSuffixes, PlainMismatchDoesNotBlameTheList) {
    constexpr std::int64_t kNow = 1767225600;
    const auto chain = make_chain({"*.co.uk"}, kNow);
    const auto list = excerpt();
    const auto r = check_host_name(chain.leaf, "example.org", false, &list);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message().find("public suffix"), std::string::npos) << r.error().to_string();
}

}  // namespace
}  // namespace nxs::x509
