package io.sparkport.api.livy;

import io.sparkport.SparkportException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Livy's interactive sessions are not served: a client that asks for them (sparkmagic, Livy's Java client) gets a
 * 404 that says so and where to go instead, in Livy's {@code {"msg": ...}}.
 */
@Path("/livy/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Livy batches")
public class LivySessionResource {

    static final String NOT_SERVED = "Livy interactive sessions are not served by Sparkport: submit applications to"
            + " /livy/batches, and for interactive work use the notebook helper or the pool's warm SQL engine"
            + " (POST /api/v1/pools/{pool}/sql)";

    @GET
    public Object list() {
        throw SparkportException.notFound(NOT_SERVED);
    }

    @POST
    public Object create() {
        throw SparkportException.notFound(NOT_SERVED);
    }

    @GET
    @Path("{rest: .+}")
    public Object get() {
        throw SparkportException.notFound(NOT_SERVED);
    }

    @POST
    @Path("{rest: .+}")
    public Object post() {
        throw SparkportException.notFound(NOT_SERVED);
    }

    @DELETE
    @Path("{rest: .+}")
    public Object delete() {
        throw SparkportException.notFound(NOT_SERVED);
    }
}
