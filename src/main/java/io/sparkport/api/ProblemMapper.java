package io.sparkport.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sparkport.SparkportException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become response bodies: RFC 9457 problem details, except on the Livy and Kyuubi
 * surfaces, whose clients expect their peer's own shape ({@link Surface}); no class names or stack traces
 * leave the service.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response domain(SparkportException e, UriInfo uri) {
        SparkportException.Kind kind = e.kind();
        Response problem = problem(kind.status(), kind.type(), kind.title(), e.getMessage(), uri);
        return kind != SparkportException.Kind.UNAUTHORIZED ? problem
                : Response.fromResponse(problem).header("WWW-Authenticate", Surface.of(path(uri)).challenge()).build();
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
        String path = path(uri);
        Surface surface = Surface.of(path);
        if (surface != Surface.SPARKPORT && status == 422) {
            status = 400; // Livy and Kyuubi answer every refused request with a 400
        }
        return switch (surface) {
            case LIVY -> Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("msg", detail)).build();
            case KYUUBI -> Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", detail)).build();
            case SPARKPORT -> Response.status(status).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(status, slug, title, detail, path)).build();
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /**
     * Whose clients a path serves: Livy's ({@code {"msg": ...}}, as Livy's servlets answer), Kyuubi's
     * ({@code {"message": ...}}; its REST client shows an error body as it comes) or Sparkport's own.
     */
    enum Surface {
        LIVY, KYUUBI, SPARKPORT;

        static Surface of(String path) {
            if (path != null && (path.equals("/livy") || path.startsWith("/livy/"))) {
                return LIVY;
            }
            if (path != null && (path.equals("/kyuubi") || path.startsWith("/kyuubi/"))) {
                return KYUUBI;
            }
            return SPARKPORT;
        }

        /** The challenge of a 401: Livy and Kyuubi clients answer a Basic one (token as password). */
        String challenge() {
            return this == SPARKPORT ? "Bearer realm=\"sparkport\"" : "Basic realm=\"sparkport\"";
        }
    }
}
