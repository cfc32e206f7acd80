/**
 * supervisord.conf read as supervisord 4.2.5 reads it. {@link supervisor.config.ConfigLoader}
 * finds the file, reads it and its {@code [include]} files with RawConfigParser's rules
 * ({@code IniParser}) and hands each kind of section to its reader, in supervisord's order so
 * that the first error is supervisord's, with its message: {@code SupervisordReader} (the
 * command line's values laid over the file's), {@code RpcInterfacesReader},
 * {@code GroupsReader} with {@code ProgramReader}, and {@code HttpServersReader}. The result is
 * an immutable {@link supervisor.config.Config}.
 *
 * <p>Values follow supervisord's {@code datatypes.py} ({@link supervisor.config.Datatypes}, whose
 * checks the server's command line uses too), paths {@code os.path} and {@code glob}
 * ({@code PyPath}, {@code Glob}), users and groups the system's db
 * ({@link supervisor.config.UserDb}). The {@code environment_file} extension reads its files
 * with systemd's rules ({@code EnvironmentFile}), at load, like every other value.
 * {@link supervisor.config.MemberDiff} compares a running group's members with its fresh config
 * (update_scope=process). Depends on {@code supervisor.python} for Python's rules
 * and on {@code supervisor.posix} for signal names; knows nothing of processes, logs or HTTP.
 */
package supervisor.config;
