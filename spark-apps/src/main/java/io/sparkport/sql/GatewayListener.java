package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's protocol over TCP, for a gateway that runs beside its engine (in the engine's pod on
 * Kubernetes) instead of as the service's child. A connection opens with {@code {"op":"hello","token":..}};
 * a wrong token gets {@code {"event":"refused"}} and the connection closes. One connection is served at a time
 * (the service's leader): a new one replaces the old, whose running jobs are interrupted (the service that
 * sent them is gone or no longer leads). The gateway's idle sessions survive connections: the engine stays warm.
 */
final class GatewayListener {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayListener.class);
    /** How long a connection may take to say hello. */
    static final int HELLO_TIMEOUT_MS = 10_000;

    private final WarmSqlGateway gateway;
    private final byte[] token;
    private final AtomicReference<Socket> current = new AtomicReference<>();

    GatewayListener(WarmSqlGateway gateway, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the gateway's token must not be empty");
        }
        this.gateway = gateway;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Accepts connections until the process ends. */
    void listen(InetSocketAddress address) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(address);
            LOG.info("SQL gateway listening on {}", address);
            while (true) {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "warm-sql-connection");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** Whether the hello line carries the token; constant time in the token's length. */
    boolean accepts(JsonNode hello) {
        String given = "hello".equals(hello.path("op").asText()) ? hello.path("token").asText("") : "";
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HELLO_TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(socket.getOutputStream(), false, StandardCharsets.UTF_8);
            String hello = in.readLine();
            if (hello == null || !accepts(ResultJson.MAPPER.readTree(hello))) {
                LOG.warn("Refused a connection from {}: no valid hello", socket.getRemoteSocketAddress());
                out.println("{\"event\":\"refused\",\"reason\":\"wrong or missing token\"}");
                out.flush();
                return;
            }
            socket.setSoTimeout(0);
            Socket previous = current.getAndSet(socket);
            if (previous != null) {
                LOG.info("A new connection from {} replaces the one from {}", socket.getRemoteSocketAddress(),
                        previous.getRemoteSocketAddress());
                previous.close();
                gateway.detached("a new connection replaced the service's connection");
            }
            gateway.attach(out);
            gateway.serveCommands(in);
        } catch (IOException e) {
            LOG.info("Connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            if (current.compareAndSet(socket, null)) {
                gateway.detached("the service's connection closed");
            }
        }
    }
}
