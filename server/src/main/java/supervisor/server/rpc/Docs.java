package supervisor.server.rpc;

/**
 * The help text of each supervisor.* method. system.methodSignature derives the signatures
 * from the @param and @return lines, so those lines must list the types in order.
 */
final class Docs {
    private Docs() {
    }

    static final String GET_API_VERSION = "\n        Return the version of the RPC API used by supervisord\n\n        @return string version  version id\n";
    static final String GET_SUPERVISOR_VERSION = "\n        Return the version of the supervisor package in use by supervisord\n\n        @return string version  version id\n";
    static final String GET_IDENTIFICATION = "\n        Return the identifier string of this supervisord ([supervisord] identifier)\n\n        @return string identifier  identifying string\n";
    static final String GET_STATE = "\n        Return the current state of supervisord as a struct\n\n        @return struct  {statecode: int, statename: string}\n";
    static final String GET_PID = "\n        Return the process id of supervisord\n\n        @return int  the process id\n";
    static final String READ_LOG = "\n        Read length bytes from the main log starting at offset\n\n        @param int offset  offset to start reading from\n        @param int length  number of bytes to read (0: to the end)\n        @return string result  bytes of the log\n";
    static final String CLEAR_LOG = "\n        Clear the main log\n\n        @return boolean result  always true unless error\n";
    static final String SHUTDOWN = "\n        Shut down the supervisor process\n\n        @return boolean result  always true unless error\n";
    static final String RESTART = "\n        Restart the supervisor process\n\n        @return boolean result  always true unless error\n";
    static final String RELOAD_CONFIG = "\n        Reload the configuration and report what differs from the running groups\n\n        @return array result  [[added, changed, removed]]\n";
    static final String ADD_PROCESS_GROUP = "\n        Activate a process group that is in the loaded configuration\n\n        @param string name  name of the process group to add\n        @return boolean result  true if successful\n";
    static final String REMOVE_PROCESS_GROUP = "\n        Remove a stopped process group from the active ones\n\n        @param string name  name of the process group to remove\n        @return boolean result  true if successful\n";
    static final String GET_ALL_CONFIG_INFO = "\n        Return information about every configured process, groups flattened\n\n        @return array result  an array of process config structs\n";
    static final String GET_PROCESS_INFO = "\n        Return information about one process\n\n        @param string name  the process name (or 'group:name')\n        @return struct result  a struct of process data\n";
    static final String GET_ALL_PROCESS_INFO = "\n        Return information about every process\n\n        @return array result  an array of process status structs\n";
    static final String START_PROCESS = "\n        Start a process\n\n        @param string name  process name (or 'group:name', or 'group:*')\n        @param boolean wait  wait for the process to be fully started\n        @return boolean result  always true unless error\n";
    static final String START_PROCESS_GROUP = "\n        Start every process of a group\n\n        @param string name  the group name\n        @param boolean wait  wait for each process to be fully started\n        @return array result  an array of process status structs\n";
    static final String START_ALL_PROCESSES = "\n        Start every process of the configuration\n\n        @param boolean wait  wait for each process to be fully started\n        @return array result  an array of process status structs\n";
    static final String STOP_PROCESS = "\n        Stop a process\n\n        @param string name  process name (or 'group:name', or 'group:*')\n        @param boolean wait  wait for the process to be fully stopped\n        @return boolean result  always true unless error\n";
    static final String STOP_PROCESS_GROUP = "\n        Stop every process of a group\n\n        @param string name  the group name\n        @param boolean wait  wait for each process to be fully stopped\n        @return array result  an array of process status structs\n";
    static final String STOP_ALL_PROCESSES = "\n        Stop every process\n\n        @param boolean wait  wait for each process to be fully stopped\n        @return array result  an array of process status structs\n";
    static final String SIGNAL_PROCESS = "\n        Send a UNIX signal to a process\n\n        @param string name  process name (or 'group:name')\n        @param string signal  signal name ('HUP') or number ('1')\n        @return boolean result  always true unless error\n";
    static final String SIGNAL_PROCESS_GROUP = "\n        Send a UNIX signal to every process of a group\n\n        @param string name  the group name\n        @param string signal  signal name ('HUP') or number ('1')\n        @return array result  an array of process status structs\n";
    static final String SIGNAL_ALL_PROCESSES = "\n        Send a UNIX signal to every process\n\n        @param string signal  signal name ('HUP') or number ('1')\n        @return array result  an array of process status structs\n";
    static final String SEND_PROCESS_STDIN = "\n        Write characters to the stdin of a process\n\n        @param string name  the process name\n        @param string chars  the characters to send\n        @return boolean result  always true unless error\n";
    static final String SEND_REMOTE_COMM_EVENT = "\n        Emit a REMOTE_COMMUNICATION event to the listeners that subscribe to it\n\n        @param string type  the type key of the event\n        @param string data  the event body\n        @return boolean result  always true unless error\n";
    static final String READ_PROCESS_STDOUT_LOG = "\n        Read bytes of a process's stdout log\n\n        @param string name  the process name\n        @param int offset  offset to start reading from\n        @param int length  number of bytes to read\n        @return string result  bytes of the log\n";
    static final String READ_PROCESS_STDERR_LOG = "\n        Read bytes of a process's stderr log\n\n        @param string name  the process name\n        @param int offset  offset to start reading from\n        @param int length  number of bytes to read\n        @return string result  bytes of the log\n";
    static final String TAIL_PROCESS_STDOUT_LOG = "\n        Tail a process's stdout log: the last bytes up to length, the next offset, and whether bytes were skipped\n\n        @param string name  the process name\n        @param int offset  offset to start reading from\n        @param int length  maximum number of bytes to return\n        @return array result  [string bytes, int offset, bool overflow]\n";
    static final String TAIL_PROCESS_STDERR_LOG = "\n        Tail a process's stderr log: the last bytes up to length, the next offset, and whether bytes were skipped\n\n        @param string name  the process name\n        @param int offset  offset to start reading from\n        @param int length  maximum number of bytes to return\n        @return array result  [string bytes, int offset, bool overflow]\n";
    static final String CLEAR_PROCESS_LOGS = "\n        Clear the stdout and stderr logs of a process and reopen them\n\n        @param string name  the process name\n        @return boolean result  always true unless error\n";
    static final String CLEAR_ALL_PROCESS_LOGS = "\n        Clear the logs of every process\n\n        @return array result  an array of process status structs\n";
}
