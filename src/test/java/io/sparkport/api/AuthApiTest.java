package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sparkport.job.JobStore;
import io.sparkport.job.StoredJobs;
import io.sparkport.sql.ResultTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication (bearer tokens, 401 problems) and authorization (admins, pool owners, 403) with auth on. */
@QuarkusTest
@TestProfile(AuthApiTest.AuthOn.class)
class AuthApiTest {

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("sparkport.auth.enabled", "true"),
                    Map.entry("sparkport.auth.tokens.alice.hash", ResultTokens.hash("alice-secret")),
                    Map.entry("sparkport.auth.tokens.bob.hash", ResultTokens.hash("bob-secret")),
                    Map.entry("sparkport.auth.tokens.carol.hash", ResultTokens.hash("carol-secret")),
                    Map.entry("sparkport.auth.tokens.carol.groups", "ops,analysts"),
                    Map.entry("sparkport.auth.tokens.root.hash", ResultTokens.hash("root-secret")),
                    Map.entry("sparkport.auth.tokens.root.roles", "admin"));
        }
    }

    @Inject
    JobStore store;

    static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + user + "-secret").contentType(ContentType.JSON);
    }

    static String pool(String owner) {
        String name = PoolApiTest.uniqueName();
        as(owner).body("{\"name\":\"" + name + "\",\"workers\":{\"max\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201).body("owners", equalTo(List.of(owner)));
        return name;
    }

    static String submit(String user, String pool) {
        return as(user).body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}").post("/api/v1/jobs")
                .then().statusCode(201).body("state", equalTo("QUEUED")).extract().path("id");
    }

    @Test
    void everyApiRequestNeedsAKnownBearerToken() {
        for (String path : List.of("/api/v1/jobs", "/api/v1/pools", "/api/v1/schedules", "/api/v1/pools/default/files")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", notNullValue()).body("status", equalTo(401));
            given().header("Authorization", "Bearer wrong").get(path).then().statusCode(401)
                    .contentType("application/problem+json");
            given().header("Authorization", "Basic YWxpY2U6eA==").get(path).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body("{\"pool\":\"default\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}")
                .post("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json");
        given().get("/q/health").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    /**
     * The Livy and Kyuubi surfaces take HTTP Basic with any user name and the token as password (their clients
     * send Basic, some only after a Basic challenge), or a bearer token; authorization is that of /api/v1.
     */
    @Test
    void livyAndKyuubiClientsAuthenticateWithBasicOrBearer() {
        given().get("/livy/batches").then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Basic realm=\"sparkport\"").body("msg", containsString("Basic"));
        given().get("/kyuubi/api/v1/batches").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"sparkport\"").body("message", notNullValue());
        given().auth().preemptive().basic("airflow", "wrong").get("/livy/batches").then().statusCode(401)
                .body("msg", containsString("not valid"));
        // Livy's Java client sends credentials only after a challenge
        given().auth().basic("anyone", "alice-secret").get("/livy/batches").then().statusCode(200);
        given().auth().preemptive().basic("x", "bob-secret").get("/kyuubi/api/v1/batches").then().statusCode(200);

        String alices = pool("alice");
        as("alice").body("x").put("/api/v1/pools/" + alices + "/files/app.jar").then().statusCode(201);
        String batch = "{\"file\":\"app.jar\",\"className\":\"C\",\"queue\":\"" + alices + "\"}";
        given().auth().preemptive().basic("bob", "bob-secret").contentType(ContentType.JSON).body(batch)
                .post("/livy/batches").then().statusCode(403).body("msg", containsString("not an owner"));
        int id = given().auth().preemptive().basic("whoever", "alice-secret").contentType(ContentType.JSON).body(batch)
                .post("/livy/batches").then().statusCode(201).body("owner", equalTo("alice")).extract().path("id");
        given().auth().preemptive().basic("bob", "bob-secret").get("/livy/batches/" + id).then().statusCode(403);
        given().auth().preemptive().basic("bob", "bob-secret").get("/livy/batches").then().statusCode(200)
                .body("sessions.id", not(hasItem(id)));
        given().header("Authorization", "Bearer alice-secret").delete("/livy/batches/" + id).then().statusCode(200)
                .body("msg", equalTo("deleted"));
    }

    @Test
    void theGeneratedAdminTokenIsKeptInTheDataDirectory() throws IOException {
        Path file = Path.of("target/test-data/admin-token");
        String token = Files.readString(file).trim();
        given().header("Authorization", "Bearer " + token).get("/api/v1/pools").then().statusCode(200)
                .body("name", hasItem("default"));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            org.junit.jupiter.api.Assertions.assertEquals("rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void onlyOwnersAndAdminsUseAPool() {
        String alices = pool("alice");
        String job = submit("alice", alices);

        as("bob").body("{\"pool\":\"" + alices + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}").post("/api/v1/jobs")
                .then().statusCode(403).contentType("application/problem+json");
        as("bob").get("/api/v1/jobs/" + job).then().statusCode(403).contentType("application/problem+json");
        as("bob").get("/api/v1/jobs/" + job + "/logs").then().statusCode(403);
        as("bob").get("/api/v1/jobs/" + job + "/result").then().statusCode(403);
        as("bob").post("/api/v1/jobs/" + job + "/cancel").then().statusCode(403);
        as("bob").contentType("text/plain").body("x").put("/api/v1/pools/" + alices + "/files/x.csv").then().statusCode(403);
        as("bob").get("/api/v1/pools/" + alices + "/files").then().statusCode(403);
        as("bob").get("/api/v1/pools/" + alices).then().statusCode(403);
        as("bob").get("/api/v1/pools/" + alices + "/events").then().statusCode(403);
        as("bob").body("{\"owners\":[\"bob\"]}").patch("/api/v1/pools/" + alices).then().statusCode(403);
        as("bob").delete("/api/v1/pools/" + alices).then().statusCode(403);

        as("alice").get("/api/v1/jobs/" + job).then().statusCode(200);
        as("alice").contentType("text/plain").body("x").put("/api/v1/pools/" + alices + "/files/x.csv").then().statusCode(201);
        as("root").get("/api/v1/jobs/" + job).then().statusCode(200).body("id", equalTo(job));
        as("root").post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);
    }

    @Test
    void listingsShowOnlyTheCallersPools() {
        String alices = pool("alice");
        String bobs = pool("bob");
        String alicesJob = submit("alice", alices);
        String bobsJob = submit("bob", bobs);

        as("bob").get("/api/v1/jobs").then().statusCode(200)
                .body("jobs.id", hasItem(bobsJob)).body("jobs.id", not(hasItem(alicesJob)));
        as("bob").queryParam("pool", alices).get("/api/v1/jobs").then().statusCode(200).body("jobs.id", not(hasItem(alicesJob)));
        as("bob").get("/api/v1/pools").then().body("name", hasItem(bobs)).body("name", not(hasItem(alices)))
                .body("name", not(hasItem("default")));
        as("root").get("/api/v1/jobs").then().body("jobs.id", hasItem(alicesJob)).body("jobs.id", hasItem(bobsJob));
        as("root").get("/api/v1/pools").then().body("name", hasItem(alices)).body("name", hasItem(bobs));
        as("alice").post("/api/v1/jobs/" + alicesJob + "/cancel").then().statusCode(202);
        as("bob").post("/api/v1/jobs/" + bobsJob + "/cancel").then().statusCode(202);
    }

    @Test
    void groupsOwnPoolsToo() {
        String alices = pool("alice");
        as("carol").get("/api/v1/pools/" + alices).then().statusCode(403);
        as("alice").body("{\"owners\":[\"alice\",\"group:ops\"]}").patch("/api/v1/pools/" + alices).then().statusCode(200)
                .body("owners", equalTo(List.of("alice", "group:ops")));
        String job = submit("carol", alices);
        as("carol").get("/api/v1/jobs/" + job).then().statusCode(200);
        as("bob").get("/api/v1/jobs/" + job).then().statusCode(403);
        as("carol").post("/api/v1/jobs/" + job + "/cancel").then().statusCode(202);
    }

    @Test
    void schedulesFollowTheirTemplatesPool() {
        String alices = pool("alice");
        String body = "{\"name\":\"auth-" + alices + "\",\"cron\":\"@daily\",\"suspend\":true,"
                + "\"template\":{\"pool\":\"" + alices + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}}";
        as("bob").body(body).post("/api/v1/schedules").then().statusCode(403);
        String id = as("alice").body(body).post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        as("bob").get("/api/v1/schedules/" + id).then().statusCode(403);
        as("bob").get("/api/v1/schedules").then().statusCode(200).body("id", not(hasItem(id)));
        as("bob").post("/api/v1/schedules/" + id + "/run").then().statusCode(403);
        as("alice").get("/api/v1/schedules").then().body("id", hasItem(id));
        as("alice").delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    @Test
    void aJobsResultTokenOpensNothingInTheApi() {
        String id = StoredJobs.queued(0);
        String token = ResultTokens.newToken();
        store.starting(id, ResultTokens.hash(token));
        given().header("Authorization", "Bearer " + token).get("/api/v1/jobs/" + id).then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/api/v1/jobs").then().statusCode(401);
        store.transition(id, io.sparkport.job.JobState.CANCELLED, "test", null);
    }

    @Test
    void theConsoleIsForAdminsWhoOpenItOnceWithTheirToken() {
        given().redirects().follow(false).get("/").then().statusCode(401).contentType(containsString("text/html"))
                .body(containsString("admin token"));
        given().redirects().follow(false).get("/jobs?token=wrong").then().statusCode(401);
        given().redirects().follow(false).get("/pools/default?token=alice-secret").then().statusCode(403);
        String cookie = given().redirects().follow(false).get("/jobs?state=QUEUED&token=root-secret").then()
                .statusCode(303).header("Location", allOf(endsWith("/jobs?state=QUEUED"), not(containsString("token"))))
                .header("Set-Cookie", allOf(containsString("HttpOnly"), containsString("SameSite=Strict")))
                .extract().cookie("sparkport_token");
        given().cookie("sparkport_token", cookie).get("/jobs").then().statusCode(200).contentType(containsString("text/html"));
        given().cookie("sparkport_token", cookie).get("/").then().statusCode(200);
        given().cookie("sparkport_token", "alice-secret").get("/sql").then().statusCode(403);
    }
}
