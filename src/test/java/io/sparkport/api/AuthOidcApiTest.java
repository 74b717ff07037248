package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sparkport.sql.ResultTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** OIDC bearer tokens (JWTs checked against the provider's key by quarkus-oidc) next to the static tokens. */
@QuarkusTest
@TestProfile(AuthOidcApiTest.OidcOn.class)
class AuthOidcApiTest {

    static final KeyPair PROVIDER = keys();
    static final KeyPair STRANGER = keys();

    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sparkport.auth.enabled", "true",
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.application-type", "service",
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()),
                    "sparkport.auth.tokens.root.hash", ResultTokens.hash("root-secret"),
                    "sparkport.auth.tokens.root.roles", "admin");
        }
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwt(KeyPair keys, String user, List<String> groups, long expiresIn) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":\"" + user + "\",\"upn\":\"" + user + "\",\"iat\":" + now + ",\"exp\":" + (now + expiresIn)
                + ",\"groups\":[" + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",")) + "]}";
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static io.restassured.specification.RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    @Test
    void aValidOidcTokenAuthenticatesItsSubjectWithItsGroups() {
        String dora = jwt(PROVIDER, "dora", List.of("analysts"), 300);
        bearer(dora).get("/api/v1/jobs").then().statusCode(200);
        String pool = PoolApiTest.uniqueName();
        bearer(dora).body("{\"name\":\"" + pool + "\"}").post("/api/v1/pools").then().statusCode(201)
                .body("owners", equalTo(List.of("dora")));
        String shared = PoolApiTest.uniqueName();
        bearer("root-secret").body("{\"name\":\"" + shared + "\",\"owners\":[\"group:analysts\"]}").post("/api/v1/pools")
                .then().statusCode(201);
        bearer(dora).get("/api/v1/pools").then().body("name", hasItem(pool)).body("name", hasItem(shared))
                .body("name", not(hasItem("default")));
        String eve = jwt(PROVIDER, "eve", List.of(), 300);
        bearer(eve).get("/api/v1/pools/" + shared).then().statusCode(403);
        String boss = jwt(PROVIDER, "boss", List.of("admin"), 300);
        bearer(boss).get("/api/v1/pools/" + pool).then().statusCode(200);
    }

    @Test
    void expiredForgedAndMalformedTokensAre401() {
        for (String token : List.of(jwt(PROVIDER, "dora", List.of(), -3600), jwt(STRANGER, "dora", List.of(), 300),
                "not.a.jwt", "garbage")) {
            bearer(token).get("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json");
        }
        given().get("/api/v1/jobs").then().statusCode(401);
        given().get("/q/health").then().statusCode(200);
    }
}
