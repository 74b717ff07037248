package io.sparkport.api;

import io.sparkport.SparkportConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Request body limits ({@code sparkport.limits.json-body}, {@code sparkport.limits.upload}): a declared
 * length beyond the limit is refused before the body is read, and a chunked body is cut off where it
 * passes the limit; both answer 413 with a problem body.
 */
public class BodyLimits {

    private static final Pattern UPLOAD = Pattern.compile("^/api/v1/pools/[^/]+/files/.+");

    private final long json;
    private final long upload;

    public BodyLimits(SparkportConfig config) {
        this.json = config.limits().jsonBody().asLongValue();
        this.upload = config.limits().upload().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response declaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString("Content-Length");
        if (declared == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return ProblemMapper.problem(400, "bad-request", "Bad request", "Content-Length is not a number",
                    request.getUriInfo());
        }
        boolean isUpload = "PUT".equals(request.getMethod()) && UPLOAD.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches();
        long limit = isUpload ? upload : json;
        if (length > limit) {
            return ProblemMapper.problem(413, "too-large", "Content too large",
                    (isUpload ? "the upload" : "the request body") + " is larger than " + limit + " bytes",
                    request.getUriInfo());
        }
        return null;
    }

    /** Cuts a chunked JSON body off where it passes the limit. */
    @Provider
    public static class JsonLimit implements ReaderInterceptor {

        /** Read on first use: providers are created before the configuration mapping is available. */
        private final jakarta.inject.Provider<SparkportConfig> config;

        public JsonLimit(jakarta.inject.Provider<SparkportConfig> config) {
            this.config = config;
        }

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            MediaType type = context.getMediaType();
            if (type != null && type.getSubtype() != null && type.getSubtype().endsWith("json")) {
                long limit = config.get().limits().jsonBody().asLongValue();
                context.setInputStream(new LimitedInputStream(context.getInputStream(), limit, "the request body"));
            }
            return context.proceed();
        }
    }
}
