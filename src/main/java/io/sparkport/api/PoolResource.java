package io.sparkport.api;

import io.sparkport.SparkportException;
import io.sparkport.auth.Access;
import io.sparkport.connect.ConnectFrontend;
import io.sparkport.engine.ClientSessions;
import io.sparkport.auth.Caller;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.PoolReconciler;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolRequest;
import io.sparkport.pool.PoolService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Data pools, their cluster and their events. */
@Path("/api/v1/pools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolResource {

    private final PoolService pools;
    private final PoolEvents events;
    private final ClusterBackend backend;
    private final PoolReconciler reconciler;
    private final Access access;
    private final ConnectFrontend connect;
    private final ClientSessions clientSessions;

    public PoolResource(PoolService pools, PoolEvents events, ClusterBackend backend, PoolReconciler reconciler,
                        Access access, ConnectFrontend connect, ClientSessions clientSessions) {
        this.connect = connect;
        this.clientSessions = clientSessions;
        this.pools = pools;
        this.events = events;
        this.backend = backend;
        this.reconciler = reconciler;
        this.access = access;
    }

    /** The pool, when the caller may use it (403 otherwise). */
    private Pool visible(String name) {
        Pool pool = pools.get(name);
        access.requirePool(name);
        return pool;
    }

    @POST
    public Response create(PoolRequest request, UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        Caller caller = access.caller();
        Pool pool = pools.create(request, caller.admin() ? null : caller.name());
        return Response.created(uri.getAbsolutePathBuilder().path(pool.name).build()).entity(view(pool)).build();
    }

    @GET
    public List<PoolView> list() {
        return pools.list().stream().filter(access::mayUse).map(this::view).toList();
    }

    @GET
    @Path("{pool}")
    public PoolView get(@PathParam("pool") String name) {
        return view(visible(name));
    }

    @PATCH
    @Path("{pool}")
    public PoolView update(@PathParam("pool") String name, PoolRequest request) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        visible(name);
        return view(pools.update(name, request));
    }

    @DELETE
    @Path("{pool}")
    public Response delete(@PathParam("pool") String name) {
        visible(name);
        pools.delete(name);
        return Response.noContent().build();
    }

    @GET
    @Path("{pool}/cluster")
    public ClusterView cluster(@PathParam("pool") String name) {
        visible(name);
        return ClusterView.of(backend.observe(name), reconciler.lastDecision(name), backend.sqlEngine(name),
                clientSessions.list(name));
    }

    private PoolView view(Pool pool) {
        return PoolView.of(pool, backend.supportsSqlEngine() ? connect.url(pool.name).orElse(null) : null);
    }

    @GET
    @Path("{pool}/events")
    public List<EventView> events(@PathParam("pool") String name, @QueryParam("after") @DefaultValue("0") long after,
                                  @QueryParam("limit") @DefaultValue("500") int limit) {
        visible(name);
        if (limit < 1 || limit > 5000) {
            throw SparkportException.invalid("limit must be between 1 and 5000");
        }
        return events.after(name, after, limit).stream().map(EventView::of).toList();
    }
}
