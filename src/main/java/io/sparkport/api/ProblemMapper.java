package io.sparkport.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sparkport.SparkportException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place errors become RFC 9457 problem details; no class names or stack traces leave the service. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response domain(SparkportException e, UriInfo uri) {
        SparkportException.Kind kind = e.kind();
        Response problem = problem(kind.status(), kind.type(), kind.title(), e.getMessage(), uri);
        return kind != SparkportException.Kind.UNAUTHORIZED ? problem
                : Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"sparkport\"").build();
    }

    /** Quarkus maps these two itself (without a problem body) unless the application does. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String detail = e instanceof UnrecognizedPropertyException u
                ? "unknown field '" + u.getPropertyName() + "'"
                : e.getOriginalMessage();
        return problem(400, "malformed-body", "Malformed request body", detail, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage(), uri);
    }

    /** Two writers raced on one row (e.g. a schedule edited while it fires): the caller may retry. */
    @ServerExceptionMapper
    public Response concurrent(OptimisticLockException e, UriInfo uri) {
        return concurrentChange(uri);
    }

    private static Response concurrentChange(UriInfo uri) {
        return problem(409, "concurrent-change", "Conflict",
                "the resource changed while this request ran; read it again and retry", uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (e.getCause() instanceof OptimisticLockException || e instanceof org.hibernate.StaleStateException) {
            return concurrentChange(uri);
        }
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return problem(500, "internal-error", "Internal error",
                "the service failed unexpectedly; the log has the details", uri);
    }

    static Response problem(int status, String slug, String title, String detail, UriInfo uri) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, slug, title, detail, uri == null ? null : uri.getPath()))
                .build();
    }
}
