package supervisor.rpc;

import java.util.Optional;

/** supervisord's fault codes (xmlrpc.py {@code Faults}); the name is the faultString prefix. */
public enum FaultCode {
    UNKNOWN_METHOD(1),
    INCORRECT_PARAMETERS(2),
    BAD_ARGUMENTS(3),
    SIGNATURE_UNSUPPORTED(4),
    SHUTDOWN_STATE(6),
    BAD_NAME(10),
    BAD_SIGNAL(11),
    NO_FILE(20),
    NOT_EXECUTABLE(21),
    FAILED(30),
    ABNORMAL_TERMINATION(40),
    SPAWN_ERROR(50),
    ALREADY_STARTED(60),
    NOT_RUNNING(70),
    SUCCESS(80),
    ALREADY_ADDED(90),
    STILL_RUNNING(91),
    CANT_REREAD(92);

    public final int code;

    FaultCode(int code) {
        this.code = code;
    }

    /** The fault with this numeric code, if supervisord defines one. */
    public static Optional<FaultCode> fromCode(int code) {
        for (FaultCode f : values()) {
            if (f.code == code) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
