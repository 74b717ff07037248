package io.sparkport.connect;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sparkport.SparkportConfig;
import io.sparkport.engine.ClientSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's Spark Connect port: a gRPC server that hands every call to {@link ConnectRelay}, which admits
 * it and relays it to the pool's engine. Plaintext only on a loopback address; anywhere else it serves TLS from
 * {@code sparkport.connect.tls-certificate} and {@code tls-key}, because a JVM client sends its token in
 * plaintext only to {@code localhost}.
 */
@ApplicationScoped
public class ConnectFrontend {

    private static final Logger LOG = Logger.getLogger(ConnectFrontend.class);

    private final SparkportConfig.Connect config;
    private final ConnectRelay relay;
    private final ClientSessions sessions;
    private final MeterRegistry registry;
    private volatile Server server;

    public ConnectFrontend(SparkportConfig config, ConnectRelay relay, ClientSessions sessions, MeterRegistry registry) {
        this.config = config.connect();
        this.relay = relay;
        this.sessions = sessions;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        ServerCredentials credentials = credentials(address);
        try {
            server = NettyServerBuilder.forAddress(address, credentials)
                    .fallbackHandlerRegistry(relay)
                    .maxInboundMessageSize(ConnectRelay.MAX_MESSAGE_BYTES)
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("the Spark Connect frontend cannot listen on " + address
                    + " (sparkport.connect.host/port; sparkport.connect.enabled=false turns it off)", e);
        }
        Gauge.builder("sparkport.connect.sessions", sessions, ClientSessions::open)
                .description("Spark Connect client sessions open through the frontend").register(registry);
        LOG.infof("Spark Connect frontend on %s:%d (%s); clients use sc://%s:%d/;token=<token>;x-sparkport-pool=<pool>",
                config.host(), port(), tls() ? "TLS" : "plaintext, loopback only", publicHost(), publicPort());
    }

    private ServerCredentials credentials(InetSocketAddress address) {
        if (tls()) {
            try {
                return TlsServerCredentials.create(config.tlsCertificate().get().toFile(), config.tlsKey().get().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Spark Connect frontend's certificate or key", e);
            }
        }
        if (config.tlsCertificate().isPresent() || config.tlsKey().isPresent()) {
            throw new IllegalStateException("sparkport.connect.tls-certificate and tls-key go together: set both");
        }
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalStateException("the Spark Connect frontend would take tokens in plaintext on "
                    + config.host() + ": set sparkport.connect.tls-certificate and tls-key, or a loopback host");
        }
        return InsecureServerCredentials.create();
    }

    void stop(@Observes ShutdownEvent event) {
        Server s = server;
        if (s != null) {
            s.shutdown();
            try {
                if (!s.awaitTermination(2, TimeUnit.SECONDS)) {
                    s.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        relay.close();
    }

    boolean tls() {
        return config.tlsCertificate().isPresent() && config.tlsKey().isPresent();
    }

    /** The port it listens on (the chosen one when configured as 0). */
    int port() {
        Server s = server;
        return s == null ? config.port() : s.getPort();
    }

    /**
     * The URL a client of {@code pool} appends {@code ;token=<token>} to, when the frontend runs:
     * {@code sc://host:port/;x-sparkport-pool=<pool>}, with {@code use_ssl=true} where it serves TLS.
     */
    public Optional<String> url(String pool) {
        if (server == null) {
            return Optional.empty();
        }
        return Optional.of("sc://" + publicHost() + ":" + publicPort() + "/;" + (tls() ? "use_ssl=true;" : "")
                + ConnectGate.POOL_KEY + "=" + pool);
    }

    private String publicHost() {
        if (config.publicHost().isPresent()) {
            return config.publicHost().get();
        }
        if (!tls()) {
            return "localhost";
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return config.host();
        }
    }

    private int publicPort() {
        return config.publicPort().orElse(port());
    }
}
