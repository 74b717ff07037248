package io.sparkport.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure decision: which queued jobs start now. Jobs come in queue order (priority, then arrival); the
 * head of the queue must fit before anything behind it starts, so a large job is never starved by
 * small ones slipping past it.
 */
public final class Admission {

    /** A queued job as admission sees it. */
    public record Candidate(String jobId, int cores) {
    }

    private Admission() {
    }

    public static List<Candidate> admit(List<Candidate> queueInOrder, int freeCores) {
        List<Candidate> admitted = new ArrayList<>();
        int free = freeCores;
        for (Candidate c : queueInOrder) {
            if (c.cores() > free) {
                break;
            }
            admitted.add(c);
            free -= c.cores();
        }
        return admitted;
    }
}
