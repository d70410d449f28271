#!/bin/sh
# Generates the certificate chains of tests/unit/x509/{verify,name_constraints,crl_check,trust_store}_test.cpp with the
# OpenSSL command line, so the expected results come from outside nxs. The outputs are committed; run this again
# only to change them (keys and validity dates change on every run; the tests read times from the certificates).
#
#   cd tests/vectors/x509/chains && ./make_chains.sh
set -eu
cd "$(dirname "$0")"
rm -rf out && mkdir out && cd out
DAYS=36500

eckey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
rsakey() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null; }
# ext NAME LINES...: an extension file section
ext() { name=$1; shift; printf '%s\n' "[v3]" "$@" > "$name.ext"; }
# selfsign NAME SUBJECT EXT [DAYS]
selfsign() {
    openssl req -new -x509 -key "$1.key" -subj "$2" -days "${4:-$DAYS}" -sha256 -extensions v3 -config "$3.ext" \
        -out "$1.pem" 2>/dev/null
}
# issue NAME SUBJECT EXT ISSUER [DAYS] [DIGEST]
issue() {
    [ -f "$1.key" ] || cp leaf.key "$1.key"  # leaves share one key unless they have their own
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days "${5:-$DAYS}" "-${6:-sha256}" -extfile "$3.ext" -extensions v3 -out "$1.pem" 2>/dev/null
    rm -f "$1.csr"
}

ext ca "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" \
    "authorityKeyIdentifier=keyid:always"
ext root_ca "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash"
ext ca_pathlen0 "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always"
ext ca_not_ca "basicConstraints=critical,CA:FALSE" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always"
ext ca_no_certsign "basicConstraints=critical,CA:TRUE" "keyUsage=critical,cRLSign,digitalSignature" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always"
ext ca_no_crlsign "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign" "subjectKeyIdentifier=hash" \
    "authorityKeyIdentifier=keyid:always"
ext ca_nc "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" \
    "authorityKeyIdentifier=keyid:always" \
    "nameConstraints=critical,permitted;DNS:example.com,permitted;IP:192.0.2.0/255.255.255.0,permitted;dirName:nc_dir,permitted;email:example.com,permitted;URI:.example.com,excluded;DNS:bad.example.com,excluded;IP:192.0.2.128/255.255.255.128" \
    "[nc_dir]" "O=Example"
leaf_ext() {  # leaf_ext NAME SAN [EKU]
    ext "$1" "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=${3:-serverAuth,clientAuth}" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always" \
        "subjectAltName=$2"
}

# Roots and the main chain: root -> int -> leaf (EC P-256).
eckey root && selfsign root "/O=Example/CN=Example Root" root_ca
eckey root2 && selfsign root2 "/O=Other/CN=Other Root" root_ca
eckey int && issue int "/O=Example/CN=Example CA" ca root
eckey leaf && leaf_ext leaf "DNS:www.example.com,DNS:*.api.example.com,IP:192.0.2.1,IP:2001:db8::1" && \
    issue leaf "/O=Example/CN=www.example.com" leaf int
leaf_ext leaf_client "DNS:client.example.com" clientAuth && issue leaf_client "/O=Example/CN=client.example.com" leaf_client int

# Not a CA, path length, keyCertSign.
eckey int_notca && issue int_notca "/O=Example/CN=Not A CA" ca_not_ca root
issue leaf_under_notca "/O=Example/CN=www.example.com" leaf int_notca
eckey int_pathlen0 && issue int_pathlen0 "/O=Example/CN=Pathlen Zero CA" ca_pathlen0 root
eckey int_below_pathlen0 && issue int_below_pathlen0 "/O=Example/CN=Below Pathlen CA" ca int_pathlen0
issue leaf_pathlen "/O=Example/CN=www.example.com" leaf int_below_pathlen0
eckey int_nocertsign && issue int_nocertsign "/O=Example/CN=No CertSign CA" ca_no_certsign root
issue leaf_nocertsign "/O=Example/CN=www.example.com" leaf int_nocertsign

# Validity: an intermediate valid for one day (tests check after its notAfter, within the leaf's).
eckey int_short && issue int_short "/O=Example/CN=Short CA" ca root 1
issue leaf_short "/O=Example/CN=www.example.com" leaf int_short

# Name constraints under int_nc.
eckey int_nc && issue int_nc "/O=Example/CN=Constrained CA" ca_nc root
nc_leaf() {  # nc_leaf NAME SUBJECT SAN
    leaf_ext "$1" "$3" && issue "$1" "$2" "$1" int_nc
}
nc_leaf nc_ok "/O=Example/CN=www.example.com" "DNS:www.example.com,IP:192.0.2.1,email:a@example.com,URI:https://www.example.com/x"
nc_leaf nc_dns_out "/O=Example/CN=www.other.org" "DNS:www.other.org"
nc_leaf nc_dns_excluded "/O=Example/CN=bad.example.com" "DNS:bad.example.com"
nc_leaf nc_ip_out "/O=Example/CN=ip" "IP:198.51.100.1"
nc_leaf nc_ip_excluded "/O=Example/CN=ip" "IP:192.0.2.200"
nc_leaf nc_dn_out "/O=Other/CN=www.example.com" "DNS:www.example.com"
nc_leaf nc_email_out "/O=Example/CN=mail" "email:a@other.org"
nc_leaf nc_uri_out "/O=Example/CN=uri" "URI:https://www.other.org/"
nc_leaf nc_wildcard_excluded "/O=Example/CN=wild" "DNS:*.example.com"

# Cross-signing: "Cross CA" (one key) signed by root and by root2; same-name candidates with different keys.
eckey cross
cp cross.key cross_by_root.key && issue cross_by_root "/O=Example/CN=Cross CA" ca root
cp cross.key cross_by_root2.key && issue cross_by_root2 "/O=Example/CN=Cross CA" ca root2
issue leaf_cross "/O=Example/CN=www.example.com" leaf cross_by_root
eckey same1 && issue same1 "/O=Example/CN=Same Name CA" ca root
eckey same2 && issue same2 "/O=Example/CN=Same Name CA" ca root
issue leaf_same2 "/O=Example/CN=www.example.com" leaf same2

# A self-signed leaf (not a CA).
ext self "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectKeyIdentifier=hash" "subjectAltName=DNS:self.example.com"
eckey self && selfsign self "/CN=self.example.com" self

# Signatures: a tampered signature (RSA chain), the issuer's name on an RSA key (0x19A), an unsupported algorithm.
rsakey rsa_int && issue rsa_int "/O=Example/CN=Example CA" ca root
rsakey rsa_leaf && issue rsa_leaf "/O=Example/CN=www.example.com" leaf rsa_int
openssl x509 -in rsa_leaf.pem -outform DER -out rsa_leaf.der
python3 -c "import sys; d=bytearray(open('rsa_leaf.der','rb').read()); d[-1]^=0x01; open('rsa_leaf_badsig.der','wb').write(d)"
cp rsa_leaf.key rsa_leaf_sha224.key && issue rsa_leaf_sha224 "/O=Example/CN=www.example.com" leaf rsa_int "$DAYS" sha224

# CRLs: int's CRL revokes leaf_revoked; one by root2 (wrong issuer), one tampered, one from a CA without cRLSign.
cat > ca.cnf <<'CNF'
[ca]
default_ca = this
[this]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 36500
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always
CNF
gencrl() {  # gencrl OUT CA [CERT_TO_REVOKE]
    : > index.txt && echo 01 > crlnumber
    if [ -n "${3:-}" ]; then
        openssl ca -config ca.cnf -keyfile "$2.key" -cert "$2.pem" -revoke "$3.pem" 2>/dev/null
    fi
    openssl ca -config ca.cnf -gencrl -keyfile "$2.key" -cert "$2.pem" -out "$1.pem" 2>/dev/null
    rm -f index.txt* crlnumber*
}
issue leaf_revoked "/O=Example/CN=www.example.com" leaf int
gencrl crl_int int leaf_revoked
gencrl crl_root root
gencrl crl_root2 root2
openssl crl -in crl_int.pem -outform DER -out crl_int.der
python3 -c "d=bytearray(open('crl_int.der','rb').read()); d[-1]^=0x01; open('crl_int_badsig.der','wb').write(d)"
eckey int_nocrlsign && issue int_nocrlsign "/O=Example/CN=No CRLSign CA" ca_no_crlsign root
issue leaf_nocrlsign "/O=Example/CN=www.example.com" leaf int_nocrlsign
gencrl crl_nocrlsign int_nocrlsign

rm -f ./*.ext ./*.srl ca.cnf rsa_leaf.der
rm -f ./*.key  # the tests need no private keys
cd .. && rm -rf generated && mv out generated
echo "wrote $(ls generated | wc -l) files to $(pwd)/generated"
