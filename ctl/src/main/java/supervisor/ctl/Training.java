package supervisor.ctl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import supervisor.rpc.XmlRpcCodec;

/**
 * supervisorctl's usual paths, run once without a server while the launchers record the AOT
 * cache they start the client with (classes loaded and linked ahead of time: a client that lives
 * for a moment spends most of it loading classes). Prints nothing.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException, UsageException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Path conf = Files.createTempFile("supervisorctl-training", ".conf");
        try {
            Files.writeString(conf, "[supervisorctl]\nserverurl=unix://%(here)s/nonexistent.sock\nprompt=training\n");
            ClientOptions options = ClientOptions.realize("supervisorctl", new String[] {"-c", conf.toString(), "status"});
            Controller ctl = new Controller(options, sink, new Input(sink));
            for (String line : List.of("help", "help status", "status", "start a", "stop a", "tail -f a", "avail", "pid a")) {
                ctl.onecmd(line);
            }
            // the answer side: a status table as it arrives and is printed
            Map<String, Object> info = Map.of("group", "g", "name", "a", "statename", "RUNNING", "state", 20,
                    "description", "pid 1, uptime 0:00:01", "pid", 1);
            ProcessCommands.showStatuses(ctl, Controller.structs(XmlRpcCodec.decodeResponse(
                    XmlRpcCodec.encodeResponse(List.of(info)))));
        } finally {
            Files.deleteIfExists(conf);
        }
    }
}
