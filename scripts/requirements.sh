# Sourced by .ci/run and scripts/test: what the full test run needs on the machine, as Debian
# packages. Each line: a command the suites run, the package that brings it, and who needs it.
# .ci/run installs what is missing; scripts/test stops at once naming it.

requirements() {
    cat <<'TABLE'
supervisord       supervisor      the reference daemon every differential suite compares against
supervisorctl     supervisor      the reference client the compatibility suites drive
python3           python3         xmlrpc.client and childutils, the real Python clients
mvn               maven           the build
dockerd           docker.io       the private engine of the container suites (scripts/dockerd.sh)
docker            docker.io       the container suites' client
debootstrap       debootstrap     the offline client image and our image's base
setsid            util-linux      daemons started in sessions of their own
unshare           util-linux      FaultsHostTest's private tmpfs
prlimit           util-linux      SupervisorConf's open-files limit
systemd-analyze   systemd         SystemdHostTest checks the shipped unit file
promtool          prometheus      MetricsHostTest checks the /metrics output
prometheus        prometheus      FleetHostTest's Prometheus server scrapes a fleet
ansible-playbook  ansible         FleetHostTest's rolling restart (community.general.supervisorctl)
prometheus-node-exporter prometheus-node-exporter FleetHostTest: its supervisord collector
ip                iproute2        FleetHostTest's hosts: network namespaces and veth pairs
chromium          chromium        WebUiBrowserTest: the web UI in a real browser
chromedriver      chromium-driver WebUiBrowserTest drives the browser through WebDriver
dpkg-deb          dpkg            DebPackageContainerTest makes the upgrade it installs (a newer version)
TABLE
}

# Prints the packages whose commands are missing, one per line, each once.
missing_packages() {
    requirements | while read -r command package _; do
        command -v "$command" >/dev/null 2>&1 || echo "$package"
    done | sort -u
}
