package supervisor.process;

/** Resolves one command and prints the outcome; run as another user by ExecArgsTest. */
public final class ExecArgsProbe {

    private ExecArgsProbe() {
    }

    public static void main(String[] args) {
        try {
            ExecArgs resolved = ExecArgs.resolve(args[0], null);
            System.out.println("OK " + resolved.path());
        } catch (ExecArgs.Failure f) {
            System.out.println(f.kind() + " " + f.getMessage());
        }
    }
}
