package io.sparkport.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkport.SparkportException;
import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.sql.SqlResults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where a job's driver reports back, authenticated by the job's token: its progress while it runs (every
 * driver), and the result preview or failure (the SQL runner).
 */
@Path("/internal/v1/jobs/{id}")
@Consumes(MediaType.APPLICATION_JSON)
public class DriverCallbackResource {

    private static final String BEARER = "Bearer ";

    private final SqlResults results;
    private final ProgressTracker progress;

    public DriverCallbackResource(SqlResults results, ProgressTracker progress) {
        this.results = results;
        this.progress = progress;
    }

    @POST
    @Path("result")
    @Operation(hidden = true)
    public Response result(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           JsonNode report) {
        results.accept(id, token(authorization), object(report));
        return Response.noContent().build();
    }

    @POST
    @Path("progress")
    @Operation(hidden = true)
    public Response progress(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             JsonNode report) {
        progress.report(id, token(authorization), object(report));
        return Response.noContent().build();
    }

    private static String token(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new SparkportException(SparkportException.Kind.UNAUTHORIZED, "a bearer token is required");
        }
        return authorization.substring(BEARER.length());
    }

    private static JsonNode object(JsonNode report) {
        if (report == null || !report.isObject()) {
            throw SparkportException.badRequest("a JSON object is required");
        }
        return report;
    }
}
