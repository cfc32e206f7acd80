package supervisor.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import supervisor.testing.Poll;

/** Who gets room in the shared budget of request bodies, in which order, and who is refused. */
class BodyBudgetTest {
    private static final long MIB = 1024 * 1024;
    private static final long SMALL = BodyBudget.SMALL;

    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("budget-test", true);
    /** What happened, in order: "+name" when a body got room, "-name" when it was refused. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        scheduler.start();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.stop();
    }

    private void take(BodyBudget budget, String name, long bytes) {
        budget.take(bytes, scheduler, Runnable::run, () -> events.add("+" + name), () -> events.add("-" + name));
    }

    /** 3 MiB, 1 MiB of it for small bodies only; waits end long after any test does. */
    private static BodyBudget budget() {
        return new BodyBudget(3 * MIB, MIB, Duration.ofMinutes(5));
    }

    @Test
    void bodiesThatFitGetRoomAtOnceAndWaitersGetItInTheirOrder() {
        BodyBudget budget = budget();
        take(budget, "a", 2 * MIB);
        take(budget, "b", MIB);
        take(budget, "c", MIB / 2);
        assertEquals(List.of("+a"), events);
        budget.give(2 * MIB);
        assertEquals(List.of("+a", "+b", "+c"), events);
        assertEquals(MIB + MIB / 2, budget.taken());
    }

    @Test
    void smallBodiesPassABigOneThatWaitsButBigOnesDoNot() {
        BodyBudget budget = budget();
        take(budget, "big1", 2 * MIB);
        take(budget, "big2", 2 * MIB);
        take(budget, "big3", MIB / 4);
        take(budget, "small", SMALL);
        assertEquals(List.of("+big1", "+small"), events);
        budget.give(2 * MIB);
        assertEquals(List.of("+big1", "+small", "+big2"), events);
        budget.give(2 * MIB);
        assertEquals(List.of("+big1", "+small", "+big2", "+big3"), events);
    }

    /** Big bodies whose clients stopped sending cannot lock supervisorctl out. */
    @Test
    void bigBodiesCannotTakeTheSmallBodiesReserve() {
        BodyBudget budget = budget();
        take(budget, "big1", MIB);
        take(budget, "big2", MIB);
        take(budget, "big3", MIB);
        for (int i = 0; i < 16; i++)
            take(budget, "small" + i, SMALL);
        assertEquals(18, events.size());
        assertEquals(List.of("+big1", "+big2"), events.subList(0, 2));
        assertEquals(0, events.stream().filter(e -> e.equals("+big3")).count());
        take(budget, "oneTooMany", 1);
        assertEquals(18, events.size());
    }

    @Test
    void aBodyWhoseWaitEndsIsRefusedAndLetsThoseBehindItIn() {
        BodyBudget budget = new BodyBudget(3 * MIB, MIB, Duration.ofMillis(200));
        take(budget, "held", 2 * MIB);
        take(budget, "tooBig", 2 * MIB);
        budget.give(2 * MIB - MIB / 2); // what remains held: half a MiB
        take(budget, "later", MIB);
        assertEquals(List.of("+held"), events);
        Poll.until(Duration.ofSeconds(30), "the waits to end", () -> events.size() == 3);
        // "later" fits once "tooBig" stops standing in front of it
        assertEquals(List.of("+held", "-tooBig", "+later"), events);
        assertEquals(MIB / 2 + MIB, budget.taken());
    }

    @Test
    void aBodyThatCouldNeverFitIsRefusedAtOnce() {
        BodyBudget budget = budget();
        take(budget, "huge", 2 * MIB + 1);
        assertEquals(List.of("-huge"), events);
        assertEquals(0, budget.taken());
    }
}
