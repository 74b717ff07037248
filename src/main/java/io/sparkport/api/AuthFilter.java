package io.sparkport.api;

import io.sparkport.auth.Authenticator;
import io.sparkport.auth.Caller;
import io.sparkport.auth.CurrentCaller;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one gate of {@code /api/v1}: with authentication on, every request must carry a known bearer token
 * (401 with a problem body otherwise), and its caller is kept for the authorization checks of
 * {@link io.sparkport.auth.Access}. Health, metrics, OpenAPI and the SQL runner's callback (which has its
 * per-job token) are not under {@code /api/}.
 */
public class AuthFilter {

    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;
    private final CurrentCaller current;

    public AuthFilter(Authenticator authenticator, CurrentCaller current) {
        this.authenticator = authenticator;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath().replaceAll("/+", "/");
        if (!path.startsWith("/api/")) {
            return null;
        }
        if (!authenticator.enabled()) {
            current.set(Caller.ANONYMOUS);
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authenticator.authenticate(header.substring(BEARER.length())) : Optional.empty();
        if (caller.isEmpty()) {
            return Response.fromResponse(ProblemMapper.problem(401, "unauthorized", "Unauthorized",
                            header == null ? "a bearer token is required (Authorization: Bearer <token>)"
                                    : "the bearer token is not valid", request.getUriInfo()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sparkport\"").build();
        }
        current.set(caller.get());
        return null;
    }
}
