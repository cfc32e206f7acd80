package supervisor.ctl;

import java.io.IOException;
import java.net.ConnectException;
import supervisor.python.PyStr;
import supervisor.rpc.HttpStatusException;
import supervisor.rpc.RpcFault;

/**
 * The one-line report 4.2.5 prints for an error no command handles:
 * {@code error: <class 'T'>, TEXT: file: F line: N}. Scripts and people match on these lines, so
 * they are written as 4.2.5 on Debian (Python 3.11) writes them, including the place in Python's
 * source where the error arose: the Python exception class that corresponds to ours, its text,
 * and the file and line of the innermost frame of its traceback.
 */
final class PythonError {
    private static final String XMLRPC_CLIENT = "/usr/lib/python3.11/xmlrpc/client.py";
    private static final String SOCKET = "/usr/lib/python3.11/socket.py";
    private static final String SUPERVISOR = "/usr/lib/python3/dist-packages/supervisor/";

    private PythonError() {
    }

    /** An answer a command does not know (Python's ValueError raised by the result formatters). */
    static final class UnknownResult extends RuntimeException {
        final int line;

        UnknownResult(int code, String name, int line) {
            super("Unknown result code " + code + " for " + name, null, false, false);
            this.line = line;
        }
    }

    /** Python's str() of a Fault, as {@code fg} prints it. */
    static String faultText(RpcFault f) {
        return "<Fault " + f.faultCode() + ": " + PyStr.repr(f.getMessage()) + ">";
    }

    static String line(Throwable e, String serverurl) {
        return switch (e) {
            case RpcFault f -> format("xmlrpc.client.Fault", faultText(f),
                    XMLRPC_CLIENT, 668);
            case HttpStatusException h -> format("xmlrpc.client.ProtocolError",
                    "<ProtocolError for 127.0.0.1/RPC2: " + h.status() + " " + h.reason() + ">", SUPERVISOR + "xmlrpc.py", 539);
            case DaemonCommands.EndOfInput eof -> format("EOFError", eof.getMessage(), SUPERVISOR + "supervisorctl.py",
                    eof.pythonLine);
            case UnknownResult u -> format("ValueError", u.getMessage(), SUPERVISOR + "supervisorctl.py", u.line);
            case IOException io when Errno.of(io) == Errno.ECONNREFUSED -> format("ConnectionRefusedError",
                    "[Errno 111] Connection refused", serverurl.startsWith("unix://") ? SUPERVISOR + "xmlrpc.py" : SOCKET,
                    serverurl.startsWith("unix://") ? 557 : 836);
            case IOException io when Errno.of(io) == Errno.ENOENT -> format("FileNotFoundError",
                    "[Errno 2] No such file or directory", SUPERVISOR + "xmlrpc.py", 557);
            default -> format(e.getClass().getName(), String.valueOf(e.getMessage()), "<java>", 0);
        };
    }

    private static String format(String type, String text, String file, int line) {
        return "error: <class '" + type + "'>, " + text + ": file: " + file + " line: " + line;
    }

    /** The socket errors supervisorctl tells apart. */
    enum Errno {
        ECONNREFUSED, ENOENT, OTHER;

        static Errno of(IOException e) {
            String message = String.valueOf(e.getMessage());
            if (e instanceof ConnectException && message.contains("refused") || message.contains("Connection refused")) {
                return ECONNREFUSED;
            }
            if (message.contains("No such file")) {
                return ENOENT;
            }
            return OTHER;
        }
    }
}
