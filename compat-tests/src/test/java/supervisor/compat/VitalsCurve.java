package supervisor.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The daemon's {@link Vitals} sampled along a long run, each at a count of what the run has
 * done so far (cycles, calls). The first sample is the warm-up; a leak shows as growth from the
 * first sample after it to the last. The allowances are what noise can account for (a pool
 * thread more or less, a few buffers): a leak of one descriptor or thread per cycle, or of a few
 * hundred bytes per cycle, is far beyond them over thousands of cycles.
 */
final class VitalsCurve {

    private record Sample(long at, Vitals vitals) {
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(long at, Vitals vitals) {
        samples.add(new Sample(at, vitals));
    }

    /** Fails when a measure grew by more than its allowance between the first sample after warm-up and the last. */
    void assertFlat(String run, long fdAllowance, long threadAllowance, long heapAllowanceBytes) {
        if (samples.size() < 3) {
            throw new AssertionError(run + ": too few samples to judge: " + this);
        }
        List<String> grew = new ArrayList<>();
        check(grew, "open fds", Vitals::fds, fdAllowance);
        check(grew, "threads", Vitals::threads, threadAllowance);
        check(grew, "heap bytes after a full GC", Vitals::heapAfterGcBytes, heapAllowanceBytes);
        if (!grew.isEmpty()) {
            throw new AssertionError(run + ": " + String.join("; ", grew) + "\n" + this);
        }
    }

    private void check(List<String> grew, String what, ToLongFunction<Vitals> measure, long allowance) {
        long first = measure.applyAsLong(samples.get(1).vitals());
        long last = measure.applyAsLong(samples.getLast().vitals());
        if (last - first > allowance) {
            grew.add(what + " grew from " + first + " to " + last + " (allowed: " + allowance + " more)");
        }
    }

    /** First (after warm-up) and last value of each measure, e.g. "fds=28..28 threads=20..20 heapAfterGC=5.0..5.1MB". */
    String summary() {
        Vitals first = samples.get(Math.min(1, samples.size() - 1)).vitals();
        Vitals last = samples.getLast().vitals();
        return "fds=" + first.fds() + ".." + last.fds() + " threads=" + first.threads() + ".." + last.threads()
                + " heapAfterGC=" + mb(first.heapAfterGcBytes()) + ".." + mb(last.heapAfterGcBytes()) + "MB";
    }

    /** Every sample, the warm-up first: "at:fds/threads/heapMB". */
    @Override
    public String toString() {
        return "curve=[" + String.join(" ", samples.stream().map(s -> s.at() + ":" + s.vitals().fds() + "/"
                + s.vitals().threads() + "/" + mb(s.vitals().heapAfterGcBytes()) + "MB").toList()) + "]";
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
    }
}
