package io.sparkport.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every console page answers with its key content, without Spark: jobs are cancelled before a cluster could
 * run them. The pages are read as a browser without JavaScript would: plain HTML, forms that POST and redirect.
 */
@QuarkusTest
class ConsolePagesTest {

    static final String HTML = "text/html";
    String pool;

    @BeforeEach
    void createPool() {
        pool = "c-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":2,\"cores\":1,\"memory\":\"512m\"},\"idleTimeout\":\"PT1S\"}")
                .post("/api/v1/pools").then().statusCode(201);
    }

    String submit(String sql) {
        return given().contentType(ContentType.JSON)
                .body("{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"" + sql + "\",\"name\":\"console test\"}")
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    void cancel(String id) {
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(oneOf(202, 409));
    }

    @Test
    void theOverviewListsEveryPoolWithItsCluster() {
        given().get("/").then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("<h1>Pools</h1>"))
                .body(containsString("href=\"/pools/default\""))
                .body(containsString("href=\"/pools/" + pool + "\""))
                .body(containsString("current / desired"))
                .body(containsString("running / queued"))
                .body(containsString("of 10Gi"))
                .body(containsString("aria-current=\"page\""))
                .body(containsString("<th scope=\"col\">Pool</th>"));
    }

    @Test
    void aPoolPageHasItsTimelineEventsJobsAndFiles() {
        given().body("a,b\n1,2\n".getBytes()).contentType(ContentType.BINARY).put("/api/v1/pools/" + pool + "/files/numbers.csv")
                .then().statusCode(201);
        String id = submit("SELECT a FROM numbers");
        cancel(id);
        given().get("/pools/" + pool + "?window=1h").then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("Pool " + pool))
                .body(containsString("Autoscaling timeline"))
                .body(containsString("id=\"timeline-chart\""))
                .body(containsString("<script type=\"application/json\" id=\"timeline-data\">{\"pool\":\"" + pool + "\""))
                .body(containsString("/webjars/uplot/dist/uPlot.iife.min.js"))
                .body(containsString("aria-current=\"true\">last 1 h"))
                .body(containsString("href=\"/pools/" + pool + "?window=15m\">last 15 min"))
                .body(containsString("timeline?since=PT1H"))
                .body(containsString("The timeline as a table"))
                .body(containsString("numbers.csv"))
                .body(containsString("href=\"/api/v1/pools/" + pool + "/files/numbers.csv\""))
                .body(containsString("href=\"/jobs/" + id + "\""))
                .body(containsString("0–2 workers of 1 core, 512m"));
        given().get("/pools/no-such-pool").then().statusCode(404).contentType(containsString(HTML))
                .body(containsString("no pool &#39;no-such-pool&#39;"));
    }

    @Test
    void theJobsListFiltersAndPages() {
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = submit("SELECT " + i);
            cancel(ids[i]);
        }
        given().queryParam("pool", pool).get("/jobs").then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("<h1>Jobs</h1>"))
                .body(containsString("<label for=\"f-pool\">Pool</label>"))
                .body(containsString("<option value=\"" + pool + "\" selected>"))
                .body(containsString("href=\"/jobs/" + ids[0] + "\""))
                .body(containsString("href=\"/jobs/" + ids[2] + "\""))
                .body(containsString("CANCELLED"));
        given().queryParam("pool", pool).queryParam("state", "RUNNING").get("/jobs").then().statusCode(200)
                .body(containsString("No job matches."));
        given().queryParam("pool", pool).queryParam("state", "").queryParam("schedule", "").get("/jobs").then()
                .statusCode(200).body(containsString(ids[1]));
        given().queryParam("pool", pool).queryParam("after", ids[1]).get("/jobs").then().statusCode(200)
                .body(containsString(ids[0])).body(not(containsString("href=\"/jobs/" + ids[2] + "\"")))
                .body(containsString(">Newest</a>"));
        given().queryParam("state", "SLEEPING").get("/jobs").then().statusCode(422).contentType(containsString(HTML));
    }

    @Test
    void aJobPageShowsItsLifeAndItsButtonsWork() {
        String id = submit("SELECT 42 AS answer");
        given().get("/jobs/" + id).then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("Job " + id))
                .body(containsString("SELECT 42 AS answer"))
                .body(containsString("Submitted (QUEUED)"))
                .body(containsString("Driver log"));

        given().redirects().follow(false).post("/jobs/" + id + "/cancel").then().statusCode(303)
                .header("Location", endsWith("/jobs/" + id));
        given().get("/jobs/" + id).then().statusCode(200)
                .body(containsString("CANCELLED"))
                .body(containsString("Ended CANCELLED"))
                .body(containsString("action=\"/jobs/" + id + "/resubmit\""))
                .body(not(containsString("data-refresh")));
        given().redirects().follow(false).post("/jobs/" + id + "/cancel").then().statusCode(409)
                .contentType(containsString(HTML)).body(containsString("already ended"));

        String location = given().redirects().follow(false).post("/jobs/" + id + "/resubmit").then().statusCode(303)
                .extract().header("Location");
        String again = location.substring(location.lastIndexOf('/') + 1);
        given().get("/api/v1/jobs/" + again).then().body("sql", equalTo("SELECT 42 AS answer"))
                .body("name", equalTo("console test")).body("pool", equalTo(pool));
        given().get("/jobs/" + again).then().statusCode(200);
        cancel(again);

        given().get("/jobs/" + id + "/result.csv").then().statusCode(409);
        given().get("/jobs/no-such-job").then().statusCode(404).contentType(containsString(HTML));
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        String id = submit("SELECT 1");
        given().redirects().follow(false).header("Origin", "http://evil.example").post("/jobs/" + id + "/cancel")
                .then().statusCode(403);
        given().get("/api/v1/jobs/" + id).then().body("state", oneOf("QUEUED", "STARTING", "RUNNING"));
        given().redirects().follow(false).header("Origin", "http://localhost:" + RestAssured.port).post("/jobs/" + id + "/cancel")
                .then().statusCode(303);
    }

    @Test
    void schedulesCanBeSuspendedResumedAndRunFromTheirList() {
        String body = "{\"name\":\"" + pool + "-nightly\",\"cron\":\"0 0 1 1 *\",\"concurrencyPolicy\":\"Forbid\","
                + "\"template\":{\"pool\":\"" + pool + "\",\"type\":\"SQL\",\"sql\":\"SELECT 7\"}}";
        String id = given().contentType(ContentType.JSON).body(body).post("/api/v1/schedules").then().statusCode(201)
                .extract().path("id");
        given().get("/schedules").then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("<h1>Schedules</h1>"))
                .body(containsString("id=\"schedule-" + id + "\""))
                .body(containsString("0 0 1 1 *"))
                .body(containsString("action=\"/schedules/" + id + "/suspend\""));

        given().redirects().follow(false).post("/schedules/" + id + "/suspend").then().statusCode(303);
        given().get("/api/v1/schedules/" + id).then().body("suspend", equalTo(true));
        given().get("/schedules").then().body(containsString("action=\"/schedules/" + id + "/resume\""));
        given().redirects().follow(false).post("/schedules/" + id + "/resume").then().statusCode(303);
        given().get("/api/v1/schedules/" + id).then().body("suspend", equalTo(false));

        String location = given().redirects().follow(false).post("/schedules/" + id + "/run").then().statusCode(303)
                .extract().header("Location");
        String job = location.substring(location.lastIndexOf('/') + 1);
        given().redirects().follow(false).post("/schedules/" + id + "/run").then().statusCode(409)
                .contentType(containsString(HTML));
        cancel(job);
        given().get("/schedules").then().body(containsString("href=\"/jobs/" + job + "\""))
                .body(containsString("(manual)"));
        given().get("/jobs?schedule=" + id).then().body(containsString(job));
        given().delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    @Test
    void theSqlFormSubmitsAJobAndItsPageFollowsIt() {
        given().body("Hair,Freq\nBrown,1\n".getBytes()).contentType(ContentType.BINARY)
                .put("/api/v1/pools/" + pool + "/files/HairEyeColor.csv").then().statusCode(201);
        given().queryParam("pool", pool).get("/sql").then().statusCode(200).contentType(containsString(HTML))
                .body(containsString("<label for=\"sql-text\">SQL</label>"))
                .body(containsString("<option value=\"" + pool + "\" selected>"))
                .body(containsString("<code title=\"HairEyeColor.csv\">HairEyeColor</code>"));

        String location = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("pool", pool).formParam("sql", "SELECT Hair FROM HairEyeColor")
                .post("/sql").then().statusCode(303).extract().header("Location");
        String id = location.substring(location.indexOf("job=") + 4);
        given().get("/sql?job=" + id).then().statusCode(200)
                .body(containsString("SELECT Hair FROM HairEyeColor</textarea>"))
                .body(containsString("href=\"/jobs/" + id + "\""))
                .body(allOf(containsString("data-refresh"), containsString("http-equiv=\"refresh\"")))
                .body(containsString("The result appears here when the job has succeeded."));
        cancel(id);
        given().get("/sql?job=" + id).then().statusCode(200).body(not(containsString("data-refresh")))
                .body(containsString("cancelled while queued"));

        given().contentType(ContentType.URLENC).formParam("pool", pool).formParam("sql", "")
                .post("/sql").then().statusCode(422).contentType(containsString(HTML))
                .body(containsString("role=\"alert\""));
        given().contentType(ContentType.URLENC).formParam("pool", "no-such-pool").formParam("sql", "SELECT 1")
                .post("/sql").then().statusCode(422).body(containsString("does not exist"));
    }

    @Test
    void theStylesScriptsAndChartLibraryAreServed() {
        given().get("/static/console.css").then().statusCode(200);
        given().get("/static/console.js").then().statusCode(200);
        given().get("/static/timeline.js").then().statusCode(200);
        given().get("/webjars/uplot/dist/uPlot.iife.min.js").then().statusCode(200).body(containsString("uPlot"));
        given().get("/webjars/uplot/dist/uPlot.min.css").then().statusCode(200);
    }

    @Test
    void theApiIsWhereItWas() {
        given().get("/api/v1/pools").then().statusCode(200).contentType(ContentType.JSON);
        given().get("/api/v1/nothing-here").then().statusCode(404);
    }
}
