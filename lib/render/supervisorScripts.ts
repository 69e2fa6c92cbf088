/**
 * Supervision of IoTDB's roles (issue 15, "nodes that come back alone"): a loop per role
 * (sh/supervisor.sh) that starts the role again when its process is gone, unless it was stopped on
 * purpose, and what starts that loop at boot: a systemd unit where systemd runs the host
 * (`/run/systemd/system` exists), otherwise a line of `/etc/rc.local` (sysvinit, OpenRC's local
 * service and systemd's rc-local.service run it; so does the test hosts' init, scripts/lib/testhost-init.sh).
 * The start step sets it up once the role is Running (sh/supervision.sh, in startScript); the stop step
 * takes it away first (stopScript), so a destroy, a replacement, a rebuild or a ConfigNode restart
 * never races it.
 *
 * IoTDB 2.0.10's own tools/ops/daemon-{confignode,datanode}.sh are not used: they ask questions on
 * stdin, need systemd, and their unit does not restart a node killed by SIGKILL
 * (RestartPreventExitStatus=SIGKILL).
 */
import * as path from "path";
import { renderScript, ShellInput } from "./template";
import { IOTDB_FLUSHER_PATH, FLUSHER_LOG } from "../plan/layout";

/** Where a host keeps its supervisor's script, pid files, logs and `<role>.stopped` markers. */
export function supervisorDir(installDir: string): string {
    return `${installDir}/supervisor`;
}

/** The host files supervision touches: the defaults, or a test's own. */
export interface SupervisorHostPaths {
    /** The boot script a host without systemd runs (default /etc/rc.local). */
    bootFile?: string;
    /** Where units go when systemd runs the host (default /etc/systemd/system). */
    unitDir?: string;
    /** What exists when systemd runs the host (default /run/systemd/system, sd_booted's test). */
    systemdMarker?: string;
}

/** What the start step needs to supervise a role. */
export interface SupervisionParams {
    /** The node's data directory: the DataNode's system.properties in it tells a removed DataNode (gone) from a crashed one. */
    dataDir: string;
    /** Test overrides of the host's files. */
    hostPaths?: SupervisorHostPaths;
}

/** The supervisor loop's script for an IoTDB home (written to the host by the start step). */
export function supervisorDaemonScript(home: string, dataDir: string): string {
    return renderScript("iotdb-supervisor", {
        home,
        sup_dir: supervisorDir(path.posix.dirname(home)),
        dn_guard: `${dataDir}/datanode/system/system.properties`,
        flusher_rel: IOTDB_FLUSHER_PATH,
        flusher_log_rel: FLUSHER_LOG,
    }, ["roles", "launch", "flusher", "supervisor"]);
}

/**
 * The inputs of sh/supervision.sh in a script on `home` (`<installDir>/apache-iotdb-<version>`):
 * supervising when `params` is given, taking any supervision away otherwise.
 */
export function supervisionInputs(home: string, params: SupervisionParams | undefined, hostPaths?: SupervisorHostPaths): Record<string, ShellInput> {
    const paths = params?.hostPaths ?? hostPaths ?? {};
    const inputs: Record<string, ShellInput> = {
        supervise: params ? 1 : 0,
        sup_dir: supervisorDir(path.posix.dirname(home)),
        sup_text: params ? supervisorDaemonScript(home, params.dataDir) : "",
        boot_file: paths.bootFile ?? "/etc/rc.local",
        unit_dir: paths.unitDir ?? "/etc/systemd/system",
        systemd_marker: paths.systemdMarker ?? "/run/systemd/system",
    };
    return inputs;
}
