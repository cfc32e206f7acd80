package supervisor.compat;

import java.util.ArrayList;
import java.util.List;

/** The normalised record of every client step of one scenario run: what two implementations must share. */
public final class Transcript {

    private final List<String> steps = new ArrayList<>();

    void add(String step) {
        steps.add(step);
    }

    public String text() {
        return String.join("\n", steps);
    }

    @Override
    public String toString() {
        return text();
    }
}
