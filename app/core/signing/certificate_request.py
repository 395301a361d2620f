"""A certificate signing request (PKCS#10 CSR) for a C2PA claim-signing certificate.

What it asks for follows the C2PA claim-signing leaf profile (c2pa-org/conformance-public,
`cert-profiles/claimSigningLeaf.al1/al2`): subject with CN, O and C; KeyUsage
digitalSignature + nonRepudiation (contentCommitment), critical; BasicConstraints CA:FALSE,
critical; ExtendedKeyUsage with the C2PA claim-signing purpose (1.3.6.1.4.1.62558.2.1)
*and* emailProtection. The second purpose matters: c2pa-rs, as readers ship it, accepts
emailProtection, timeStamping and OCSPSigning only; a certificate with claimSigning or
documentSigning alone reads Invalid ("certificate missing required EKU") wherever the
reader was not told about those purposes (measured with c2pa-rs 0.91.3). The CA adds the
rest (key identifiers, certificate policy, OCSP address, validity).

The private key is made here and never leaves the identity store; the CSR holds only the
public key and the names, so it can be mailed or pasted into a CA's web form.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.core.errors import IdentityError
from app.core.i18n import _
from app.core.signing.certificates import PrivateKey

CLAIM_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1")  # c2pa-kp-claimSigning
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning
REQUESTED_EKUS: tuple[x509.ObjectIdentifier, ...] = (
    CLAIM_SIGNING,
    ExtendedKeyUsageOID.EMAIL_PROTECTION,
)
_MAX_NAME = 64  # X.509's upper bound for CN and O


@dataclass(frozen=True)
class RequestDetails:
    """Who the certificate is for, in the user's words."""

    name: str
    organization: str = ""
    email: str = ""
    country: str = ""  # two letters, e.g. "DE"

    def cleaned(self) -> RequestDetails:
        """Spaces tidied; each field checked, with a sentence for what is wrong."""
        name = " ".join(self.name.split())
        organization = " ".join(self.organization.split())
        email = self.email.strip()
        country = self.country.strip().upper()
        if not name:
            raise IdentityError(
                _("A certificate request needs a name. Type your name and try again.")
            )
        too_long = (
            (name, _("The name is {length} characters long; certificates allow at most {most}.")),
            (
                organization,
                _(
                    "The organization is {length} characters long; certificates allow at "
                    "most {most}."
                ),
            ),
        )
        for value, sentence in too_long:
            if len(value) > _MAX_NAME:
                raise IdentityError(
                    sentence.format(length=len(value), most=_MAX_NAME)
                    + " "
                    + _("Shorten it and try again.")
                )
        if email and (email.count("@") != 1 or " " in email or email.startswith("@")):
            raise IdentityError(
                _("“{email}” is not an e-mail address. Check it and try again.").format(email=email)
            )
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise IdentityError(
                _(
                    "“{country}” is not a country code. Use the two letters of your country, "
                    "e.g. US, DE or JP."
                ).format(country=self.country.strip())
            )
        return RequestDetails(name, organization, email, country)


def subject_of(details: RequestDetails) -> x509.Name:
    """CN, then O, C and the e-mail address when given (the profile asks for C, O, CN)."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, details.name)]
    if details.organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, details.organization))
    if details.country:
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, details.country))
    if details.email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, details.email))
    return x509.Name(attributes)


def build_request(details: RequestDetails, key: PrivateKey) -> x509.CertificateSigningRequest:
    """The CSR for `details`, signed with `key` (proof that the requester holds it)."""
    clean = details.cleaned()
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(subject_of(clean))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage(list(REQUESTED_EKUS)), critical=False)
    )
    if clean.email:  # S/MIME CAs check the address here, not in the subject
        san = x509.SubjectAlternativeName([x509.RFC822Name(clean.email)])
        builder = builder.add_extension(san, critical=False)
    # RSA requests use PKCS#1 v1.5, which every CA accepts; the certificate can still be PSS.
    digest = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(key, digest)


def request_pem(csr: x509.CertificateSigningRequest) -> bytes:
    return csr.public_bytes(serialization.Encoding.PEM)


def what_to_send(csr_file: str, identity_id: str, details: RequestDetails, algorithm: str) -> str:
    """The short plain-language note written next to the CSR."""
    clean = details.cleaned()
    who = ", ".join(v for v in (clean.name, clean.organization, clean.country, clean.email) if v)
    return "\n".join(
        [
            "What to send to the certificate authority (CA)",
            "===============================================",
            "",
            f"Send the file {csr_file} (the certificate request). It holds only your public",
            "key and your name; your private key stayed on this computer, in CredLabel's",
            "signing identities. Never send a private key to anyone.",
            "",
            "Ask for: a C2PA claim-signing certificate (a certificate for signing Content",
            "Credentials) for this request, with",
            "  - key usage digitalSignature and nonRepudiation (critical),",
            "  - extended key usages C2PA claim signing (1.3.6.1.4.1.62558.2.1) AND",
            "    emailProtection (1.3.6.1.5.5.7.3.4): with claim signing alone many readers",
            "    refuse the certificate,",
            "  - basic constraints CA:FALSE.",
            "Choose a CA on the C2PA Trust List, or your copies will read 'signer not",
            "recognized'. Ask for the certificate as a PEM file with the intermediate",
            "certificates (the 'full chain'); a USB token or a cloud-only key cannot be used,",
            "because the key must stay the one made for this request.",
            "",
            f"Requested for: {who}",
            f"Key: {algorithm}"
            + (" (some CAs accept only ES256 or RSA)" if algorithm == "Ed25519" else ""),
            "",
            "When the CA sends the certificate, finish with:",
            f"  credlabel identity complete {identity_id} --chain ISSUED.pem",
            "or in the window: Preferences > Signing identities > Complete with issued",
            "certificate. CredLabel then tells you whether your copies will read Trusted.",
            "",
        ]
    )
