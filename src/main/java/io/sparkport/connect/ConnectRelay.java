package io.sparkport.connect;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.SparkportConfig;
import io.sparkport.auth.Authenticator;
import io.sparkport.auth.Caller;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.PoolKick;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.engine.ClientSessions;
import io.sparkport.pool.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every call of the Connect frontend: admitted by {@link ConnectGate} (the caller's Sparkport token, the pool's
 * owners), held while the pool's engine comes up (its cluster starts if it is down: the waiting call is work of
 * the pool), then relayed to the engine unchanged ({@link CallRelay}) with the engine's own secret in place of
 * the caller's token. Its first message names the client session ({@link RequestSession}), which
 * {@link ClientSessions} tracks as the caller's.
 */
@ApplicationScoped
public class ConnectRelay extends HandlerRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectRelay.class);
    /** As Spark Connect's own server and client take (their default, 128 MiB). */
    static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
    static final String SERVICE = "spark.connect.SparkConnectService/";
    private static final String RELEASE_SESSION = SERVICE + "ReleaseSession";
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> POOL = Metadata.Key.of(ConnectGate.POOL_KEY, Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";
    private static final long POLL_MILLIS = 100;
    /** How long a pool's owners, read from the database, admit calls before they are read again. */
    static final Duration OWNERS_TTL = Duration.ofSeconds(2);

    private final Authenticator authenticator;
    private final ClusterBackend backend;
    private final ClientSessions sessions;
    private final Event<PoolKick> kicks;
    private final Duration startTimeout;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, KnownOwners> owners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService waits = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sparkport-connect-waits");
        t.setDaemon(true);
        return t;
    });
    private final ServerCallHandler<byte[], byte[]> handler = this::startCall;

    /** A pool's owners as read at {@code readAt} (nanoTime); empty: no such pool. */
    private record KnownOwners(Optional<List<String>> names, long readAt) {
    }

    /** The channel to a pool's current engine. */
    private record Channel(String endpoint, ManagedChannel channel) {
    }

    public ConnectRelay(Authenticator authenticator, ClusterBackend backend, ClientSessions sessions,
                        Event<PoolKick> kicks, SparkportConfig config) {
        this.authenticator = authenticator;
        this.backend = backend;
        this.sessions = sessions;
        this.kicks = kicks;
        this.startTimeout = config.connect().startTimeout();
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        return ServerMethodDefinition.create(method(methodName), handler);
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.newBuilder(RawBytes.INSTANCE, RawBytes.INSTANCE).setFullMethodName(name)
                .setType(MethodDescriptor.MethodType.UNKNOWN).build();
    }

    private ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!method.startsWith(SERVICE)) {
            call.close(Status.UNIMPLEMENTED.withDescription("this port serves Spark Connect only, not " + method),
                    new Metadata());
            return new ServerCall.Listener<>() { };
        }
        String pool = headers.get(POOL);
        ConnectGate.Verdict verdict = admitOrFail(headers.get(AUTHORIZATION), pool, method);
        if (!verdict.admitted()) {
            call.close(verdict.refusal(), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Pending pending = new Pending();
        SqlEngineObservation engine = backend.sqlEngine(pool);
        if (engine.ready()) {
            relay(call, headers, pool, verdict.caller(), engine, pending);
        } else {
            sessions.waiting(pool);
            kicks.fire(new PoolKick(pool));
            long deadline = System.nanoTime() + startTimeout.toNanos();
            waits.schedule(() -> awaitEngine(call, headers, pool, verdict.caller(), pending, deadline), POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        return pending;
    }

    private ConnectGate.Verdict admitOrFail(String authorization, String pool, String method) {
        try {
            return admit(authorization, pool);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Spark Connect call %s for pool %s not admitted", method, pool);
            return new ConnectGate.Verdict(null, Status.INTERNAL.withDescription("the service could not check the call: "
                    + e.getMessage()));
        }
    }

    private ConnectGate.Verdict admit(String authorization, String pool) {
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        Optional<Caller> caller = bearer ? authenticator.authenticate(authorization.substring(BEARER.length()))
                : Optional.empty();
        return ConnectGate.decide(authenticator.enabled(), bearer, caller, pool,
                pool == null ? Optional.empty() : owners(pool));
    }

    /**
     * The pool's owners, read from the database at most every {@link #OWNERS_TTL}: a session sends a call or
     * more per query, and a change of owners or a deleted pool reaches the frontend within that time.
     */
    private Optional<List<String>> owners(String pool) {
        long now = System.nanoTime();
        KnownOwners known = owners.get(pool);
        if (known != null && now - known.readAt() < OWNERS_TTL.toNanos()) {
            return known.names();
        }
        Optional<List<String>> names = QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(Pool.<Pool>findById(pool)).map(p -> List.copyOf(p.owners)));
        if (names.isPresent()) {
            owners.put(pool, new KnownOwners(names, now));
        } else {
            owners.remove(pool);
        }
        return names;
    }

    /** Checks the engine again until it is READY, the call is cancelled or the wait times out. */
    private void awaitEngine(ServerCall<byte[], byte[]> call, Metadata headers, String pool, Caller caller,
                             Pending pending, long deadline) {
        try {
            SqlEngineObservation engine = pending.cancelled ? null : backend.sqlEngine(pool);
            if (engine != null && !engine.ready() && System.nanoTime() < deadline) {
                waits.schedule(() -> awaitEngine(call, headers, pool, caller, pending, deadline), POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
                return;
            }
            sessions.stoppedWaiting(pool);
            if (engine == null) {
                return;
            }
            if (engine.ready()) {
                relay(call, headers, pool, caller, engine, pending);
            } else {
                call.close(Status.UNAVAILABLE.withDescription("the SQL engine of pool '" + pool + "' did not come up within "
                        + startTimeout + (engine.reason() == null ? "" : ": " + engine.reason())), new Metadata());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "pool %s: a Spark Connect call waiting for the engine failed", pool);
            sessions.stoppedWaiting(pool);
            call.close(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())), new Metadata());
        }
    }

    private void relay(ServerCall<byte[], byte[]> call, Metadata headers, String pool, Caller caller,
                       SqlEngineObservation engine, Pending pending) {
        String method = call.getMethodDescriptor().getFullMethodName();
        ClientCall<byte[], byte[]> toEngine = channel(pool, engine).newCall(method(method), CallOptions.DEFAULT);
        String[] session = {null};
        CallRelay relay = new CallRelay(call, toEngine, first -> {
            Optional<RequestSession> named = RequestSession.read(first);
            if (named.isEmpty()) {
                return null;
            }
            ClientSessions.Use use = sessions.callStarted(pool, named.get().sessionId(), caller.name(), engine.endpoint());
            if (use instanceof ClientSessions.Foreign) {
                return ConnectGate.foreignSession(named.get().sessionId(), caller);
            }
            session[0] = named.get().sessionId();
            return null;
        }, (status, sent) -> {
            if (sent && session[0] != null) {
                boolean released = method.equals(RELEASE_SESSION) && status.isOk();
                if (released) { // its end is recorded in the database: not on the channel's event loop
                    waits.execute(() -> sessions.callEnded(pool, session[0], true));
                } else {
                    sessions.callEnded(pool, session[0], false);
                }
            }
        });
        headers.removeAll(AUTHORIZATION);
        if (engine.token() != null) {
            headers.put(AUTHORIZATION, BEARER + engine.token());
        }
        pending.delegate = relay.requests;
        relay.start(headers);
    }

    /** The channel to the pool's engine at its current endpoint; one of an earlier engine is shut down. */
    private ManagedChannel channel(String pool, SqlEngineObservation engine) {
        Channel current = channels.compute(pool, (p, found) -> {
            if (found != null && found.endpoint().equals(engine.endpoint())) {
                return found;
            }
            if (found != null) {
                found.channel().shutdown();
            }
            return new Channel(engine.endpoint(), NettyChannelBuilder.forTarget(engine.endpoint().substring("sc://".length()))
                    .usePlaintext().maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    // the engine's answers only go on to the client's call, which never blocks: no executor hop
                    .directExecutor().build());
        });
        return current.channel();
    }

    void close() {
        waits.shutdownNow();
        channels.values().forEach(c -> c.channel().shutdownNow());
    }

    /**
     * The listener of a call until it is relayed: the relay asks for the call's first message only once it
     * runs, so only a cancel can come before.
     */
    private static final class Pending extends ServerCall.Listener<byte[]> {
        volatile ServerCall.Listener<byte[]> delegate;
        volatile boolean cancelled;

        @Override
        public void onMessage(byte[] message) {
            delegate.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (delegate != null) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            cancelled = true;
            if (delegate != null) {
                delegate.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (delegate != null) {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (delegate != null) {
                delegate.onReady();
            }
        }
    }

    /** Messages as they come: the frontend never decodes them. */
    enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
