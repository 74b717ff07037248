package io.sparkport.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sparkport.SparkportException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A domain error on a console page becomes an HTML page with the same status the API would answer. */
final class ConsoleErrors {

    private ConsoleErrors() {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail);
    }

    static Response page(SparkportException e) {
        int status = status(e.kind());
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title(status), e.getMessage()).render()).build();
    }

    static int status(SparkportException.Kind kind) {
        return switch (kind) {
            case INVALID -> 422;
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case TOO_LARGE -> 413;
            case BACKEND -> 502;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 422 -> "Cannot be done";
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 413 -> "Content too large";
            default -> "Backend error";
        };
    }
}
