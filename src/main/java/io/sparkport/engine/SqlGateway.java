package io.sparkport.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkport.cluster.SqlGatewayLink;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The SQL gateway's protocol over a backend's link ({@link SqlGatewayLink}): JSON commands one per line, JSON
 * events read on a thread of their own and handed to {@code onEvent}; {@code onExit} learns how the link ended.
 */
final class SqlGateway {

    private static final Logger LOG = Logger.getLogger(SqlGateway.class);

    private final SqlGatewayLink link;
    private final BufferedWriter commands;
    private final ObjectMapper mapper;

    private SqlGateway(SqlGatewayLink link, ObjectMapper mapper) {
        this.link = link;
        this.mapper = mapper;
        this.commands = new BufferedWriter(new OutputStreamWriter(link.commands(), StandardCharsets.UTF_8));
    }

    static SqlGateway over(SqlGatewayLink link, String name, ObjectMapper mapper, Consumer<JsonNode> onEvent,
                           Consumer<String> onExit) {
        SqlGateway gateway = new SqlGateway(link, mapper);
        Thread reader = new Thread(() -> gateway.read(onEvent, onExit), "sparkport-sql-gateway-events-" + name);
        reader.setDaemon(true);
        reader.start();
        return gateway;
    }

    private void read(Consumer<JsonNode> onEvent, Consumer<String> onExit) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(link.events(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    onEvent.accept(mapper.readTree(line));
                } catch (IOException | RuntimeException e) {
                    LOG.errorf(e, "SQL gateway event not handled: %s", line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException e) {
            LOG.debugf("SQL gateway output closed: %s", e);
        }
        onExit.accept(link.end());
    }

    boolean alive() {
        return link.alive();
    }

    synchronized void send(ObjectNode command) {
        try {
            commands.write(mapper.writeValueAsString(command));
            commands.newLine();
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the SQL gateway does not take commands", e);
        }
    }

    void stop() {
        link.close();
    }
}
