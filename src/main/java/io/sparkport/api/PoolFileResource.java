package io.sparkport.api;

import io.sparkport.SparkportConfig;
import io.sparkport.auth.Access;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.PoolService;
import io.sparkport.pool.PoolStorage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;

/** The files of a data pool: upload, download, list, delete. */
@Path("/api/v1/pools/{pool}/files")
public class PoolFileResource {

    private final PoolService pools;
    private final PoolStorage storage;
    private final Access access;
    private final long maxUpload;

    public PoolFileResource(PoolService pools, PoolStorage storage, Access access, SparkportConfig config) {
        this.pools = pools;
        this.storage = storage;
        this.access = access;
        this.maxUpload = config.limits().upload().asLongValue();
    }

    /** The pool, when it exists and the caller may use it. */
    private void usable(String pool) {
        pools.get(pool);
        access.requirePool(pool);
    }

    /** A listing: every file under the prefix with its size and modification time. */
    public record Listing(List<PoolFile> files) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Listing list(@PathParam("pool") String pool, @QueryParam("prefix") String prefix) {
        usable(pool);
        return new Listing(storage.list(pool, prefix == null ? "" : prefix));
    }

    @PUT
    @Path("{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("pool") String pool, @PathParam("path") String rawPath, InputStream body,
                           UriInfo uri) {
        usable(pool);
        PoolPath path = PoolPath.parse(rawPath);
        InputStream content = body == null ? InputStream.nullInputStream() : body;
        boolean created = storage.write(pool, path, new LimitedInputStream(content, maxUpload, "the upload"));
        PoolFile file = storage.list(pool, path.value()).stream()
                .filter(f -> f.path().equals(path.value())).findFirst().orElseThrow();
        return (created ? Response.created(uri.getAbsolutePath()) : Response.ok()).entity(file).build();
    }

    @GET
    @Path("{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@PathParam("pool") String pool, @PathParam("path") String rawPath) {
        usable(pool);
        PoolPath path = PoolPath.parse(rawPath);
        InputStream in = storage.open(pool, path);
        StreamingOutput out = o -> {
            try (in) {
                in.transferTo(o);
            }
        };
        return Response.ok(out)
                .header("Content-Disposition", "attachment; filename=\"" + path.fileName().replace("\"", "") + "\"")
                .build();
    }

    @DELETE
    @Path("{path: .+}")
    public Response delete(@PathParam("pool") String pool, @PathParam("path") String rawPath) {
        usable(pool);
        storage.delete(pool, PoolPath.parse(rawPath));
        return Response.noContent().build();
    }
}
