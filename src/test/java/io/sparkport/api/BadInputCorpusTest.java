package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken requests: every one gets a 4xx with a problem body (on the Livy and Kyuubi surfaces,
 * their {@code msg} or {@code message} body), none a 5xx, nothing is written outside the pools (nor anything
 * at all), and the service is healthy afterwards.
 */
@QuarkusTest
class BadInputCorpusTest {

    static final String JSON = "application/json";
    /** JSON sent with chunked transfer encoding (no Content-Length). */
    static final String CHUNKED_JSON = "chunked:application/json";
    static final int ANY_4XX = 0;

    record Case(String name, String method, String path, String contentType, byte[] body, int status, String key) {
    }

    final List<Case> cases = new ArrayList<>();
    String pool;

    void add(String name, String method, String path, String contentType, String body, int status) {
        add(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, null);
    }

    void add(String name, String method, String path, String contentType, byte[] body, int status, String key) {
        cases.add(new Case(name, method, path, contentType, body, status, key));
    }

    void job(String name, String fields, int status) {
        add(name, "POST", "/api/v1/jobs", JSON, "{\"pool\":\"" + pool + "\"," + fields + "}", status);
    }

    void sqlJob(String name, String extra, int status) {
        job(name, "\"type\":\"SQL\",\"sql\":\"SELECT 1\"," + extra, status);
    }

    void sparkJob(String name, String appResource, int status) {
        job(name, "\"type\":\"SPARK\",\"mainClass\":\"x.Y\",\"appResource\":\"" + appResource + "\"", status);
    }

    void poolRequest(String name, String body, int status) {
        add(name, "POST", "/api/v1/pools", JSON, body, status);
    }

    void schedule(String name, String fields, int status) {
        add(name, "POST", "/api/v1/schedules", JSON, "{\"name\":\"corpus\"," + fields + "}", status);
    }

    String template() {
        return "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}";
    }

    void file(String name, String method, String path, int status) {
        add(name, method, "/api/v1/pools/" + pool + "/files/" + path, "text/plain",
                "PUT".equals(method) ? "pwned" : null, status);
    }

    void corpus() {
        // malformed and truncated JSON
        add("truncated object", "POST", "/api/v1/jobs", JSON, "{", 400);
        add("truncated value", "POST", "/api/v1/jobs", JSON, "{\"pool\":", 400);
        add("missing brace", "POST", "/api/v1/jobs", JSON, "{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"", 400);
        add("array body", "POST", "/api/v1/jobs", JSON, "[]", 400);
        add("string body", "POST", "/api/v1/jobs", JSON, "\"job\"", 400);
        add("number body", "POST", "/api/v1/jobs", JSON, "42", 400);
        add("null body", "POST", "/api/v1/jobs", JSON, "null", 400);
        add("empty body", "POST", "/api/v1/jobs", JSON, "", 400);
        add("garbage", "POST", "/api/v1/jobs", JSON, "\u0000\u0001\u0002garbage", 400);
        add("invalid UTF-8", "POST", "/api/v1/jobs", JSON,
                new byte[] {'{', '"', 'p', 'o', 'o', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, ANY_4XX, null);
        add("deep nesting", "POST", "/api/v1/jobs", JSON, "{\"args\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400);
        add("trailing garbage", "POST", "/api/v1/pools", JSON, "{\"name\":\"trailing\"} {\"x\":1}", ANY_4XX);
        // unknown fields and wrong types
        sqlJob("unknown field", "\"evil\":true", 400);
        sqlJob("cores as text", "\"cores\":\"two\"", 400);
        sqlJob("args as text", "\"args\":\"--all\"", 400);
        sqlJob("conf as array", "\"conf\":[\"spark.x\"]", 400);
        sqlJob("priority as object", "\"priority\":{\"high\":true}", 400);
        sqlJob("retries as boolean", "\"retries\":true", 400);
        poolRequest("workers as text", "{\"name\":\"wt\",\"workers\":\"many\"}", 400);
        // huge numbers and negative sizes
        sqlJob("huge cores", "\"cores\":99999999999999999999", 400);
        sqlJob("cores 1e30", "\"cores\":1e30", 400);
        sqlJob("priority overflow", "\"priority\":2147483648", 400);
        sqlJob("negative cores", "\"cores\":-5", 422);
        sqlJob("zero cores", "\"cores\":0", 422);
        sqlJob("negative memory", "\"executorMemory\":\"-1g\"", 422);
        sqlJob("zero memory", "\"executorMemory\":\"0\"", 422);
        sqlJob("absurd driver memory", "\"driverMemory\":\"999999999t\"", 422);
        poolRequest("negative min workers", "{\"name\":\"nw\",\"workers\":{\"min\":-1}}", 422);
        poolRequest("huge max workers", "{\"name\":\"hw\",\"workers\":{\"max\":100000}}", 422);
        poolRequest("negative worker memory", "{\"name\":\"nm\",\"workers\":{\"memory\":\"-512m\"}}", 422);
        poolRequest("negative storage", "{\"name\":\"ns\",\"storage\":{\"size\":\"-10Gi\"}}", 422);
        // empty and huge strings
        add("empty pool", "POST", "/api/v1/jobs", JSON, "{\"pool\":\"\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}", 422);
        job("empty type", "\"type\":\"\",\"sql\":\"SELECT 1\"", 422);
        job("empty sql", "\"type\":\"SQL\",\"sql\":\"\"", 422);
        job("sql over the limit", "\"type\":\"SQL\",\"sql\":\"" + "x".repeat(1_000_001) + "\"", 422);
        // sent chunked, so that the limit is enforced while reading (a declared length is refused before reading)
        add("10 MB sql", "POST", "/api/v1/jobs", CHUNKED_JSON, ("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\""
                + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8), 413, null);
        add("10 MB name", "POST", "/api/v1/jobs", CHUNKED_JSON, ("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\","
                + "\"name\":\"" + "n".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8), 413, null);
        sqlJob("long name", "\"name\":\"" + "n".repeat(201) + "\"", 422);
        sqlJob("too many args", "\"args\":[" + IntStream.range(0, 1001).mapToObj(i -> "\"a\"").collect(Collectors.joining(",")) + "]", 422);
        sqlJob("too many conf", "\"conf\":{" + IntStream.range(0, 201).mapToObj(i -> "\"spark.k" + i + "\":\"v\"")
                .collect(Collectors.joining(",")) + "}", 422);
        poolRequest("empty pool name", "{\"name\":\"\"}", 422);
        poolRequest("long pool name", "{\"name\":\"" + "a".repeat(41) + "\"}", 422);
        // invalid pool names, unicode and control characters
        poolRequest("upper-case pool name", "{\"name\":\"UPPER\"}", 422);
        poolRequest("pool name with dots", "{\"name\":\"../etc\"}", 422);
        poolRequest("pool name leading dash", "{\"name\":\"-lead\"}", 422);
        poolRequest("unicode pool name", "{\"name\":\"p\u00f6\u00f6l\"}", 422);
        poolRequest("RTL override pool name", "{\"name\":\"abc\u202edef\"}", 422);
        poolRequest("NUL in pool name", "{\"name\":\"a\\u0000b\"}", 422);
        poolRequest("bad owner", "{\"name\":\"bo\",\"owners\":[\"../root\"]}", 422);
        add("job in pool with slash", "POST", "/api/v1/jobs", JSON, "{\"pool\":\"../../etc\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}", 422);
        sqlJob("control chars in name", "\"name\":\"bell\\u0007\\u001b[31m\"", 422);
        // path traversal in every form
        sparkJob("appResource ..", "../../etc/passwd", 400);
        sparkJob("appResource absolute", "/etc/passwd", 400);
        sparkJob("appResource backslashes", "..\\\\..\\\\x.jar", 400);
        sparkJob("appResource %2e%2e", "%2e%2e/x.jar", 400);
        sparkJob("appResource ftp", "ftp://host/x.jar", 422);
        file("PUT ..%2f", "PUT", "..%2f..%2fpwned.txt", 400);
        file("PUT %2e%2e (normalized away by the server: 404)", "PUT", "%2e%2e/pwned.txt", ANY_4XX);
        file("PUT %2E%2E deep (normalized away: 404)", "PUT", "a/%2E%2E/%2E%2E/pwned.txt", ANY_4XX);
        file("PUT backslash", "PUT", "..%5c..%5cpwned.txt", 400);
        file("PUT absolute", "PUT", "%2Ftmp%2Fpwned.txt", 400);
        file("PUT double-encoded", "PUT", "%252e%252e%252fpwned.txt", 400);
        file("PUT NUL", "PUT", "a%00b.txt", 400);
        file("PUT through symlink", "PUT", "link/pwned.txt", 400);
        file("GET through symlink", "GET", "link/secret.txt", 400);
        file("DELETE through symlink", "DELETE", "link/secret.txt", 400);
        file("GET symlink itself", "GET", "link", ANY_4XX);
        add("pool name traversal in URL", "GET", "/api/v1/pools/..%2f..%2fetc/files/passwd", null, (String) null, ANY_4XX);
        // bad cron, bad durations, unknown enums
        schedule("cron with 3 fields", "\"cron\":\"* * *\"," + template(), 422);
        schedule("cron minute 61", "\"cron\":\"61 * * * *\"," + template(), 422);
        schedule("cron never", "\"cron\":\"0 0 30 2 *\"," + template(), 422);
        schedule("unknown time zone", "\"cron\":\"@daily\",\"timeZone\":\"Mars/Olympus\"," + template(), 422);
        schedule("unknown policy", "\"cron\":\"@daily\",\"concurrencyPolicy\":\"Sometimes\"," + template(), 422);
        schedule("bad deadline", "\"cron\":\"@daily\",\"startingDeadline\":\"yesterday\"," + template(), 422);
        schedule("negative history", "\"cron\":\"@daily\",\"successfulRunHistoryLimit\":-1," + template(), 422);
        schedule("no template", "\"cron\":\"@daily\"", 422);
        poolRequest("bad idle timeout", "{\"name\":\"it\",\"idleTimeout\":\"forever\"}", 422);
        poolRequest("negative idle timeout", "{\"name\":\"it\",\"idleTimeout\":\"-PT5M\"}", 422);
        sqlJob("bad timeout", "\"timeout\":\"soon\"", 422);
        sqlJob("zero timeout", "\"timeout\":\"PT0S\"", 422);
        sqlJob("negative timeout", "\"timeout\":\"-PT5M\"", 422);
        sqlJob("negative retries", "\"retries\":-1", 422);
        sqlJob("too many retries", "\"retries\":1000", 422);
        job("unknown type", "\"type\":\"HIVE\",\"sql\":\"SELECT 1\"", 422);
        add("unknown state filter", "GET", "/api/v1/jobs?state=DONE", null, (String) null, 422);
        add("negative page size", "GET", "/api/v1/jobs?limit=-1", null, (String) null, 422);
        add("non-numeric page size", "GET", "/api/v1/jobs?limit=abc", null, (String) null, ANY_4XX);
        add("huge events limit", "GET", "/api/v1/pools/" + pool + "/events?limit=999999", null, (String) null, 422);
        // wrong content types and methods
        add("text/plain job", "POST", "/api/v1/jobs", "text/plain", "{\"pool\":\"" + pool + "\"}", 415);
        add("XML job", "POST", "/api/v1/jobs", "application/xml", "<job/>", 415);
        add("form job", "POST", "/api/v1/jobs", "application/x-www-form-urlencoded", "pool=x", 415);
        add("patch with array", "PATCH", "/api/v1/schedules/nope", JSON, "[1]", ANY_4XX);
        add("Idempotency-Key non-ASCII", "POST", "/api/v1/jobs", JSON,
                ("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 1\"}").getBytes(StandardCharsets.UTF_8), 400,
                "k\u00e9y");
        add("unknown job", "GET", "/api/v1/jobs/..%2f..%2fetc", null, (String) null, ANY_4XX);
        add("cancel unknown job", "POST", "/api/v1/jobs/nope/cancel", null, (String) null, 404);
        batchCorpus();
    }

    void livy(String name, String fields, int status) {
        add(name, "POST", "/livy/batches", JSON, "{\"queue\":\"" + pool + "\"," + fields + "}", status);
    }

    void kyuubi(String name, String fields, int status) {
        add(name, "POST", "/kyuubi/api/v1/batches", JSON, "{\"batchType\":\"SPARK\",\"className\":\"x.Y\","
                + "\"conf\":{\"spark.sparkport.pool\":\"" + pool + "\"}," + fields + "}", status);
    }

    /** The Livy and Kyuubi surfaces: the same kinds of hostile input, answered in their own error shapes. */
    void batchCorpus() {
        add("livy truncated", "POST", "/livy/batches", JSON, "{\"file\":", 400);
        add("livy 5000 deep", "POST", "/livy/batches", JSON, "[".repeat(5000) + "]".repeat(5000), 400);
        add("livy array body", "POST", "/livy/batches", JSON, "[1]", 400);
        add("livy empty body", "POST", "/livy/batches", JSON, "", 400);
        livy("livy traversal", "\"file\":\"../../etc/passwd\",\"className\":\"x.Y\"", 400);
        livy("livy encoded dots", "\"file\":\"%2e%2e/x.jar\",\"className\":\"x.Y\"", 400);
        livy("livy absolute", "\"file\":\"/etc/passwd\",\"className\":\"x.Y\"", 400);
        livy("livy symlink", "\"file\":\"link/secret.txt\",\"className\":\"x.Y\"", 400);
        livy("livy NUL", "\"file\":\"a\\u0000.jar\",\"className\":\"x.Y\"", 400);
        livy("livy other scheme", "\"file\":\"hdfs:///x.jar\",\"className\":\"x.Y\"", 400);
        livy("livy huge numExecutors", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"numExecutors\":1e40", 400);
        livy("livy negative cores", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"executorCores\":-1", 400);
        livy("livy args not a list", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"args\":\"1 2\"", 400);
        livy("livy conf array", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"conf\":[1]", 400);
        livy("livy conf key", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"conf\":{\"spark.master\":\"local\"}", 400);
        livy("livy 10 MB name", "\"file\":\"x.jar\",\"className\":\"x.Y\",\"name\":\"" + "n".repeat(10_000_000) + "\"", 413);
        add("livy form", "POST", "/livy/batches", "application/x-www-form-urlencoded", "file=x", 415);
        add("livy negative from", "GET", "/livy/batches?from=-5", null, (String) null, 400);
        add("livy huge size", "GET", "/livy/batches?size=99999999999", null, (String) null, 400);
        add("livy unknown batch", "GET", "/livy/batches/..%2f..%2fetc/log", null, (String) null, ANY_4XX);
        kyuubi("kyuubi traversal", "\"resource\":\"../../etc/passwd\"", 400);
        kyuubi("kyuubi encoded dots", "\"resource\":\"%252e%252e/x.jar\"", 400);
        kyuubi("kyuubi args not strings", "\"resource\":\"x.jar\",\"args\":[{}]", 400);
        kyuubi("kyuubi unknown field", "\"resource\":\"x.jar\",\"bogus\":true", 400);
        add("kyuubi truncated", "POST", "/kyuubi/api/v1/batches", JSON, "{\"batchType\":", 400);
        add("kyuubi null body", "POST", "/kyuubi/api/v1/batches", JSON, "null", 400);
        add("kyuubi bad time", "GET", "/kyuubi/api/v1/batches?createTime=abc", null, (String) null, 400);
        add("kyuubi unknown batch log", "GET", "/kyuubi/api/v1/batches/%2e%2e/localLog", null, (String) null, ANY_4XX);
    }

    @Test
    void everyHostileRequestGetsA4xxProblemAndChangesNothing() throws IOException {
        pool = PoolApiTest.uniqueName();
        given().contentType(JSON).body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":1,\"memory\":\"512m\"}}")
                .post("/api/v1/pools").then().statusCode(201);
        Path data = Path.of("target/test-data").toAbsolutePath();
        Path root = data.resolve("pools").resolve(pool);
        Path outside = Files.createTempDirectory(data, "outside-");
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        List<String> poolsBefore = given().get("/api/v1/pools").then().extract().path("name");
        long schedulesBefore = given().get("/api/v1/schedules").then().extract().<List<?>>path("$").size();

        corpus();
        assertTrue(cases.size() >= 60, "at least 60 cases: " + cases.size());
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            String problem = check(c);
            if (problem != null) {
                failures.add(c.name() + ": " + problem);
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases failed");

        given().get("/q/health/ready").then().statusCode(200);
        given().queryParam("pool", pool).get("/api/v1/jobs").then().statusCode(200)
                .body("jobs", org.hamcrest.Matchers.hasSize(0));
        assertEquals(poolsBefore, given().get("/api/v1/pools").then().extract().path("name"), "no pool was created");
        assertEquals(schedulesBefore, given().get("/api/v1/schedules").then().extract().<List<?>>path("$").size());
        try (Stream<Path> files = Files.walk(outside)) {
            assertEquals(List.of(outside.resolve("secret.txt")), files.filter(Files::isRegularFile).toList(),
                    "nothing written through the symbolic link");
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains("pwned")).toList(),
                    "no file of the corpus anywhere under the data directory");
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root.resolve("link")), files.filter(p -> !p.equals(root)).toList(),
                    "nothing written in the pool either");
        }
    }

    private String check(Case c) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        boolean chunked = c.contentType() != null && c.contentType().startsWith("chunked:");
        if (c.contentType() != null) {
            request = request.contentType(chunked ? c.contentType().substring("chunked:".length()) : c.contentType());
        }
        if (c.body() != null) {
            if (chunked) {
                request = request.body(new java.io.ByteArrayInputStream(c.body()));
            } else if (c.contentType() != null && c.contentType().contains("form")) {
                request = request.body(new String(c.body(), StandardCharsets.UTF_8));
            } else {
                request = request.body(c.body());
            }
        }
        if (c.key() != null) {
            request = request.header("Idempotency-Key", c.key());
        }
        Response r = request.request(c.method(), c.path());
        int status = r.statusCode();
        if (status < 400 || status > 499) {
            return "status " + status + ": " + abbreviate(r.asString());
        }
        if (c.status() != ANY_4XX && status != c.status()) {
            return "status " + status + " instead of " + c.status() + ": " + abbreviate(r.asString());
        }
        String surface = c.path().startsWith("/livy/") ? "msg" : c.path().startsWith("/kyuubi/") ? "message" : null;
        if (surface != null) {
            boolean json = String.valueOf(r.contentType()).startsWith("application/json");
            return json && r.jsonPath().get(surface) instanceof String ? null
                    : "not a " + surface + " body: " + r.contentType() + " " + abbreviate(r.asString());
        }
        if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            return "content type " + r.contentType() + ": " + abbreviate(r.asString());
        }
        Integer bodyStatus = r.jsonPath().get("status");
        if (bodyStatus == null || bodyStatus != status || r.jsonPath().get("title") == null) {
            return "problem body incomplete: " + abbreviate(r.asString());
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
