package io.sparkport.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkport.cluster.Admission.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    static final Candidate A = new Candidate("a", 1);
    static final Candidate B = new Candidate("b", 2);
    static final Candidate C = new Candidate("c", 1);

    @Test
    void admitsInQueueOrderWhileCoresLast() {
        assertEquals(List.of(A, B), Admission.admit(List.of(A, B, C), 3));
        assertEquals(List.of(A, B, C), Admission.admit(List.of(A, B, C), 4));
    }

    @Test
    void theHeadOfTheQueueIsNeverOvertaken() {
        assertEquals(List.of(A), Admission.admit(List.of(A, B, C), 2), "c fits but b is ahead of it");
        assertEquals(List.of(), Admission.admit(List.of(B, A), 1));
    }

    @Test
    void nothingStartsWithoutFreeCores() {
        assertEquals(List.of(), Admission.admit(List.of(A), 0));
        assertEquals(List.of(), Admission.admit(List.of(A), -2));
    }
}
