package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/jobs"))
                .body(containsString("/livy/batches/{id}/log")).body(containsString("/kyuubi/api/v1/batches/{batchId}/localLog"));
    }

    @Test
    void unknownRoutesGetAProblemBody() {
        given().get("/api/v1/nothing-here").then().statusCode(404);
        given().contentType("application/json").body("{}").delete("/api/v1/jobs").then().statusCode(405)
                .contentType("application/problem+json");
    }
}
