package io.switchboard.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints real tokens for tests, as an identity provider would: HMAC with a shared secret, RSA with a key pair made here,
 * and the broken kinds (expired, unsigned) a verifier must refuse.
 */
public final class TestTokens {

    public static final String SECRET = "switchboard-test-secret-0123456789abcdef";
    public static final String ISSUER = "https://idp.test";
    public static final String AUDIENCE = "switchboard";

    private final KeyPair rsa;

    public TestTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            rsa = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RSA public key as the PEM text {@code switchboard.auth.jwt.public-key} takes. */
    public String rsaPublicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Claims valid for an hour, of our issuer and audience, with these roles and (if not null) channels. */
    public static JWTClaimsSet.Builder claims(String subject, List<String> roles, List<String> channels) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        if (channels != null) {
            claims.claim("channels", channels);
        }
        return claims;
    }

    public static String hmac(JWTClaimsSet claims) {
        return hmac(claims, SECRET);
    }

    public static String hmac(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String rsa(JWTClaimsSet claims) {
        return rsa(claims, (RSAPrivateKey) rsa.getPrivate());
    }

    /** Signed by a key pair nobody configured. */
    public static String rsaWithForeignKey(JWTClaimsSet claims) {
        return new TestTokens().rsa(claims);
    }

    private static String rsa(JWTClaimsSet claims, RSAPrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** An HMAC token whose claims were altered after signing (the signature no longer matches). */
    public static String tampered(JWTClaimsSet claims) {
        String[] parts = hmac(claims).split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(claims).subject("root")
                .claim("roles", List.of("publish", "subscribe", "admin")).build();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toString().getBytes());
        return parts[0] + "." + payload + "." + parts[2];
    }

    public static Date past(Duration ago) {
        return Date.from(Instant.now().minus(ago));
    }
}
