package io.sparkport.console;

import io.sparkport.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The console's forms change things (cancel a job, run a schedule), so a browser may post them only from
 * the console's own pages: a POST outside the API whose {@code Origin} names another host is refused.
 * Clients that send no {@code Origin} (curl, tests) are not browsers posting across sites and pass.
 */
public class SameOriginForms {

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getPath();
        if (!"POST".equals(request.getMethod()) || !isConsole(path)) {
            return null;
        }
        String origin = request.getHeaderString("Origin");
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (origin == null || sameHost(origin, host)) {
            return null;
        }
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "cross-site-form", "Forbidden",
                        "a console form may be posted only from the console's own pages", path))
                .build();
    }

    static boolean isConsole(String path) {
        return !path.startsWith("/api/") && !path.startsWith("/internal/") && !path.startsWith("/q/");
    }

    /** Whether the {@code Origin} header's host and port are the request's {@code Host}. */
    static boolean sameHost(String origin, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return uri.getHost() != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
