package io.switchboard.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes), RSA or EC. */
final class PemKeys {

    private PemKeys() {
    }

    static PublicKey publicKey(String pem) {
        // Literal "\\n" sequences too: a key passed as one -D option or environment variable often has them.
        String body = pem.replace("\\n", "").replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.auth.jwt.public-key is not a PEM public key", e);
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException(
                "switchboard.auth.jwt.public-key is neither an RSA nor an EC public key (PEM, BEGIN PUBLIC KEY)");
    }
}
