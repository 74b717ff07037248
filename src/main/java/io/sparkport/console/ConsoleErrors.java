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
        SparkportException.Kind kind = e.kind();
        return Response.status(kind.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(kind.status(), kind.title(), e.getMessage()).render()).build();
    }
}
