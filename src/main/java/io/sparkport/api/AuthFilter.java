package io.sparkport.api;

import io.smallrye.mutiny.Uni;
import io.sparkport.auth.Authenticator;
import io.sparkport.auth.Caller;
import io.sparkport.auth.CurrentCaller;
import io.sparkport.auth.OidcCallers;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one gate of {@code /api/v1}: with authentication on, every request must carry a known bearer token
 * (a static one, or an OIDC token when OIDC is configured), else it gets a 401 with a problem body; its
 * caller is kept for the authorization checks of {@link io.sparkport.auth.Access}. Health, metrics,
 * OpenAPI and the SQL runner's callback (which has its per-job token) are not under {@code /api/}.
 */
public class AuthFilter {

    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;
    private final OidcCallers oidc;
    private final CurrentCaller current;

    public AuthFilter(Authenticator authenticator, OidcCallers oidc, CurrentCaller current) {
        this.authenticator = authenticator;
        this.oidc = oidc;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath().replaceAll("/+", "/");
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        if (!authenticator.enabled()) {
            current.set(Caller.ANONYMOUS);
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        Optional<Caller> caller = bearer ? authenticator.authenticate(header.substring(BEARER.length())) : Optional.empty();
        if (caller.isPresent()) {
            current.set(caller.get());
            return Uni.createFrom().nullItem();
        }
        if (!bearer || !oidc.enabled()) {
            return Uni.createFrom().item(unauthorized(request, header));
        }
        return oidc.caller().map(found -> {
            if (found.isEmpty()) {
                return unauthorized(request, header);
            }
            current.set(found.get());
            return null;
        });
    }

    private static Response unauthorized(ContainerRequestContext request, String header) {
        return Response.fromResponse(ProblemMapper.problem(401, "unauthorized", "Unauthorized",
                        header == null ? "a bearer token is required (Authorization: Bearer <token>)"
                                : "the bearer token is not valid", request.getUriInfo()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sparkport\"").build();
    }
}
