package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PoolApiTest {

    static String uniqueName() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsReadsListsAndDeletesAPool() {
        String name = uniqueName();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"workers\":{\"min\":0,\"max\":4,\"cores\":1,\"memory\":\"1g\"},"
                        + "\"idleTimeout\":\"PT5M\",\"storage\":{\"size\":\"10Gi\"}}")
                .post("/api/v1/pools")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/pools/" + name))
                .body("name", equalTo(name))
                .body("workers.max", equalTo(4))
                .body("workers.memory", equalTo("1024m"))
                .body("idleTimeout", equalTo("PT5M"))
                .body("scaleDownDelay", equalTo("PT30S"))
                .body("storage.size", equalTo("10Gi"));

        given().get("/api/v1/pools/" + name).then().statusCode(200).body("workers.cores", equalTo(1));
        given().get("/api/v1/pools").then().statusCode(200).body("name", hasItem(name)).body("name", hasItem("default"));
        given().get("/api/v1/pools/" + name + "/cluster").then().statusCode(200).body("state", equalTo("DOWN"));

        given().delete("/api/v1/pools/" + name).then().statusCode(204);
        given().get("/api/v1/pools/" + name).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void patchChangesOnlyTheGivenPolicyFields() {
        String name = uniqueName();
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"workers\":{\"max\":3}}")
                .post("/api/v1/pools").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body("{\"workers\":{\"max\":5,\"memory\":\"2g\"},\"scaleDownDelay\":\"PT10S\"}")
                .patch("/api/v1/pools/" + name).then().statusCode(200)
                .body("workers.max", equalTo(5)).body("workers.min", equalTo(0)).body("workers.cores", equalTo(1))
                .body("workers.memory", equalTo("2048m")).body("scaleDownDelay", equalTo("PT10S"))
                .body("idleTimeout", equalTo("PT5M"));
        given().contentType(ContentType.JSON).body("{\"workers\":{\"min\":9}}").patch("/api/v1/pools/" + name)
                .then().statusCode(422).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"name\":\"other\"}").patch("/api/v1/pools/" + name)
                .then().statusCode(422);
        given().get("/api/v1/pools/" + name).then().body("workers.max", equalTo(5));
        given().contentType(ContentType.JSON).body("{}").patch("/api/v1/pools/nope-nope").then().statusCode(404);
    }

    @Test
    void theDefaultPoolExistsFromTheFirstStart() {
        given().get("/api/v1/pools/default").then().statusCode(200).body("name", equalTo("default"));
    }

    @Test
    void aDuplicateNameConflicts() {
        String name = uniqueName();
        String body = "{\"name\":\"" + name + "\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/pools").then().statusCode(201);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/pools").then().statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Conflict"))
                .body("detail", containsString("already exists"));
    }

    @Test
    void badPoolsGetProblemsAndNothingIsStored() {
        assertProblem("{\"name\":\"Bad_Name\"}", 422, "lower case");
        assertProblem("{\"name\":\"" + "a".repeat(41) + "\"}", 422, "longer than 40");
        assertProblem("{\"name\":\"ok-1\",\"workers\":{\"min\":3,\"max\":2}}", 422, "exceeds workers.max");
        assertProblem("{\"name\":\"ok-2\",\"workers\":{\"max\":-1}}", 422, "workers.max");
        assertProblem("{\"name\":\"ok-3\",\"workers\":{\"memory\":\"lots\"}}", 422, "memory size");
        assertProblem("{\"name\":\"ok-4\",\"workers\":{\"memory\":\"99999g\"}}", 422, "between");
        assertProblem("{\"name\":\"ok-5\",\"idleTimeout\":\"5 minutes\"}", 422, "ISO-8601");
        assertProblem("{\"name\":\"ok-6\",\"storage\":{\"size\":\"-1Gi\"}}", 422, "storage.size");
        assertProblem("{\"name\":\"ok-7\",\"workerz\":{}}", 400, "unknown field 'workerz'");
        assertProblem("{\"name\":", 400, null);
        assertProblem("{\"name\":\"ok-8\",\"workers\":{\"max\":\"many\"}}", 400, null);
        for (int i = 1; i <= 8; i++) {
            given().get("/api/v1/pools/ok-" + i).then().statusCode(404);
        }
    }

    static void assertProblem(String body, int status, String detail) {
        ApiProblems.assertRefused("/api/v1/pools", body, status, detail);
    }

    @Test
    void unknownPoolsAre404() {
        given().get("/api/v1/pools/nope-nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nope-nope"));
        given().get("/api/v1/pools/nope-nope/cluster").then().statusCode(404);
        given().get("/api/v1/pools/nope-nope/events").then().statusCode(404);
        given().delete("/api/v1/pools/nope-nope").then().statusCode(404);
    }
}
