package supervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

/**
 * Envelopes and payloads of every event kind, compared byte for byte with what the real
 * supervisor.events and EventListenerPool._eventEnvelope produce for the same inputs.
 */
class EnvelopeTest {
    /** Reads one case per line (tab-separated, byte data in hex) and prints the envelope in hex. */
    private static final String REFERENCE = """
            import sys, binascii
            from supervisor import events
            from supervisor.process import EventListenerPool
            from supervisor.states import ProcessStates
            class O: pass
            def proc(name, group, pid, backoff):
                p = O(); p.config = O(); p.config.name = name
                p.group = O(); p.group.config = O(); p.group.config.name = group
                p.pid = int(pid); p.backoff = int(backoff)
                return p
            pool = O(); pool.config = O(); pool.config.name = 'lis'
            pool.config.options = O(); pool.config.options.identifier = 'testsup'
            for line in sys.stdin.read().splitlines():
                f = line.split('\\t')
                k = f[0]
                if k == 'state':
                    to, name, group, frm, tries, expected, pid = f[1:]
                    cls = getattr(events.EventTypes, 'PROCESS_STATE_' + to)
                    ev = cls(proc(name, group, pid, tries), getattr(ProcessStates, frm), expected == '1')
                elif k in ('log', 'comm'):
                    ch, name, group, pid, data = f[1:]
                    cls = getattr(events.EventTypes, ('PROCESS_LOG_' if k == 'log' else 'PROCESS_COMMUNICATION_') + ch.upper())
                    ev = cls(proc(name, group, pid, 0), int(pid), binascii.unhexlify(data))
                elif k == 'remote':
                    ev = events.RemoteCommunicationEvent(f[1], binascii.unhexlify(f[2]).decode('utf-8'))
                elif k == 'running':
                    ev = events.SupervisorRunningEvent()
                elif k == 'stopping':
                    ev = events.SupervisorStoppingEvent()
                elif k == 'tick':
                    ev = getattr(events.EventTypes, 'TICK_' + f[1])(int(f[2]), None)
                elif k == 'added':
                    ev = events.ProcessGroupAddedEvent(f[1])
                elif k == 'removed':
                    ev = events.ProcessGroupRemovedEvent(f[1])
                env = EventListenerPool._eventEnvelope(pool, ev.__class__, 7, 3, ev.payload())
                print(binascii.hexlify(env.encode('utf-8')).decode())
            """;

    private final List<String> cases = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    private void add(String line, Event e) {
        cases.add(line);
        events.add(e);
    }

    private void state(String to, String from, int tries, boolean expected, int pid) {
        add(String.join("\t", "state", to, "web_01", "web", from, "" + tries, expected ? "1" : "0", "" + pid),
                Event.processState(to, "web_01", "web", from, tries, expected, pid));
    }

    private void output(String kind, String channel, byte[] data) {
        String line = String.join("\t", kind, channel, "app", "grp", "4321", ReferencePython.hex(data));
        add(line, kind.equals("log")
                ? Event.processLog(channel, "app", "grp", 4321, data)
                : Event.processCommunication(channel, "app", "grp", 4321, data));
    }

    @Test
    void everyKindMatchesTheReference() throws Exception {
        state("STARTING", "STOPPED", 0, true, 0);
        state("STARTING", "BACKOFF", 2, true, 0);
        state("BACKOFF", "STARTING", 3, true, 0);
        state("RUNNING", "STARTING", 0, true, 1234);
        state("STOPPING", "RUNNING", 0, true, 1234);
        state("STOPPED", "STOPPING", 0, true, 1234);
        state("STOPPED", "BACKOFF", 1, true, 0);
        state("EXITED", "RUNNING", 0, false, 1234);
        state("EXITED", "RUNNING", 0, true, 99);
        state("FATAL", "BACKOFF", 0, true, 0);
        state("UNKNOWN", "STOPPING", 0, true, 55);
        for (String ch : List.of("stdout", "stderr")) {
            output("log", ch, "hello\nworld é\n".getBytes(StandardCharsets.UTF_8));
            output("log", ch, new byte[] {'a', (byte) 0xff, '\n', '\'', '\\'});
            output("comm", ch, "<b>captured</b>\n".getBytes(StandardCharsets.UTF_8));
            output("comm", ch, new byte[] {(byte) 0xc3});
            output("comm", ch, new byte[0]);
        }
        add("remote\tmytype\t" + ReferencePython.hex("my data é"), Event.remoteCommunication("mytype", "my data é"));
        add("remote\tt\t" + ReferencePython.hex(""), Event.remoteCommunication("t", ""));
        add("running", Event.supervisorRunning());
        add("stopping", Event.supervisorStopping());
        add("tick\t5\t1795242670", Event.tick(5, 1795242670L));
        add("tick\t60\t1795242660", Event.tick(60, 1795242660L));
        add("tick\t3600\t1795240800", Event.tick(3600, 1795240800L));
        add("added\tlis", Event.groupAdded("lis"));
        add("removed\tother", Event.groupRemoved("other"));

        List<String> expected = ReferencePython.run(REFERENCE, String.join("\n", cases) + "\n").lines().toList();
        assertEquals(cases.size(), expected.size());
        for (int i = 0; i < cases.size(); i++) {
            Event e = events.get(i);
            e.assignSerial(7);
            String ours = Envelope.format("testsup", e, "lis", 3);
            String theirs = new String(ReferencePython.unhex(expected.get(i)), StandardCharsets.UTF_8);
            assertEquals(theirs, ours, "case " + cases.get(i));
        }
    }

    @Test
    void lenCountsCharactersNotBytes() {
        Event e = Event.remoteCommunication("mytype", "my data é");
        e.assignSerial(0);
        String env = Envelope.format("s", e, "p", 0);
        assertEquals("ver:3.0 server:s serial:0 pool:p poolserial:0 eventname:REMOTE_COMMUNICATION len:21\n"
                + "type:mytype\nmy data é", env);
        assertEquals(env.getBytes(StandardCharsets.UTF_8).length, Envelope.encode("s", e, "p", 0).length);
    }
}
