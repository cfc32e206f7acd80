package supervisor.ctl;

import java.io.IOException;

/** One supervisorctl command: does its work for the argument text after the command's name. */
@FunctionalInterface
interface Command {
    /** @return true when the shell should end (quit, exit, EOF) */
    boolean run(Controller ctl, String arg) throws IOException;
}
