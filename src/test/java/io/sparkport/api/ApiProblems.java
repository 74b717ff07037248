package io.sparkport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;

/** The one assertion the API tests share: a POST is refused with a complete RFC 9457 problem body. */
final class ApiProblems {

    private ApiProblems() {
    }

    /** @param detail a text the problem's detail must contain, or null to check only that there is one */
    static void assertRefused(String path, String body, int status, String detail) {
        var response = given().contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue());
        if (detail != null) {
            response.body("detail", containsString(detail));
        }
    }
}
