package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PoolFileApiTest {

    String pool;
    Path root;

    @BeforeEach
    void createPool() {
        pool = PoolApiTest.uniqueName();
        given().contentType(ContentType.JSON).body("{\"name\":\"" + pool + "\"}").post("/api/v1/pools").then().statusCode(201);
        root = Path.of("target/test-data/pools", pool);
    }

    String files() {
        return "/api/v1/pools/" + pool + "/files/";
    }

    @Test
    void uploadsDownloadsListsAndDeletes() {
        given().contentType("text/csv").body("a,b\n1,2\n").put(files() + "raw/x.csv")
                .then().statusCode(201).body("path", equalTo("raw/x.csv")).body("size", equalTo(8));
        given().contentType("text/csv").body("a,b\n1,2\n3,4\n").put(files() + "raw/x.csv")
                .then().statusCode(200).body("size", equalTo(12));
        given().body(new byte[] {1, 2}).contentType(ContentType.BINARY).put(files() + "other.bin").then().statusCode(201);

        assertEquals("a,b\n1,2\n3,4\n", given().get(files() + "raw/x.csv").then().statusCode(200).extract().asString());
        given().get(files().substring(0, files().length() - 1)).then().statusCode(200)
                .body("files", hasSize(2)).body("files[0].path", equalTo("other.bin"))
                .body("files[1].size", equalTo(12)).body("files[1].modified", org.hamcrest.Matchers.notNullValue());
        given().queryParam("prefix", "raw/").get(files().substring(0, files().length() - 1)).then()
                .body("files", hasSize(1)).body("files[0].path", equalTo("raw/x.csv"));

        given().delete(files() + "raw/x.csv").then().statusCode(204);
        given().get(files() + "raw/x.csv").then().statusCode(404).contentType("application/problem+json");
        given().delete(files() + "raw/x.csv").then().statusCode(404);
    }

    @Test
    void pathsThatLeaveThePoolAreRefusedAndWriteNothing() throws IOException {
        for (String path : new String[] {"..%2Fescape.txt", "%2e%2e%2fescape.txt", "a%2F..%2F..%2Fescape.txt",
                "..%5Cescape.txt", "%252e%252e%252fescape.txt"}) {
            given().urlEncodingEnabled(false).body("x").put(files() + path)
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        try (Stream<Path> all = Files.walk(Path.of("target/test-data"))) {
            assertFalse(all.anyMatch(p -> p.getFileName().toString().contains("escape")), "nothing was written");
        }
    }

    @Test
    void symbolicLinksInThePoolAreNotFollowed() throws IOException {
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        given().get(files() + "link/secret.txt").then().statusCode(400).body("detail", containsString("symbolic link"));
        given().body("x").put(files() + "link/new.txt").then().statusCode(400);
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void aFileCannotBecomeADirectory() {
        given().body("x").put(files() + "plain").then().statusCode(201);
        given().body("y").put(files() + "plain/child").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void filesOfAnUnknownPoolAre404() {
        given().body("x").put("/api/v1/pools/nope-nope/files/a.txt").then().statusCode(404);
        assertFalse(Files.exists(Path.of("target/test-data/pools/nope-nope")));
    }
}
