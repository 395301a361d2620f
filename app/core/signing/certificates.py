"""Certificates for signing: the local root → intermediate → leaf chain, keys and PKCS#12.

c2pa-rs accepts a leaf with CA:FALSE, KeyUsage digitalSignature, ExtendedKeyUsage
emailProtection and an AuthorityKeyIdentifier, issued by a CA (never self-signed), for
ES256/384/512, PS256 (RSA ≥ 2048) and Ed25519 (C2PA_NOTES "Signing certificates"). The
local chain follows that profile; `app/core/certificate_checks.check_chain` explains, one
sentence each, why an imported chain would not.

The local chain's root and intermediate private keys exist only while the chain is made:
they are never written anywhere, so nobody (not even this computer) can issue another
certificate under that root.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypeAlias

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.core.errors import IdentityError, PassphraseRequired, WrongPassphrase
from app.core.i18n import N_, _

PrivateKey: TypeAlias = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey

ALGORITHMS: tuple[str, ...] = ("ES256", "Ed25519", "PS256")
DEFAULT_ALGORITHM = "ES256"
LOCAL_SUFFIX = " (CredLabel local identity)"
LEAF_YEARS = 20
RSA_BITS = 3072  # above the 2048 minimum: comfortable for a 20-year certificate
_MIN_RSA_BITS = 2048
_CURVES = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


LONG_LIVED_EXPLANATION = N_(  # both: `_()` where shown
    "Your local identity's certificate is valid for 20 years. Files are signed without a "
    "timestamp server (so signing never uses the network), and a file signed that way reads "
    "as invalid once the certificate expires. A 20-year certificate keeps your files valid "
    "for that long. To keep files valid beyond it, set a timestamp server that viewers "
    "trust: a timestamp from a server they do not recognize does not count."
)

LOCAL_TRUST_EXPLANATION = N_(
    "Files you sign with it read as Trusted on this computer and as “Valid, signer not "
    "recognized” elsewhere. The root and intermediate private keys were discarded after "
    "signing your certificate, so no other certificate can ever be made under your root."
)


@dataclass(frozen=True)
class LocalChain:
    """A freshly made local identity: its chain (leaf, intermediate), key and root."""

    chain_pem: bytes
    key: PrivateKey
    root_pem: bytes


# ---------------------------------------------------------------- making a local chain


def generate_key(algorithm: str) -> PrivateKey:
    """A new private key for `algorithm` (one of ALGORITHMS, case-insensitive)."""
    alg = normalise_algorithm(algorithm)
    if alg == "Ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if alg == "PS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    return ec.generate_private_key(ec.SECP256R1())


def normalise_algorithm(algorithm: str) -> str:
    for alg in ALGORITHMS:
        if algorithm.strip().lower() == alg.lower():
            return alg
    raise IdentityError(
        _(
            '"{algorithm}" is not an algorithm CredLabel can create. Choose one of: {choices}.'
        ).format(algorithm=algorithm, choices=", ".join(ALGORITHMS))
    )


def leaf_common_name(name: str) -> str:
    """ "Jane Doe (CredLabel local identity)", shortened to X.509's 64-character limit."""
    clean = " ".join(name.split())
    if not clean:
        raise IdentityError(_("A signing identity needs a name. Type your name and try again."))
    return clean[: 64 - len(LOCAL_SUFFIX)] + LOCAL_SUFFIX


def create_local_chain(name: str, algorithm: str = DEFAULT_ALGORITHM) -> LocalChain:
    """Root CA → intermediate CA → leaf for `name`, all with `algorithm`'s key type.

    The CA keys are local variables only: they are dropped when this returns."""
    common = leaf_common_name(name)
    person = common[: -len(LOCAL_SUFFIX)]
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # tolerate small clock skew
    root_key, inter_key, leaf_key = (generate_key(algorithm) for _ in range(3))
    root_name = _name(f"{person} (CredLabel local root)", person)
    inter_name = _name(f"{person} (CredLabel local intermediate)", person)
    root = _ca_cert(root_name, root_name, root_key, root_key, now, LEAF_YEARS + 10)
    inter = _ca_cert(inter_name, root_name, inter_key, root_key, now, LEAF_YEARS + 5)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(common, person))
        .issuer_name(inter_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * LEAF_YEARS + 5))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(_aki(inter_key), critical=False)
        .add_extension(_ski(leaf_key), critical=False)
    )
    leaf_cert = _sign(leaf, inter_key)
    chain = pem_of(leaf_cert) + pem_of(inter)
    return LocalChain(chain_pem=chain, key=leaf_key, root_pem=pem_of(root))


def _ca_cert(  # noqa: PLR0917 (all six differ by role: a keyword call would not read better)
    subject: x509.Name,
    issuer: x509.Name,
    key: PrivateKey,
    issuer_key: PrivateKey,
    now: dt.datetime,
    years: int,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * years + 10))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(_ski(key), critical=False)
    )
    if issuer_key is not key:
        builder = builder.add_extension(_aki(issuer_key), critical=False)
    return _sign(builder, issuer_key)


def _sign(builder: x509.CertificateBuilder, key: PrivateKey) -> x509.Certificate:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return builder.sign(key, None)
    if isinstance(key, rsa.RSAPrivateKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return builder.sign(key, hashes.SHA256(), rsa_padding=pss)
    return builder.sign(key, hashes.SHA256())


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
        ]
    )


def _ski(key: PrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def _aki(issuer_key: PrivateKey) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(_ski(issuer_key))


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


# ---------------------------------------------------------------- reading and writing


def pem_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def parse_certificates(data: bytes) -> list[x509.Certificate]:
    """Every PEM certificate in `data`, in file order (a lone DER certificate also works)."""
    blocks = _PEM_CERT.findall(data)
    try:
        if blocks:
            return [x509.load_pem_x509_certificate(block) for block in blocks]
        if data[:1] == b"\x30":
            return [x509.load_der_x509_certificate(data)]
    except ValueError:
        return []
    return []


def key_pem(key: PrivateKey, passphrase: str | None = None) -> bytes:
    """PKCS#8 PEM, encrypted with the best available scheme when a passphrase is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def load_private_key(data: bytes, password: str | None, *, what: str = "key") -> PrivateKey:
    """A private key from PEM (PKCS#8 or traditional, encrypted or not) or DER bytes.

    Raises IdentityError with one sentence: garbage, password needed, wrong password,
    or a key type that cannot sign C2PA manifests."""
    secret = password.encode("utf-8") if password else None
    pem = b"-----BEGIN" in data
    loader = serialization.load_pem_private_key if pem else serialization.load_der_private_key
    try:
        key = loader(data, secret)
    except TypeError:
        if secret is None:
            raise PassphraseRequired(
                f"The {what} is protected by a password. Give the key's password and try again."
            ) from None
        return load_private_key(data, None, what=what)  # a password for a key that has none
    except ValueError as exc:
        if secret is not None and _is_encrypted(loader, data):
            raise WrongPassphrase(
                f"The password for the {what} is wrong. Check it and try again."
            ) from None
        raise IdentityError(
            f"The {what} file is not a private key CredLabel can read. "
            "Choose the PEM or PKCS#8 file that holds the certificate's private key.",
            type(exc).__name__,
        ) from None
    except UnsupportedAlgorithm as exc:
        raise IdentityError(_UNSUPPORTED_KEY.format(what=what), type(exc).__name__) from None
    if not isinstance(
        key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey
    ):
        raise IdentityError(_UNSUPPORTED_KEY.format(what=what))
    return key


_UNSUPPORTED_KEY = (
    "The {what} uses a key type C2PA cannot sign with. "
    "Use an ECDSA (P-256/384/521), RSA (2048 bits or more) or Ed25519 key."
)


def _is_encrypted(loader: Any, data: bytes) -> bool:
    """True when `data` is a key that needs a password (loading without one says so)."""
    try:
        loader(data, None)
    except TypeError:
        return True
    except (ValueError, UnsupportedAlgorithm):
        return False
    return False


def load_pkcs12(data: bytes, password: str | None) -> tuple[PrivateKey, list[x509.Certificate]]:
    """(key, chain in signing order) from a PKCS#12 (.p12/.pfx) file."""
    if data[:1] != b"\x30" or len(data) < 64:
        raise IdentityError(
            _(
                "The file is not a PKCS#12 certificate file. "
                "Choose the .p12 or .pfx file your certificate provider gave you."
            )
        )
    secret = password.encode("utf-8") if password else None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        if secret is None:
            raise PassphraseRequired(
                _("The PKCS#12 file is protected by a password. Give its password and try again.")
            ) from None
        raise WrongPassphrase(
            _(
                "The password for the PKCS#12 file is wrong (or the file is damaged). "
                "Check the password and try again."
            )
        ) from None
    except UnsupportedAlgorithm as exc:
        raise IdentityError(
            _(
                "The PKCS#12 file uses an encryption CredLabel cannot read. "
                "Export it again with AES encryption, or as PEM certificate and key files."
            ),
            str(exc),
        ) from None
    if key is None or cert is None:
        raise IdentityError(
            _(
                "The PKCS#12 file holds no private key with its certificate. "
                "Export the certificate again together with its private key."
            )
        )
    if not isinstance(
        key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey
    ):
        raise IdentityError(
            _(
                "The PKCS#12 key type cannot sign C2PA manifests. "
                "Use an ECDSA (P-256/384/521), RSA (2048 bits or more) or Ed25519 key."
            )
        )
    return key, order_chain([cert, *extra])


def order_chain(certs: list[x509.Certificate]) -> list[x509.Certificate]:
    """`certs[0]` first, then each issuer in turn; unrelated certificates are dropped."""
    if not certs:
        return []
    chain = [certs[0]]
    rest = list(certs[1:])
    while rest:
        current = chain[-1]
        if current.issuer == current.subject:
            break
        issuer = next((c for c in rest if c.subject == current.issuer), None)
        if issuer is None:
            break
        chain.append(issuer)
        rest.remove(issuer)
    return chain


# ---------------------------------------------------------------- describing


def algorithm_of(key: PrivateKey | object) -> str | None:
    """The C2PA algorithm name for a (public or private) key, or None when unsupported."""
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "Ed25519"
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "PS256" if key.key_size >= _MIN_RSA_BITS else None
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return _CURVES.get(key.curve.name)
    return None


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate, as colon-separated hex (what support staff compare)."""
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and signed_by(cert, cert)


def signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True
