package io.sparkport.connect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sparkport.sql.ResultTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The frontend served with TLS from a PEM certificate and key (made with openssl, as the README says), reached
 * by the stock JVM client at {@code 127.0.0.1}, a host it sends a token to only over TLS: the client trusts the
 * certificate through its JVM's trust store, and its token is checked (a refusal proves the call got through
 * TLS to the frontend's gate).
 */
@QuarkusTest
@TestProfile(ConnectTlsTest.Tls.class)
class ConnectTlsTest {

    static final Path DIR = Path.of("target", "connect-tls");
    static final String TRUST_PASSWORD = "changeit";

    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            certificate();
            return Map.of("sparkport.auth.enabled", "true",
                    "sparkport.auth.tokens.alice.hash", ResultTokens.hash("alice-secret"),
                    "sparkport.auth.tokens.bob.hash", ResultTokens.hash("bob-secret"),
                    "sparkport.connect.tls-certificate", DIR.resolve("tls.crt").toAbsolutePath().toString(),
                    "sparkport.connect.tls-key", DIR.resolve("tls.key").toAbsolutePath().toString(),
                    "sparkport.connect.public-host", "127.0.0.1");
        }
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, and a trust store with it for the client. */
    static synchronized void certificate() {
        if (Files.exists(DIR.resolve("trust.p12"))) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", DIR.resolve("tls.key").toString(), "-out", DIR.resolve("tls.crt").toString())
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes());
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: " + output);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream crt = Files.newInputStream(DIR.resolve("tls.crt"))) {
                trust.setCertificateEntry("sparkport", CertificateFactory.getInstance("X.509").generateCertificate(crt));
            }
            try (OutputStream out = Files.newOutputStream(DIR.resolve("trust.p12"))) {
                trust.store(out, TRUST_PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String bobsPoolUrl() {
        String pool = "tls-" + UUID.randomUUID().toString().substring(0, 6);
        given().header("Authorization", "Bearer bob-secret").contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":1}}").post("/api/v1/pools").then().statusCode(201);
        return given().header("Authorization", "Bearer bob-secret").get("/api/v1/pools/" + pool).then().statusCode(200)
                .body("sparkConnectUrl", startsWith("sc://127.0.0.1:")).extract().path("sparkConnectUrl");
    }

    @Test
    void aClientThatTrustsTheCertificateReachesTheGateOverTls() throws Exception {
        String url = bobsPoolUrl();
        assertTrue(url.contains(";use_ssl=true;"), url);
        String trustStore = "-Djavax.net.ssl.trustStore=" + DIR.resolve("trust.p12").toAbsolutePath();
        String password = "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD;
        try (ConnectShellProcess alice = ConnectShellProcess.start(url + ";token=alice-secret", trustStore, password)) {
            String answer = alice.ask("count anything");
            assertTrue(answer.contains("PERMISSION_DENIED") && answer.contains("'alice' is not an owner"), answer);
        }
        try (ConnectShellProcess stranger = ConnectShellProcess.start(url + ";token=wrong", trustStore, password)) {
            String answer = stranger.ask("count anything");
            assertTrue(answer.contains("UNAUTHENTICATED") && answer.contains("not valid"), answer);
        }
    }
}
