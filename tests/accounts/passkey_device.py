"""A software authenticator for the passkey tests: a real P-256 key pair, a CBOR
attestation object ("packed" self-attestation or "none") and assertions signed over
authenticatorData || SHA-256(clientDataJSON), as a security key would build them."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40  # authenticator data flags: user present, verified, key data


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """One credential on one device. `counter=False` behaves like the many passkeys whose
    signature counter always stays 0."""

    def __init__(self, *, origin: str, rp_id: str, counter: bool = True, fmt: str = "packed"):
        self.origin = origin
        self.rp_id = rp_id
        self.counter = counter
        self.fmt = fmt
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.sign_count = 0

    @property
    def id(self) -> str:
        return b64url(self.credential_id)

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": origin or self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _sign(self, data: bytes) -> bytes:
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))

    def create(self, options: dict, *, origin: str | None = None) -> dict:
        """The answer of navigator.credentials.create() for these options, as JSON."""
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = (
            hashlib.sha256(self.rp_id.encode()).digest()
            + bytes([UP | AT])
            + struct.pack(">I", self.sign_count)
            + bytes(16)  # AAGUID
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        if self.fmt == "packed":
            signature = self._sign(auth_data + hashlib.sha256(client_data).digest())
            statement = {"alg": -7, "sig": signature}
        else:
            statement = {}
        attestation = cbor2.dumps({"fmt": self.fmt, "attStmt": statement, "authData": auth_data})
        return {
            "id": self.id,
            "rawId": self.id,
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["usb"],
            },
        }

    def get(
        self,
        options: dict,
        *,
        origin: str | None = None,
        sign_count: int | None = None,
        tamper: bool = False,
        rp_id: str | None = None,
    ) -> dict:
        """The answer of navigator.credentials.get(): the counter moves on (if it counts)."""
        if sign_count is None:
            if self.counter:
                self.sign_count += 1
            sign_count = self.sign_count
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = (
            hashlib.sha256((rp_id or self.rp_id).encode()).digest()
            + bytes([UP])
            + struct.pack(">I", sign_count)
        )
        signature = self._sign(auth_data + hashlib.sha256(client_data).digest())
        if tamper:
            auth_data = auth_data[:-1] + bytes([auth_data[-1] ^ 1])
        return {
            "id": self.id,
            "rawId": self.id,
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": None,
            },
        }
