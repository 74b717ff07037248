package io.sparkport.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The one token the file server accepts, compared in constant time. */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token must not be empty");
        }
        this.expected = (SCHEME + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the {@code Authorization} header carries the token. Its time depends on the token's length only. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
