package io.sparkport.cluster.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process kubelet's pod network: every pod gets a loopback address of its own (Linux answers on all of
 * 127.0.0.0/8), and one hosts file maps pod names, {@code <pod>.<subdomain>} (a StatefulSet pod under its
 * headless Service) and Service names, short or with {@code .<ns>.svc[.cluster.local]}, to those addresses.
 * Every JVM the kubelet starts reads that file ({@code -Djdk.net.hosts.file}), as pods read cluster DNS.
 */
final class PodNetwork {

    private final String namespace;
    private final Path hostsFile;
    private final int subnet;
    private final AtomicInteger next = new AtomicInteger(2);
    /** Host name to address. */
    private final Map<String, String> names = new TreeMap<>();

    /** @param subnet the second octet of the pods' addresses (127.subnet.x.y), one per kubelet */
    PodNetwork(String namespace, Path hostsFile, int subnet) {
        this.namespace = namespace;
        this.hostsFile = hostsFile;
        this.subnet = subnet;
        write();
    }

    Path hostsFile() {
        return hostsFile;
    }

    String allocate() {
        int n = next.getAndIncrement();
        return "127." + subnet + "." + (n / 250) + "." + (2 + n % 250);
    }

    /** A pod's names: its own, and under its subdomain when it has one. */
    synchronized void addPod(String pod, String subdomain, String ip) {
        names.put(pod, ip);
        if (subdomain != null) {
            forms(pod + "." + subdomain).forEach(n -> names.put(n, ip));
        }
        write();
    }

    synchronized void removePod(String pod, String subdomain) {
        names.remove(pod);
        if (subdomain != null) {
            forms(pod + "." + subdomain).forEach(names::remove);
        }
        write();
    }

    /** A Service with a cluster address: its names lead straight to the pod behind it (one pod per such Service). */
    synchronized void setService(String service, String ip) {
        List<String> forms = forms(service);
        if (ip == null) {
            forms.forEach(names::remove);
        } else {
            forms.forEach(n -> names.put(n, ip));
        }
        write();
    }

    private List<String> forms(String name) {
        return List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                name + "." + namespace + ".svc.cluster.local");
    }

    /** Written whole and moved into place: a JVM never reads half a file. */
    private void write() {
        StringBuilder text = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
        names.forEach((name, ip) -> text.append(ip).append(' ').append(name).append('\n'));
        try {
            Files.createDirectories(hostsFile.getParent());
            Path temp = hostsFile.resolveSibling(hostsFile.getFileName() + ".new");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, hostsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
