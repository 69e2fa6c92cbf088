// The lifecycle every integration suite shares, registered as mocha hooks by one call (useFixture):
// before the suite, the test hosts up and checked, a work dir, a stack with its config and generated
// passwords; after it, the deployed run's IoTDB logs kept, the stack destroyed, whatever the run left on
// the hosts removed, and the work dir deleted. Each step lives here once; a suite names what it needs.
import { Stack } from "@pulumi/pulumi/automation";
import { ensureTestHosts, testHost, whyTestHostDown } from "./testhosts";
import { makeWorkspace, fixtureWorkspace, openStack, generatePasswords, setSecretConfig, quiet, Workspace } from "./pulumiHarness";
import { requireNoIotdbRunning } from "./hostProbes";
import { Run, keepLogs, cleanupHosts, noteRunStack, sweepLeftoverRuns } from "./runOnHosts";

/** A value, or what makes it when the before hook runs (to read files then, not when mocha loads the suite). */
export type Lazy<T> = T | (() => T);
const made = <T>(value: Lazy<T>): T => (typeof value === "function" ? (value as () => T)() : value);

/** The suite's work dir: files of its own (a copy of the project's program first, with `project`), or a module of test/fixtures/. */
export type WorkspaceSpec =
    | { prefix: string; project?: boolean; files?: Lazy<Record<string, string>> }
    | { prefix: string; fixture: string };

/** The stack the suite works on, opened in its work dir. */
export interface StackSpec {
    name: string;
    /** Content of `stacks/Pulumi.<name>.yaml`, written before the stack is opened. */
    file?: Lazy<string>;
    /** Plain config values (`pulumi config set`). */
    config?: Record<string, string>;
    /** Secret config values, set through stdin before the passwords are generated. */
    secrets?: Record<string, string>;
    /** `npm run passwords -- <name>`: the passwords the stack lacks, generated as config secrets. */
    passwords?: boolean;
}

export interface FixtureOptions {
    /** Test hosts 1..hosts to bring up (scripts/hosts.sh) and check before anything connects to them. */
    hosts?: number;
    /** Refuse to start while an IoTDB (a `local` stack left up, say) runs on one of those hosts. */
    noIotdbRunning?: boolean;
    workspace?: WorkspaceSpec;
    /** Needs `workspace`. */
    stack?: StackSpec;
    /** Needs `hosts`. The run the suite deploys: its logs are kept before the destroy, and what it left on the hosts is removed after it. */
    run?: Run;
    /** Destroy the stack after the suite (default: when it deploys a `run`). */
    destroy?: boolean;
    /** A failed destroy fails the suite, unless "ignore" (a suite that leaves state for a machine it made vanish). */
    destroyErrors?: "fail" | "ignore";
    /** Runs first after the suite (e.g. a host a test cut off brought back). */
    beforeTeardown?: () => void;
    /** Leave everything deployed and the work dir in place after the suite (a debugging aid). */
    keepDeployed?: boolean;
}

/** What the before hook made; reading a part the suite did not ask for throws. */
export interface Fixture {
    readonly ws: Workspace;
    readonly stack: Stack;
}

/**
 * Registers the suite's before and after hooks (call it inside `describe`, before the suite's own
 * hooks, which then run after its before hook). `ready` gets the fixture once its before hook is done.
 */
export function useFixture(options: FixtureOptions, ready?: (fixture: Fixture) => void): void {
    if (options.run && !options.hosts) throw new Error("useFixture: a run needs its hosts (options.hosts)");
    if (options.stack && !options.workspace) throw new Error("useFixture: a stack needs a workspace");
    let ws: Workspace | undefined;
    let stack: Stack | undefined;
    const fixture: Fixture = {
        get ws() { return ws ?? notSetUp("workspace"); },
        get stack() { return stack ?? notSetUp("stack"); },
    };

    before(async () => {
        setUpHosts(options);
        if (options.workspace) ws = makeSuiteWorkspace(options.workspace, options.stack);
        if (options.stack) stack = await openSuiteStack(fixture.ws, options.stack);
        ready?.(fixture);
    });
    after(async () => {
        if (options.keepDeployed) return;
        try {
            options.beforeTeardown?.();
            if (options.run) keepLogs(options.run, hostIndexes(options)); // destroy removes the install dir, logs included
            if (stack && (options.destroy ?? options.run !== undefined)) await destroyStack(stack, options.destroyErrors ?? "fail");
        } finally {
            try {
                if (options.run) cleanupRun(options.run, options.stack?.name ?? "", hostIndexes(options));
            } finally {
                ws?.cleanup();
            }
        }
    });
}

function notSetUp(what: string): never {
    throw new Error(`the fixture has no ${what}: name it in useFixture's options (or read it after the before hook)`);
}

const hostIndexes = (options: FixtureOptions): number[] => Array.from({ length: options.hosts ?? 0 }, (_, k) => k + 1);

function setUpHosts(options: FixtureOptions): void {
    if (!options.hosts) return;
    ensureTestHosts(options.hosts);
    if (options.run && options.stack) noteRunStack(options.run, options.stack.name);
    sweepLeftoverRuns(hostIndexes(options));
    if (options.noIotdbRunning) for (const i of hostIndexes(options)) requireNoIotdbRunning(i);
}

function makeSuiteWorkspace(spec: WorkspaceSpec, stack: StackSpec | undefined): Workspace {
    const ws = "fixture" in spec ? fixtureWorkspace(spec.prefix, spec.fixture) : makeWorkspace(spec.prefix, made(spec.files ?? {}), spec.project ?? false);
    if (stack?.file !== undefined) ws.writeFile(`stacks/Pulumi.${stack.name}.yaml`, made(stack.file));
    return ws;
}

async function openSuiteStack(ws: Workspace, spec: StackSpec): Promise<Stack> {
    const stack = await openStack(ws, spec.name);
    if (spec.config) {
        await stack.setAllConfig(Object.fromEntries(Object.entries(spec.config).map(([k, value]) => [k, { value }])));
    }
    for (const [key, value] of Object.entries(spec.secrets ?? {})) setSecretConfig(ws, spec.name, key, value);
    if (spec.passwords) generatePasswords(ws, spec.name);
    return stack;
}

async function destroyStack(stack: Stack, errors: "fail" | "ignore"): Promise<void> {
    try {
        await stack.destroy(quiet);
    } catch (e) {
        if (errors === "fail") throw e;
        // the suite may have left state for a machine it made vanish; the cleanup of the run follows
    }
}

/** cleanupHosts on every host still there; a host gone is reported once the others are clean. */
function cleanupRun(run: Run, stackName: string, indexes: number[]): void {
    const whyDown = new Map(indexes.map((i) => [i, whyTestHostDown(testHost(i).address)]));
    cleanupHosts(run, stackName, indexes.filter((i) => whyDown.get(i) === undefined));
    const down = [...whyDown.values()].filter((why) => why !== undefined);
    if (down.length > 0) throw new Error(`run ${run.id} not removed from every test host: ${down.join("; ")}`);
}
