package io.sparkport.api;

import io.smallrye.mutiny.Uni;
import io.sparkport.auth.Authenticator;
import io.sparkport.auth.Caller;
import io.sparkport.auth.CurrentCaller;
import io.sparkport.auth.OidcCallers;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one gate of {@code /api/v1} and of the Livy and Kyuubi surfaces ({@code /livy}, {@code /kyuubi}): with
 * authentication on, every request must carry a known bearer token (a static one, or an OIDC token when OIDC
 * is configured), or HTTP Basic credentials whose password is a static token (any user name: Livy and Kyuubi
 * clients send Basic), else it gets a 401 in its surface's error shape; its
 * caller is kept for the authorization checks of {@link io.sparkport.auth.Access}. Health, metrics,
 * OpenAPI and the drivers' callbacks (which have their per-job token) are not under {@code /api/}. The web
 * console's pages need an admin token too, from a cookie (see {@link #console}).
 */
public class AuthFilter {

    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";
    private static final java.util.List<String> API_PATHS = java.util.List.of("/api/", "/livy/", "/kyuubi/");
    static final String CONSOLE_COOKIE = "sparkport_token";
    private static final java.util.List<String> CONSOLE_PATHS = java.util.List.of("/pools", "/jobs", "/schedules", "/sql");

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
        if (isConsole(path)) {
            return Uni.createFrom().item(console(request));
        }
        if (API_PATHS.stream().noneMatch(path::startsWith)) {
            return Uni.createFrom().nullItem();
        }
        if (!authenticator.enabled()) {
            current.set(Caller.ANONYMOUS);
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        Optional<Caller> caller = bearer ? authenticator.authenticate(header.substring(BEARER.length()))
                : basicPassword(header).flatMap(authenticator::authenticate);
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

    /** The password of HTTP Basic credentials ({@code user:password}, Base64), if the header has them. */
    static Optional<String> basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isConsole(String path) {
        return path.equals("/") || CONSOLE_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /**
     * The console is for admins while authentication is on (its pages show every pool): a browser opens it
     * once as {@code /?token=<admin token>}, as with Jupyter, and keeps the token in an HttpOnly, same-site
     * cookie; the link without the token follows at once. Returns null to let the request through.
     */
    private Response console(ContainerRequestContext request) {
        if (!authenticator.enabled()) {
            current.set(Caller.ANONYMOUS);
            return null;
        }
        String fromQuery = request.getUriInfo().getQueryParameters().getFirst("token");
        Cookie cookie = request.getCookies().get(CONSOLE_COOKIE);
        String token = fromQuery != null ? fromQuery : cookie == null ? null : cookie.getValue();
        Optional<Caller> caller = token == null ? Optional.empty() : authenticator.authenticate(token);
        if (caller.isEmpty() || !caller.get().admin()) {
            String reason = token == null ? "The console needs the admin token." : caller.isEmpty()
                    ? "That token is not valid." : "The console is for admins; this token is " + caller.get().name() + "'s.";
            return Response.status(caller.isEmpty() ? 401 : 403).type("text/html;charset=UTF-8")
                    .entity("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sparkport</title></head>"
                            + "<body><h1>Sparkport</h1><p>" + reason + " Open <code>/?token=&lt;token&gt;</code>; the first"
                            + " start writes the admin token to <code>&lt;data-dir&gt;/admin-token</code>.</p></body></html>")
                    .build();
        }
        current.set(caller.get());
        if (fromQuery == null) {
            return null;
        }
        URI without = request.getUriInfo().getRequestUriBuilder().replaceQueryParam("token").build();
        return Response.seeOther(URI.create(without.getRawPath() + (without.getRawQuery() == null ? "" : "?" + without.getRawQuery())))
                .cookie(new NewCookie.Builder(CONSOLE_COOKIE).value(token).path("/").httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT).build())
                .build();
    }

    private static Response unauthorized(ContainerRequestContext request, String header) {
        ProblemMapper.Surface surface = ProblemMapper.Surface.of(request.getUriInfo().getPath());
        String detail = header == null ? surface == ProblemMapper.Surface.SPARKPORT
                ? "a bearer token is required (Authorization: Bearer <token>)"
                : "credentials are required: a bearer token, or Basic with any user name and the token as password"
                : "the credentials are not valid";
        return Response.fromResponse(ProblemMapper.problem(401, "unauthorized", "Unauthorized", detail,
                        request.getUriInfo()))
                .header(HttpHeaders.WWW_AUTHENTICATE, surface.challenge()).build();
    }
}
