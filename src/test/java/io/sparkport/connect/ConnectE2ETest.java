package io.sparkport.connect;

import static io.restassured.RestAssured.given;
import static io.sparkport.e2e.SparkCluster.eventually;
import static io.sparkport.e2e.SparkCluster.processesWith;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sparkport.sql.ResultTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stock Spark Connect JVM client through the frontend against real Spark, with authentication on: alice
 * opens a session on her DOWN pool and gets its cluster and engine started, runs a DataFrame group-by over the
 * pool's HairEyeColor view, writes Parquet into the pool (seen by the file API); the cluster stays up past its
 * idle timeout while sessions are open and goes once they are released (by the client, or idle past the
 * session timeout after the client vanished). A co-owner's session sees none of
 * alice's temporary views; a wrong token, a foreign pool and an unknown pool are refused.
 */
@QuarkusTest
@Tag("spark")
@TestProfile(ConnectE2ETest.AuthOn.class)
class ConnectE2ETest {

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkport.auth.enabled", "true",
                    "sparkport.auth.tokens.alice.hash", ResultTokens.hash("alice-secret"),
                    "sparkport.auth.tokens.carol.hash", ResultTokens.hash("carol-secret"),
                    "sparkport.auth.tokens.bob.hash", ResultTokens.hash("bob-secret"),
                    "sparkport.connect.session-idle-timeout", "PT15S");
        }
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + user + "-secret");
    }

    static String clusterState(String pool) {
        return as("alice").get("/api/v1/pools/" + pool + "/cluster").then().statusCode(200).extract().path("state");
    }

    @Test
    void aSessionOnADownPoolRunsDataFramesAndKeepsTheClusterUntilReleased() throws Exception {
        String pool = "connect-" + UUID.randomUUID().toString().substring(0, 6);
        as("alice").contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"min\":0,\"max\":1,\"cores\":1,\"memory\":\"512m\"},"
                        + "\"idleTimeout\":\"PT3S\",\"owners\":[\"alice\",\"carol\"]}")
                .post("/api/v1/pools").then().statusCode(201);
        as("alice").body(Files.readAllBytes(Path.of("sample-data/HairEyeColor.csv"))).contentType(ContentType.BINARY)
                .put("/api/v1/pools/" + pool + "/files/HairEyeColor.csv").then().statusCode(201);
        String url = as("alice").get("/api/v1/pools/" + pool).then().statusCode(200)
                .body("sparkConnectUrl", startsWith("sc://localhost:")).extract().path("sparkConnectUrl");
        assertEquals("DOWN", clusterState(pool));

        try (ConnectShellProcess alice = ConnectShellProcess.start(url + ";token=alice-secret");
             ConnectShellProcess carol = ConnectShellProcess.start(url + ";token=carol-secret")) {
            assertEquals("ok {\"Black\":108,\"Blond\":127,\"Brown\":286,\"Red\":71}",
                    alice.ask("groupsum HairEyeColor Hair Freq"), alice::log);
            assertEquals("ok ", alice.ask("writeparquet HairEyeColor hair.parquet"));
            List<String> written = as("alice").get("/api/v1/pools/" + pool + "/files?prefix=hair.parquet/").then()
                    .statusCode(200).body("files.path", hasItem("hair.parquet/_SUCCESS")).extract().path("files.path");
            String part = written.stream().filter(p -> p.endsWith(".snappy.parquet")).findFirst().orElseThrow();
            byte[] parquet = as("alice").get("/api/v1/pools/" + pool + "/files/" + part).then().statusCode(200)
                    .extract().asByteArray();
            assertEquals("PAR1", new String(parquet, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("ok 32", alice.ask("readparquet hair.parquet"));

            assertEquals("ok ", alice.ask("tempview alices 3"));
            assertEquals("ok 3", alice.ask("count alices"));
            assertEquals("ok 32", carol.ask("count HairEyeColor"), carol::log);
            assertTrue(carol.ask("count alices").contains("TABLE_OR_VIEW_NOT_FOUND"));

            as("alice").get("/api/v1/pools/" + pool + "/cluster").then().statusCode(200)
                    .body("clientSessions.user", org.hamcrest.Matchers.containsInAnyOrder("alice", "carol"));
            assertTrue(given().get("/q/metrics").asString().contains("sparkport_connect_sessions 2.0"));

            Thread.sleep(Duration.ofSeconds(8).toMillis()); // more than twice the pool's idle timeout, no job ran
            assertEquals("READY", clusterState(pool));
            assertEquals("ok 3", alice.ask("count alices"), "the session and its view outlived the idle timeout");
            assertEquals("ok ", alice.ask("quit"));
            carol.close(); // gone without releasing its session: it is released once idle past the timeout
            Thread.sleep(Duration.ofSeconds(6).toMillis());
            assertEquals("READY", clusterState(pool), "carol's session still counts");
        }
        eventually("the cluster goes once its sessions are released", Duration.ofSeconds(60),
                () -> clusterState(pool).equals("DOWN") && processesWith(pool).isEmpty());
        as("alice").get("/api/v1/pools/" + pool + "/events").then().statusCode(200)
                .body("message", hasItem(containsString("of alice released by its client")))
                .body("message", hasItem(containsString("of carol released: no call for PT15S")));
    }

    @Test
    void wrongTokensForeignAndUnknownPoolsAreRefusedWithTheirCodes() throws Exception {
        String bobs = "connect-" + UUID.randomUUID().toString().substring(0, 6);
        as("bob").contentType(ContentType.JSON).body("{\"name\":\"" + bobs + "\",\"workers\":{\"max\":1}}")
                .post("/api/v1/pools").then().statusCode(201);
        String url = as("bob").get("/api/v1/pools/" + bobs).then().statusCode(200).extract().path("sparkConnectUrl");
        for (List<String> refusal : List.of(
                List.of(url + ";token=not-a-token", "UNAUTHENTICATED", "the Sparkport token is not valid"),
                List.of(url, "UNAUTHENTICATED", "a Sparkport token is required"),
                List.of(url + ";token=alice-secret", "PERMISSION_DENIED", "'alice' is not an owner of pool '" + bobs + "'"),
                List.of(url.replace(bobs, "no-such-pool") + ";token=alice-secret", "NOT_FOUND",
                        "pool 'no-such-pool' does not exist"))) {
            try (ConnectShellProcess shell = ConnectShellProcess.start(refusal.get(0))) {
                String answer = shell.ask("count anything");
                assertTrue(answer.startsWith("error ") && answer.contains(refusal.get(1)) && answer.contains(refusal.get(2)),
                        refusal + " answered " + answer);
            }
        }
        assertEquals("DOWN", as("bob").get("/api/v1/pools/" + bobs + "/cluster").then().extract().path("state"),
                "a refused call starts nothing");
    }
}
