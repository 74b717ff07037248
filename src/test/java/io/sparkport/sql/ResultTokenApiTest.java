package io.sparkport.sql;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sparkport.job.JobState;
import io.sparkport.job.JobStore;
import io.sparkport.job.StoredJobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The SQL runner's per-job token: good for its own job, and only while that job runs. */
@QuarkusTest
class ResultTokenApiTest {

    static final String REPORT = "{\"columns\":[{\"name\":\"x\",\"type\":\"int\"}],\"rows\":[[1]],\"rowCount\":1,"
            + "\"truncated\":false,\"resultPath\":\"results/x/\"}";

    @Inject
    JobStore store;

    static int post(String jobId, String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(REPORT)
                .post("/internal/v1/jobs/" + jobId + "/result").statusCode();
    }

    @Test
    void aTokenOpensOnlyItsOwnRunningJob() {
        String a = StoredJobs.queued(0);
        String b = StoredJobs.queued(0);
        String tokenA = ResultTokens.newToken();
        String tokenB = ResultTokens.newToken();
        org.junit.jupiter.api.Assertions.assertEquals(401, post(a, tokenA), "not started yet: no token is valid");
        store.starting(a, ResultTokens.hash(tokenA));
        store.starting(b, ResultTokens.hash(tokenB));

        org.junit.jupiter.api.Assertions.assertEquals(401, post(a, tokenB), "another job's token");
        org.junit.jupiter.api.Assertions.assertEquals(401, post(a, "guess"));
        org.junit.jupiter.api.Assertions.assertEquals(204, post(a, tokenA));

        store.transition(a, JobState.SUCCEEDED, null, null);
        org.junit.jupiter.api.Assertions.assertEquals(401, post(a, tokenA), "the job has ended");
        store.transition(b, JobState.CANCELLED, "test", null);
        org.junit.jupiter.api.Assertions.assertEquals(401, post(b, tokenB), "the job has ended");
    }

    @Test
    void aRetriedJobGetsANewToken() {
        String id = StoredJobs.queued(1);
        String first = ResultTokens.newToken();
        store.starting(id, ResultTokens.hash(first));
        store.fail(id, "boom", null, true);
        org.junit.jupiter.api.Assertions.assertEquals(401, post(id, first), "the failed attempt's token is dead");
    }
}
