package io.sparkport.cluster;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte streams to the SQL gateway that serves a pool's engine (JSON commands one way, JSON events the
 * other, one per line): the service's own child process locally, a TCP connection to the engine's pod on
 * Kubernetes. The protocol is the engine package's; a backend only opens the link.
 */
public interface SqlGatewayLink {

    InputStream events();

    OutputStream commands();

    boolean alive();

    /** How the link ended, once {@link #events()} has ended: an exit code, a closed connection. */
    String end();

    /** Closes the commands (the gateway then ends its sessions), then whatever remains after a grace period. */
    void close();
}
