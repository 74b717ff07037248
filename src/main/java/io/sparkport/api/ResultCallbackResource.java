package io.sparkport.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkport.SparkportException;
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

/** Where the SQL runner reports back: a result preview or its failure, authenticated by the job's token. */
@Path("/internal/v1/jobs/{id}/result")
public class ResultCallbackResource {

    private static final String BEARER = "Bearer ";

    private final SqlResults results;

    public ResultCallbackResource(SqlResults results) {
        this.results = results;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response report(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           JsonNode report) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new SparkportException(SparkportException.Kind.UNAUTHORIZED, "a bearer token is required");
        }
        if (report == null || !report.isObject()) {
            throw SparkportException.badRequest("a JSON object is required");
        }
        results.accept(id, authorization.substring(BEARER.length()), report);
        return Response.noContent().build();
    }
}
