package supervisor.process;

/** Told of every process state change, on the loop thread (events hook in here). */
public interface ProcessStateListener {
    void stateChanged(Subprocess process, ProcessState from, ProcessState to);

    /** The supervisor began its ordered stop (shutdown or restart). */
    default void supervisorStopping() {
    }
}
