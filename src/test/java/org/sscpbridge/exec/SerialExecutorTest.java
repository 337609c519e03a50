package org.sscpbridge.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ManualExecutor pool = new ManualExecutor();
    private final List<Integer> ran = new ArrayList<>();

    @Test
    void offerRefusesBeyondTheBoundExecuteDoesNotAndRoomComesBackOnceDrained() {
        SerialExecutor serial = new SerialExecutor(pool, "phone X", 3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertTrue(serial.offer(() -> ran.add(n)));
        }
        assertFalse(serial.offer(() -> ran.add(99)), "the 4th waiting task is refused");
        serial.execute(() -> ran.add(3)); // the owner's own follow-up is always taken
        assertEquals(4, serial.queued());
        pool.runAll();
        assertEquals(List.of(0, 1, 2, 3), ran, "in order, the refused one never ran");
        assertTrue(serial.offer(() -> ran.add(4)), "room again");
        pool.runAll();
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
    }

    @Test
    void aFailingTaskIsCountedAndTheNextRuns() {
        SerialExecutor serial = new SerialExecutor(pool, "phone X", 3);
        long before = SerialExecutor.failures();
        serial.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        serial.execute(() -> ran.add(1));
        pool.runAll();
        assertEquals(before + 1, SerialExecutor.failures());
        assertEquals(List.of(1), ran);
    }

    @Test
    void aPoolThatRefusesLeavesTheQueueUsable() {
        boolean[] refuse = {true};
        Executor refusing = task -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("busy");
            }
            pool.execute(task);
        };
        SerialExecutor serial = new SerialExecutor(refusing, "history X", 3);
        assertFalse(serial.offer(() -> ran.add(1)));
        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> ran.add(2)));
        assertEquals(0, serial.queued());
        refuse[0] = false;
        assertTrue(serial.offer(() -> ran.add(3)), "not stuck waiting for a drain that never came");
        pool.runAll();
        assertEquals(List.of(3), ran);
    }
}
